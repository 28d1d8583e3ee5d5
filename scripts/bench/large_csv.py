"""A large seeded CSV for timing what `data inspect`, `new` and `train` print while they read
it (trial20 #11: 57 MB, 120,000 rows, nothing printed for 110 s): ROWS rows of 30 numeric
columns (two decimals), 10 categorical ones (8–40 categories) and a binary label `churn`.

    large_csv.py FILE [ROWS]        (ROWS defaults to 180000: about 52 MB)
"""
import random
import sys


def main():
    path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 180_000
    rng = random.Random(20261202)
    numeric = [f"x{i}" for i in range(30)]
    categorical = [(f"c{i}", [f"v{i}_{k}" for k in range(8 + 4 * i)]) for i in range(10)]
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(numeric + [name for name, _ in categorical] + ["churn"]) + "\n")
        for _ in range(rows):
            values = [rng.gauss(0, 1) * 1000 for _ in numeric]
            cells = [f"{v:.2f}" for v in values]
            cells += [rng.choice(levels) for _, levels in categorical]
            cells.append("1" if values[0] + values[1] > 1200 else "0")
            out.write(",".join(cells) + "\n")


if __name__ == "__main__":
    main()
