"""The data sets of `make bench-scale`: seeded, written as CSV with a header row.

Three per size, each a training file and a held-out test file of a fifth as many rows:
  adult       Adult-like rows (binary): rows of research/data/adult/adult.data drawn with
              replacement, with noise on every numeric field and each categorical cell redrawn
              from its column's distribution with probability 0.15, so that no test row is a
              copy of a training row; 14 fields, label `income`.
  regression  20 fields (16 numeric, 4 categorical), a smooth non-linear target plus noise.
  multiclass  20 fields (16 numeric, 4 categorical), 5 classes from the largest of 5 noisy
              linear scores.
Missing values are empty cells (Adult's `?`, and 1% of the synthetic numeric cells).
Each folder gets a SHA256SUMS and a pipeline file per algorithm, as research/pipelines has.

    scale_data.py FOLDER ROWS [ROWS…]
"""
import csv
import hashlib
import os
import sys

import numpy as np

ADULT = os.path.join(os.path.dirname(__file__), "..", "..", "research", "data", "adult", "adult.data")
ADULT_COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
    "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
    "income",
]
ADULT_NUMERIC = {"age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"}
SEED = 20261201
REDRAW = 0.15
HYPERPARAMETERS = {
    "gradient_boosting": "max_iterations = 200\nlearning_rate = 0.1\nmax_leaf_nodes = 31\n"
                         "min_samples_leaf = 20\nearly_stopping_rounds = 0\n",
    "random_forest": "trees = 100\nmax_features = \"sqrt\"\nmin_samples_leaf = 20\nbootstrap = true\n",
    "extra_trees": "trees = 100\nmax_features = \"sqrt\"\nmin_samples_leaf = 20\nbootstrap = false\n",
}


def adult_source():
    """Adult's training rows as columns of strings (`?` as empty)."""
    with open(ADULT, newline="") as handle:
        rows = [[cell.strip() for cell in row] for row in csv.reader(handle) if len(row) == 15]
    return {name: np.array(["" if row[i] == "?" else row[i] for row in rows], dtype=object)
            for i, name in enumerate(ADULT_COLUMNS)}


def adult(rows, rng, source):
    """`rows` Adult-like rows, as {column: array of cell strings}."""
    picks = rng.integers(0, len(source["age"]), rows)
    out = {}
    for name in ADULT_COLUMNS:
        column = source[name][picks]
        if name == "income":
            out[name] = column
        elif name in ADULT_NUMERIC:
            values = column.astype(np.float64)
            if name == "age":
                values = np.clip(values + rng.integers(-2, 3, rows), 17, 90)
            elif name == "fnlwgt":
                values = np.round(values * rng.lognormal(0, 0.1, rows))
            elif name == "education-num":
                values = np.clip(values + rng.choice([-1, 0, 0, 0, 1], rows), 1, 16)
            elif name == "hours-per-week":
                values = np.clip(values + rng.integers(-3, 4, rows), 1, 99)
            else:  # capital gains and losses: mostly zero; jitter the others by up to 5%
                values = np.where(values > 0, np.round(values * rng.uniform(0.95, 1.05, rows)), 0)
            out[name] = values.astype(np.int64).astype(str).astype(object)
        else:
            redraw = rng.random(rows) < REDRAW
            column = column.copy()
            column[redraw] = source[name][rng.integers(0, len(source[name]), redraw.sum())]
            out[name] = column
    return out


def synthetic(rows, rng, task):
    """`rows` rows of the 20-field synthetic regression or multiclass set."""
    numeric = rng.normal(0, 1, (rows, 16))
    categories = rng.integers(0, 8, (rows, 4))
    effect = np.array([[-1.0, -0.5, 0, 0.3, 0.6, 1.0, 1.5, -1.5]])
    if task == "regression":
        signal = (np.sin(numeric[:, 0] * 2) + numeric[:, 1] ** 2 / 2 + numeric[:, 2] * numeric[:, 3]
                  + 0.5 * numeric[:, 4:8].sum(axis=1) + effect[0, categories[:, 0]] + 0.5 * effect[0, categories[:, 1]])
        label = (10 * (signal + rng.normal(0, 0.5, rows)) + 100).round(3).astype(str)
    else:
        weights = np.random.default_rng(7).normal(0, 1, (16, 5))
        scores = numeric @ weights + np.column_stack([effect[0, (categories[:, 0] + k) % 8] for k in range(5)])
        scores += rng.gumbel(0, 1, scores.shape)
        label = np.array(["abcde"[k] for k in range(5)], dtype=object)[np.argmax(scores, axis=1)]
    out = {}
    missing = rng.random((rows, 16)) < 0.01
    for j in range(16):
        cells = np.char.mod("%.6g", numeric[:, j]).astype(object)
        cells[missing[:, j]] = ""
        out[f"x{j:02d}"] = cells
    for j in range(4):
        out[f"c{j}"] = np.array([f"k{v}" for v in range(8)], dtype=object)[categories[:, j]]
    out["y"] = label
    return out


def write_csv(path, columns):
    names = list(columns)
    with open(path, "w", newline="") as handle:
        handle.write(",".join(names) + "\n")
        cells = [columns[name] for name in names]
        for start in range(0, len(cells[0]), 100_000):
            block = zip(*(column[start:start + 100_000] for column in cells))
            handle.write("".join(",".join(row) + "\n" for row in block))


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make(folder, name, rows, task, label):
    """Writes train.csv, test.csv, SHA256SUMS and a pipeline per algorithm into folder/name-rows
    (only the missing pipelines when the data is there already)."""
    path = os.path.join(folder, f"{name}-{rows}")
    if os.path.exists(os.path.join(path, "SHA256SUMS")):
        write_pipelines(path, name, task, label)
        return path
    os.makedirs(path, exist_ok=True)
    rng = np.random.default_rng([SEED, rows, len(name)])
    source = adult_source() if name == "adult" else None
    for file, count in (("train.csv", rows), ("test.csv", rows // 5)):
        columns = adult(count, rng, source) if source else synthetic(count, rng, task)
        write_csv(os.path.join(path, file), columns)
    write_pipelines(path, name, task, label)
    with open(os.path.join(path, "SHA256SUMS"), "w") as handle:
        for file in ("train.csv", "test.csv"):
            handle.write(f"{sha256(os.path.join(path, file))}  {file}\n")
    return path


def write_pipelines(path, name, task, label):
    """A pipeline per algorithm of HYPERPARAMETERS in folder `path`, unless it is there."""
    for algorithm, hyperparameters in HYPERPARAMETERS.items():
        pipeline = os.path.join(path, f"{algorithm}.toml")
        if os.path.exists(pipeline):
            continue
        with open(pipeline, "w") as handle:
            handle.write(f'endpoint = "scale_{name}"\nmodel = "{algorithm}"\nversion = "1.0.0"\n'
                         f'algorithm = "{algorithm}"\nseed = 42\n\n[data]\n'
                         f'training = "{path}/train.csv"\ntest = "{path}/test.csv"\nlabel = "{label}"\n'
                         f'task = "{task}"\n\n[hyperparameters]\n{hyperparameters}')


DATA_SETS = [("adult", "binary", "income"), ("regression", "regression", "y"), ("multiclass", "multiclass", "y")]

if __name__ == "__main__":
    folder = sys.argv[1]
    for rows in map(int, sys.argv[2:]):
        for name, task, label in DATA_SETS:
            print(make(folder, name, rows, task, label))
