"""The imported row of `make bench-train`: a model trained elsewhere served beside a native one of
similar size. LightGBM trains income_classifier's model on adult.data with 100 trees of up to
700 leaves (the native random forest of research/pipelines/income_random_forest.toml has 100 trees
of about 1,400 nodes) and max_bin 1023, so that fnlwgt is split at more than 253 thresholds and
the model file needs 16-bit bins (format 5). TrainingBenchmark converts it with the pipeline's
schema and times it as it times the native forest it trains: the file's size, the median of 200
loads, the median one-row prediction (a row as text, as predict.cgi gets it), the batch over
adult.test, and the ROC AUC there. Prints one table.

    imported_bench.py TRAININGBENCHMARK FOLDER
"""
import json
import os
import subprocess
import sys

import lightgbm
import pandas as pd

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
PIPELINE = "research/pipelines/income_random_forest.toml"
COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
    "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
    "income",
]


def adult_training():
    """adult.data as LightGBM takes it: numbers, categories ("?" missing), the label as 0/1."""
    frame = pd.read_csv(os.path.join(ROOT, "research/data/adult/adult.data"), header=None, names=COLUMNS,
                        skipinitialspace=True, comment="|", na_values=["?"], keep_default_na=False)
    y = (frame.pop("income").str.rstrip(".") == ">50K").astype(int)
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].astype("category")
    return frame, y


def measure(benchmark, *arguments):
    out = subprocess.run([benchmark, "--threads", "2", *arguments, PIPELINE], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)[0]


def main():
    benchmark, folder = sys.argv[1], sys.argv[2]
    x, y = adult_training()
    booster = lightgbm.train(
        {"objective": "binary", "max_bin": 1023, "num_leaves": 700, "min_data_in_leaf": 5, "learning_rate": 0.1,
         "num_threads": 2, "seed": 7, "deterministic": True, "verbosity": -1},
        lightgbm.Dataset(x, y, params={"max_bin": 1023}), num_boost_round=100)
    model = os.path.join(folder, "income_lightgbm.txt")
    booster.save_model(model)
    rows = [("native random forest", measure(benchmark)),
            (f"imported LightGBM {lightgbm.__version__}", measure(benchmark, "--imported", model))]
    print(f"{'model (income_classifier)':<28} {'trees':>5} {'nodes':>7} {'widest bins':>11} {'bytes':>9} "
          f"{'load ms':>7} {'one-row µs':>10} {'batch s':>7} {'ROC AUC':>7}")
    for name, r in rows:
        print(f"{name:<28} {r['trees']:>5} {r['nodes']:>7} {r.get('widest_field_bins', '≤ 255'):>11} "
              f"{r['bytes']:>9} {float(r['load_ms']):>7.2f} {float(r['single_us']):>10.1f} "
              f"{float(r['batch_s']):>7.2f} {float(r['auc']):>7.4f}")


if __name__ == "__main__":
    main()
