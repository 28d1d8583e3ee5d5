"""The peers' half of `make bench-train`, and its table.

Reads what `TrainingBenchmark --splits FOLDER` wrote, one JSON file per shipped data set: the rows
(numbers, category codes, null for missing), the seeded 80/20 splits, and per algorithm
modelpress's fit seconds and test predictions on each split. Fits scikit-learn
(RandomForest…, ExtraTrees…, HistGradientBoosting…) and, for boosting, LightGBM on the very same
rows with the pipeline's hyper-parameters mapped to their names (undeclared ones: each library's
defaults), 2 threads each, and scores every library's predictions with the same scikit-learn
metrics. Prints fit seconds (median of the splits' fits), each metric's mean ± standard error
over the splits, and a verdict against the targets:
  forests:  at least 4× faster than scikit-learn, and at least as good;
  boosting: faster than LightGBM and HistGradientBoosting, and at least as good;
where "at least as good" means the paired difference (modelpress − peer, split by split) is
not worse than minus its standard error.

    sklearn_bench.py FOLDER
"""
import glob
import json
import os
import statistics
import sys
import time

import lightgbm
import numpy as np
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, r2_score, roc_auc_score
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

THREADS = 2
BINS = 255  # modelpress bins every field into at most 255 bins (Sources/Models/Preprocessing)
FOREST_SPEEDUP = 4.0
# Each task's metrics: name, whether higher is better.
METRICS = {
    "binary": [("accuracy", True), ("macro-F1", True), ("ROC AUC", True)],
    "multiclass": [("accuracy", True), ("macro-F1", True)],
    "regression": [("RMSE", False), ("R²", True)],
}


def matrix(data):
    """The feature matrix (float64, NaN for missing; categories as their codes) and which
    columns are categorical."""
    columns = [np.array(field["values"], dtype=np.float64) for field in data["fields"]]
    categorical = [field["kind"] == "categorical" for field in data["fields"]]
    return np.column_stack(columns), np.array(categorical)


def scores(task, y, output):
    """The task's metrics of predictions `output`: class probabilities (rows × classes) or values."""
    if task == "regression":
        return [mean_squared_error(y, output) ** 0.5, r2_score(y, output)]
    predicted = np.argmax(output, axis=1)
    values = [accuracy_score(y, predicted), f1_score(y, predicted, average="macro")]
    if task == "binary":
        values.append(roc_auc_score(y, output[:, 1]))
    return values


def forest_arguments(h):
    """A forest pipeline's hyper-parameters under scikit-learn's names."""
    args = {}
    for key, value in h.items():
        if key in ("trees", "n_estimators"):
            args["n_estimators"] = int(value)
        elif key == "max_depth":
            args["max_depth"] = None if value == "none" else int(value)
        elif key in ("min_samples_leaf", "min_samples_split"):
            args[key] = int(value)
        elif key == "bootstrap":
            args["bootstrap"] = value == "true"
        elif key == "max_features":
            if value in ("sqrt", "log2"):
                args["max_features"] = value
            elif value in ("all", "none"):
                args["max_features"] = None
            else:
                args["max_features"] = int(value) if value.isdigit() else float(value)
        else:
            raise SystemExit(f"sklearn_bench: no scikit-learn name for the forest hyper-parameter '{key}'")
    return args


def boosting_arguments(h):
    """A boosting pipeline's hyper-parameters as (HistGradientBoosting's, LightGBM's, early
    stopping rounds or None, validation fraction)."""
    hist, lgbm = {"max_bins": BINS}, {"max_bin": BINS}
    rounds, fraction = 10, 0.1  # modelpress's defaults when the pipeline does not say
    for key, value in h.items():
        if key in ("max_iterations", "max_iter"):
            hist["max_iter"] = lgbm["n_estimators"] = int(value)
        elif key == "learning_rate":
            hist["learning_rate"] = lgbm["learning_rate"] = float(value)
        elif key == "max_leaf_nodes":
            hist["max_leaf_nodes"] = lgbm["num_leaves"] = int(value)
        elif key == "max_depth":
            hist["max_depth"] = None if value == "none" else int(value)
            lgbm["max_depth"] = -1 if value == "none" else int(value)
        elif key == "min_samples_leaf":
            hist["min_samples_leaf"] = lgbm["min_child_samples"] = int(value)
        elif key == "l2_regularization":
            hist["l2_regularization"] = lgbm["reg_lambda"] = float(value)
        elif key == "early_stopping_rounds":
            rounds = int(value) or None
        elif key == "validation_fraction":
            fraction = float(value)
        else:
            raise SystemExit(f"sklearn_bench: no peer name for the boosting hyper-parameter '{key}'")
    hist["early_stopping"] = rounds is not None
    if rounds is not None:
        hist["n_iter_no_change"] = rounds
        hist["validation_fraction"] = fraction
    return hist, lgbm, rounds, fraction


class LightGBM:
    """LGBMClassifier/Regressor with modelpress's early stopping: `fraction` of the training rows
    (stratified for classification) held out, stop after `rounds` rounds without improvement."""

    def __init__(self, task, arguments, rounds, fraction, categorical, seed):
        kind = lightgbm.LGBMRegressor if task == "regression" else lightgbm.LGBMClassifier
        self.model = kind(n_jobs=THREADS, random_state=seed, verbose=-1, **arguments)
        self.task, self.rounds, self.fraction, self.seed = task, rounds, fraction, seed
        self.categorical = [i for i, flag in enumerate(categorical) if flag]

    def fit(self, x, y):
        if self.rounds is None:
            self.model.fit(x, y, categorical_feature=self.categorical)
            return
        x_fit, x_valid, y_fit, y_valid = train_test_split(
            x, y, test_size=self.fraction, random_state=self.seed,
            stratify=None if self.task == "regression" else y)
        self.model.fit(x_fit, y_fit, eval_X=x_valid, eval_y=y_valid, categorical_feature=self.categorical,
                       callbacks=[lightgbm.early_stopping(self.rounds, verbose=False)])

    def output(self, x):
        return self.model.predict(x) if self.task == "regression" else self.model.predict_proba(x)


class Sklearn:
    def __init__(self, model):
        self.model = model

    def fit(self, x, y):
        self.model.fit(x, y)

    def output(self, x):
        if isinstance(self.model, (RandomForestRegressor, ExtraTreesRegressor, HistGradientBoostingRegressor)):
            return self.model.predict(x)
        return self.model.predict_proba(x)


def peers(task, run, categorical):
    """(name, a maker of a fresh model from a seed) for each library modelpress is compared with on
    `run`; split k's model is made with modelpress's seed of that split (run["model_seeds"][k])."""
    h = run["hyperparameters"]
    regression = task == "regression"
    if run["algorithm"] in ("random_forest", "extra_trees"):
        kinds = {("random_forest", False): RandomForestClassifier, ("random_forest", True): RandomForestRegressor,
                 ("extra_trees", False): ExtraTreesClassifier, ("extra_trees", True): ExtraTreesRegressor}
        kind = kinds[(run["algorithm"], regression)]
        args = forest_arguments(h)
        return [(f"scikit-learn {kind.__name__}",
                 lambda seed: Sklearn(kind(n_jobs=THREADS, random_state=seed, **args)))]
    hist, lgbm, rounds, fraction = boosting_arguments(h)
    kind = HistGradientBoostingRegressor if regression else HistGradientBoostingClassifier
    return [
        (f"scikit-learn {kind.__name__}",
         lambda seed: Sklearn(kind(categorical_features=categorical, random_state=seed, **hist))),
        (f"LightGBM {'LGBMRegressor' if regression else 'LGBMClassifier'}",
         lambda seed: LightGBM(task, lgbm, rounds, fraction, categorical, seed)),
    ]


def measure(make, task, x, y, splits, seeds):
    """Fit seconds and metrics per split of a fresh model from `make`, split k's from `seeds[k]`."""
    seconds, metrics = [], []
    for split, seed in zip(splits, seeds):
        train, test = np.array(split["train"]), np.array(split["test"])
        model = make(seed)
        start = time.perf_counter()
        model.fit(x[train], y[train])
        seconds.append(time.perf_counter() - start)
        metrics.append(scores(task, y[test], model.output(x[test])))
    return seconds, np.array(metrics)


def ours(task, run, y, splits, classes):
    metrics = []
    for split, output in zip(splits, run["predictions"]):
        output = np.array(output) if task == "regression" else np.array(output).reshape(-1, classes)
        metrics.append(scores(task, y[np.array(split["test"])], output))
    return run["fit_s"], np.array(metrics)


def mean_se(values):
    return statistics.fmean(values), statistics.stdev(values) / len(values) ** 0.5


def verdict(task, algorithm, peer, mine, theirs):
    """One line: the speed ratio and each metric's paired difference, each against its target."""
    (my_seconds, my_metrics), (their_seconds, their_metrics) = mine, theirs
    ratio = statistics.median(their_seconds) / statistics.median(my_seconds)
    forest = algorithm != "gradient_boosting"
    target = FOREST_SPEEDUP if forest else 1.0
    fast = ratio >= target if forest else ratio > target
    parts = [f"{ratio:.2f}× as fast (target {'≥ 4' if forest else '> 1'}×) {'✓' if fast else '✗'}"]
    good = True
    for j, (name, higher) in enumerate(METRICS[task]):
        difference, se = mean_se(my_metrics[:, j] - their_metrics[:, j])
        holds = (difference if higher else -difference) >= -se
        good = good and holds
        parts.append(f"{name} {difference:+.4f} ± {se:.4f} {'✓' if holds else '✗'}")
    holds = fast and good
    return holds, f"    vs {peer}: " + "; ".join(parts) + f"  → {'MET' if holds else 'MISSED'}"


def main():
    folder = sys.argv[1]
    load = os.getloadavg()
    print(f"make bench-train — {THREADS} threads per library; machine: {os.cpu_count()} cores, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start (a loaded machine slows every "
          "library, not always equally); OpenMP wait policy of the peers: "
          f"{os.environ.get('OMP_WAIT_POLICY', 'default')}")
    print("fit s: median of the splits' in-process fits; metrics: mean ± standard error over the splits "
          "(split k: every library's model seed is the pipeline's seed + k); "
          "verdict: modelpress − peer, split by split (mean ± SE), ✓ when not worse than −1 SE.\n")
    summary = []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        data = json.load(open(path))
        task, splits = data["task"], data["splits"]
        x, categorical = matrix(data)
        y = np.array(data["targets"] if task == "regression" else data["labels"])
        print(f"{data['dataset']} · {task} · {len(y):,} rows from {data['rows_from']} · {len(splits)} seeded "
              f"{round(100 * len(splits[0]['train']) / len(y))}/{round(100 * len(splits[0]['test']) / len(y))} "
              f"splits{'' if task == 'regression' else ', stratified'}")
        names = [name for name, _ in METRICS[task]]
        header = f"  {'algorithm':<18}{'library':<46}{'fit s':>8}" + "".join(f"{n:>20}" for n in names)
        print(header)
        for run in data["runs"]:
            mine = ours(task, run, y, splits, len(data["classes"]))
            rows = [("modelpress", mine)]
            for name, make in peers(task, run, categorical):
                with threadpool_limits(limits=THREADS):
                    rows.append((name, measure(make, task, x, y, splits, run["model_seeds"])))
            for i, (name, (seconds, metrics)) in enumerate(rows):
                cells = "".join(f"{'%.4f ± %.4f' % mean_se(metrics[:, j]):>20}" for j in range(len(names)))
                label = run["algorithm"] if i == 0 else ""
                print(f"  {label:<18}{name:<46}{statistics.median(seconds):>8.3f}{cells}")
            if run["hyperparameters_from"] != "its pipeline":
                print(f"    (hyper-parameters: {run['hyperparameters_from']})")
            for name, theirs in rows[1:]:
                holds, line = verdict(task, run["algorithm"], name, mine, theirs)
                print(line)
                summary.append((data["dataset"], run["algorithm"], name, holds))
        print()
    met = sum(holds for *_, holds in summary)
    print(f"targets met: {met} of {len(summary)}")
    for dataset, algorithm, peer, holds in summary:
        if not holds:
            print(f"  missed: {dataset} {algorithm} vs {peer}")
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
