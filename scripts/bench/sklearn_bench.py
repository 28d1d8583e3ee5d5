"""scikit-learn's side of scripts/bench-train, and the comparison table.

Reads the Adult files like the Django REST service modelpress replaces (mode imputation of '?',
label-encoded categoricals), trains RandomForest and ExtraTrees (100 trees, n_jobs=2) and
HistGradientBoosting, measures what Benchmarks/TrainingBenchmark measures, and prints one table
next to modelpress's numbers (a JSON file given as the first argument).
"""
import json
import os
import pickle
import statistics
import sys
import tempfile
import time

import joblib
import numpy as np
from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score

FIELDS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
          "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country"]
CATEGORICAL = {"workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
               "native-country"}


def read(path):
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("|"):
                continue
            cells = [cell.strip() for cell in line.split(",")]
            rows.append(cells)
    return rows


class Encoder:
    """Mode imputation and label codes fitted on the training rows (what that service does)."""

    def __init__(self, rows):
        self.codes = {}
        self.modes = {}
        for j, name in enumerate(FIELDS):
            values = [r[j] for r in rows if r[j] != "?"]
            if name in CATEGORICAL:
                self.modes[j] = max(set(values), key=values.count)
                self.codes[j] = {v: i for i, v in enumerate(sorted(set(values)))}
            else:
                self.modes[j] = statistics.mode(values)

    def row(self, cells):
        out = []
        for j, name in enumerate(FIELDS):
            value = cells[j] if cells[j] != "?" else self.modes[j]
            if name in CATEGORICAL:
                out.append(self.codes[j].get(value, self.codes[j][self.modes[j]]))
            else:
                out.append(float(value))
        return out

    def matrix(self, rows):
        return np.array([self.row(r) for r in rows], dtype=np.float64)


def measure(name, model, x_train, y_train, x_test, y_test, encoder, text_rows):
    start = time.perf_counter()
    model.fit(x_train, y_train)
    fit = time.perf_counter() - start
    start = time.perf_counter()
    proba = model.predict_proba(x_test)[:, 1]
    batch = time.perf_counter() - start
    singles = []
    for i in range(200):
        start = time.perf_counter()
        model.predict_proba(np.array([encoder.row(text_rows[i])]))
        singles.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.joblib")
        joblib.dump(model, path)
        size = os.path.getsize(path)
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            joblib.load(path)
            loads.append(time.perf_counter() - start)
    return {
        "name": name, "fit_s": fit, "batch_s": batch, "single_us": statistics.median(singles) * 1e6,
        "bytes": size, "load_ms": statistics.median(loads) * 1e3,
        "accuracy": accuracy_score(y_test, proba > 0.5), "auc": roc_auc_score(y_test, proba),
        "log_loss": log_loss(y_test, np.clip(proba, 1e-15, 1 - 1e-15)),
    }


def main():
    ours = {r["name"]: {k: (float(v) if k not in ("name", "algorithm") else v) for k, v in r.items()}
            for r in json.load(open(sys.argv[1]))}
    folder = sys.argv[2] if len(sys.argv) > 2 else "research/data/adult"
    train = read(os.path.join(folder, "adult.data"))
    test = read(os.path.join(folder, "adult.test"))
    encoder = Encoder(train)
    x_train, x_test = encoder.matrix(train), encoder.matrix(test)
    y_train = np.array([1 if r[14].rstrip(".") == ">50K" else 0 for r in train])
    y_test = np.array([1 if r[14].rstrip(".") == ">50K" else 0 for r in test])
    theirs = {
        "random_forest": measure("RandomForestClassifier", RandomForestClassifier(
            n_estimators=100, n_jobs=2, random_state=42), x_train, y_train, x_test, y_test, encoder, test),
        "extra_trees": measure("ExtraTreesClassifier", ExtraTreesClassifier(
            n_estimators=100, n_jobs=2, random_state=42), x_train, y_train, x_test, y_test, encoder, test),
        "gradient_boosting": measure("HistGradientBoostingClassifier", HistGradientBoostingClassifier(
            random_state=42), x_train, y_train, x_test, y_test, encoder, test),
    }
    header = (f"{'model':<40}{'fit s':>8}{'batch s':>9}{'1-row µs':>10}{'size MB':>9}{'load ms':>9}"
              f"{'accuracy':>10}{'ROC AUC':>9}{'log loss':>10}")
    print(header)
    print("-" * len(header))
    for key in ["random_forest", "extra_trees", "gradient_boosting"]:
        if key not in ours:
            continue
        for label, r in ((f"modelpress {key}", ours[key]), (f"sklearn {theirs[key]['name']}", theirs[key])):
            print(f"{label:<40}{r['fit_s']:>8.3f}{r['batch_s']:>9.3f}{r['single_us']:>10.1f}"
                  f"{r['bytes'] / 1e6:>9.2f}{r['load_ms']:>9.3f}{r['accuracy']:>10.4f}{r['auc']:>9.4f}"
                  f"{r['log_loss']:>10.4f}")
        a, b = ours[key], theirs[key]
        print(f"{'  sklearn ÷ modelpress':<40}{b['fit_s'] / a['fit_s']:>7.1f}×{b['batch_s'] / a['batch_s']:>8.1f}×"
              f"{b['single_us'] / a['single_us']:>9.1f}×{b['bytes'] / a['bytes']:>8.1f}×"
              f"{b['load_ms'] / a['load_ms']:>8.1f}×{a['accuracy'] - b['accuracy']:>+10.4f}"
              f"{a['auc'] - b['auc']:>+9.4f}{a['log_loss'] - b['log_loss']:>+10.4f}")
    print("\nratios: how many times slower / larger scikit-learn is; metric columns: modelpress − sklearn.")


if __name__ == "__main__":
    main()
