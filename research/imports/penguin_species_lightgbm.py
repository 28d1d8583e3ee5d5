"""Trains research/imports/penguin_species_lightgbm.txt, the LightGBM model research/ ships as an
imported version (penguin_species/lightgbm@1.0.0; research/imports/penguin_species_lightgbm.toml
declares it), so the site shows a native and an imported version side by side.

It trains on the rows modelpress trains on: penguins.csv without the rows the pipeline's seeded
split holds out (DataSplit.rows: per class, a partial Fisher-Yates shuffle with SplitMix64), and
it checks that those are the rows the native versions held out (their training.json's
`test_lines_sha256`). Categories are the training values sorted by UTF-8 bytes, as modelpress
infers them, so LightGBM's pandas_categorical line names them in the schema's order.

    scripts/venv scripts/import/requirements.txt
    .venv/bin/python research/imports/penguin_species_lightgbm.py
"""
import csv
import hashlib
import json
import os

import lightgbm as lgb
import pandas as pd

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
DATA = os.path.join(ROOT, "research/data/penguins/penguins.csv")
NATIVE = os.path.join(ROOT, "research/artifacts/penguin_species/random_forest/1.0.0/training.json")
OUT = os.path.join(ROOT, "research/imports/penguin_species_lightgbm.txt")
MISSING = {"", "NA", "N/A", "?", "null"}
SEED, FRACTION = 42, 0.2
MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed, salt):
        h = 0xCBF29CE484222325
        for byte in salt.encode():
            h = ((h ^ byte) * 0x100000001B3) & MASK
        self.state = seed ^ h
        self.next()

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, bound):
        return (self.next() * bound) >> 64


def held_out(labels):
    """The rows modelpress holds out (DataSplit.rows), as a set of row numbers."""
    classes = sorted(set(labels), key=lambda s: s.encode())
    members = [[r for r, label in enumerate(labels) if label == c] for c in classes]
    generator = SplitMix64(SEED, "split")
    test = set()
    for group in members:
        if len(group) < 2:
            continue
        take = min(max(int(round_half_away(len(group) * FRACTION)), 1), len(group) - 1)
        for i in range(take):
            j = i + generator.below(len(group) - i)
            group[i], group[j] = group[j], group[i]
            test.add(group[i])
    return test


def round_half_away(x):
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def main():
    with open(DATA, newline="") as source:
        rows = list(csv.DictReader(source))
    labels = [row["species"] for row in rows]
    test = held_out(labels)
    # Data lines start at 2, after the header.
    lines = "".join(f"{r + 2}\n" for r in sorted(test))
    with open(NATIVE) as record:
        expected = json.load(record)["split"]["test_lines_sha256"]
    if hashlib.sha256(lines.encode()).hexdigest() != expected:
        raise SystemExit("the held-out rows differ from the native versions'; is the split the same?")
    frame = pd.DataFrame(rows).drop(columns=["year"])
    train = frame[[r not in test for r in range(len(frame))]]
    features = {}
    for column in [c for c in frame.columns if c != "species"]:
        cells = train[column].where(~train[column].isin(MISSING), None)
        if pd.to_numeric(cells.dropna(), errors="coerce").isna().any():
            categories = sorted(set(cells.dropna()), key=lambda s: s.encode())
            features[column] = pd.Categorical(cells, categories=categories)
        else:
            features[column] = pd.to_numeric(cells).astype(float)
    x = pd.DataFrame(features, index=train.index)
    classes = sorted(set(labels), key=lambda s: s.encode())
    y = train["species"].map({c: i for i, c in enumerate(classes)})
    parameters = {"objective": "multiclass", "num_class": len(classes), "num_leaves": 15, "learning_rate": 0.1,
                  "min_data_in_leaf": 5, "seed": SEED, "deterministic": True, "num_threads": 1, "verbosity": -1}
    booster = lgb.train(parameters, lgb.Dataset(x, y), num_boost_round=60)
    booster.save_model(OUT)
    print(f"wrote {OUT}: {booster.num_trees()} trees, trained on {len(train)} of {len(frame)} rows")


if __name__ == "__main__":
    main()
