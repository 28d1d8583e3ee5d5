"""Boosting against LightGBM over many seeded splits: how large a small quality difference is.

`make bench-train` decides its verdict on 5 splits, where a difference of a few ten-thousandths
of ROC AUC is within the noise. This fits the same comparison on as many splits as
`TrainingBenchmark --splits FOLDER --split-count N --algorithm gradient_boosting` wrote (split k
seeded k + 1, its models seeded with the pipeline's seed + k, as the bench does; the first five
are the bench's), and prints each model's metrics and its paired difference from the reference,
split by split, as mean ± standard error. The modelpress folders are the same splits fitted by
different builds or settings; the LightGBM variants are the bench's LGBMClassifier/Regressor with
some of LightGBM's parameters changed, to see what one of its settings is worth on the same
splits.

The splits are random 80/20 splits of one set of rows, so they overlap and their differences are
correlated: the plain standard error (what the bench reports) measures the noise of the splits
and seeds drawn here; the Nadeau–Bengio correction (Machine Learning 52, 2003: variance × (1/n +
test/train) instead of 1/n) is printed beside it as the honest error for another sample of rows.

    boosting_splits.py [--cache DIR] [--hgb] [--range A:B] MODELPRESS... [--lightgbm LABEL=JSON]...
      MODELPRESS: LABEL=FOLDER (the first is modelpress's reference)
      --lightgbm: a LightGBM variant, LABEL={"min_data_in_bin": 1}; "lightgbm" (the bench's) is
                  always fitted and is the reference of every difference
"""
import argparse
import glob
import hashlib
import json
import math
import os
import statistics
import sys

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sklearn_bench as bench  # noqa: E402  (the bench's rows, metrics and LightGBM wrapper)


def lightgbm_outputs(data, run, x, y, categorical, extra, cache):
    """Each split's LightGBM test output with the bench's arguments updated by `extra`, from
    `cache` when this split, seed and setting were fitted before."""
    task = data["task"]
    _, lgbm, rounds, fraction = bench.boosting_arguments(run["hyperparameters"])
    arguments = {**lgbm, **extra}
    outputs = []
    for split, seed in zip(data["splits"], run["model_seeds"]):
        key = json.dumps([data["dataset"], split["seed"], seed, arguments, rounds, fraction, len(split["train"])],
                         sort_keys=True)
        path = os.path.join(cache, hashlib.sha256(key.encode()).hexdigest()[:24] + ".npy") if cache else None
        if path and os.path.exists(path):
            outputs.append(np.load(path))
            continue
        train, test = np.array(split["train"]), np.array(split["test"])
        model = bench.LightGBM(task, arguments, rounds, fraction, categorical, seed)
        with threadpool_limits(limits=bench.THREADS):
            model.fit(x[train], y[train])
        output = model.output(x[test])
        if path:
            np.save(path, output)
        outputs.append(output)
    return outputs


def hgb_outputs(data, run, x, y, categorical):
    hist, _, _, _ = bench.boosting_arguments(run["hyperparameters"])
    outputs = []
    for split, seed in zip(data["splits"], run["model_seeds"]):
        train, test = np.array(split["train"]), np.array(split["test"])
        make = [m for name, m in bench.peers(data["task"], run, categorical) if "HistGradient" in name][0]
        model = make(seed)
        with threadpool_limits(limits=bench.THREADS):
            model.fit(x[train], y[train])
        outputs.append(model.output(x[test]))
    return outputs


def metrics(task, y, splits, outputs, classes):
    rows = []
    for split, output in zip(splits, outputs):
        output = np.asarray(output)
        if task != "regression":
            output = output.reshape(-1, classes)
        rows.append(bench.scores(task, y[np.array(split["test"])], output))
    return np.array(rows)


def paired(differences, test_share):
    """Mean, plain standard error and the Nadeau–Bengio corrected one of per-split differences."""
    n = len(differences)
    mean = statistics.fmean(differences)
    sd = statistics.stdev(differences)
    return mean, sd / math.sqrt(n), sd * math.sqrt(1 / n + test_share / (1 - test_share))


def gradient_boosting_run(data):
    return next(run for run in data["runs"] if run["algorithm"] == "gradient_boosting")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modelpress", nargs="+", help="LABEL=FOLDER of TrainingBenchmark --splits")
    parser.add_argument("--lightgbm", action="append", default=[], help='LABEL={"parameter": value, …}')
    parser.add_argument("--hgb", action="store_true", help="also scikit-learn's HistGradientBoosting")
    parser.add_argument("--cache", help="a folder keeping LightGBM's test outputs between runs")
    parser.add_argument("--range", default=":", help="the splits to compare, as a Python slice: 40: is the 41st on")
    options = parser.parse_args()
    first, last = [int(part) if part else None for part in options.range.split(":")]
    if options.cache:
        os.makedirs(options.cache, exist_ok=True)
    folders = [item.split("=", 1) for item in options.modelpress]
    variants = [("lightgbm", {})] + [(label, json.loads(value)) for label, value in
                                     (item.split("=", 1) for item in options.lightgbm)]
    load = os.getloadavg()
    print(f"boosting_splits — load average {load[0]:.1f}; differences: model − reference, split by split, "
          "mean ± plain SE [Nadeau–Bengio SE]")
    for path in sorted(glob.glob(os.path.join(folders[0][1], "*.json"))):
        name = os.path.basename(path)
        datas = [(label, json.load(open(os.path.join(folder, name)))) for label, folder in folders]
        for _, other in datas:
            other["splits"] = other["splits"][first:last]
            for run in other["runs"]:
                for key in ("model_seeds", "predictions", "fit_s", "fit_cpu_s"):
                    run[key] = run[key][first:last]
        data = datas[0][1]
        task, splits = data["task"], data["splits"]
        for label, other in datas[1:]:
            if [s["seed"] for s in other["splits"]] != [s["seed"] for s in splits]:
                raise SystemExit(f"boosting_splits: {label}'s {name} has other splits than {folders[0][0]}'s")
        x, categorical = bench.matrix(data)
        y = np.array(data["targets"] if task == "regression" else data["labels"])
        classes = len(data["classes"])
        run = gradient_boosting_run(data)
        results = []
        for label, other in datas:
            results.append((f"modelpress {label}", metrics(task, y, splits, gradient_boosting_run(other)["predictions"],
                                                           classes)))
        for label, extra in variants:
            outputs = lightgbm_outputs(data, run, x, y, categorical, extra, options.cache)
            results.append((label, metrics(task, y, splits, outputs, classes)))
        if options.hgb:
            results.append(("HistGradientBoosting", metrics(task, y, splits, hgb_outputs(data, run, x, y, categorical),
                                                            classes)))
        test_share = len(splits[0]["test"]) / len(y)
        names = [metric for metric, _ in bench.METRICS[task]]
        print(f"\n{data['dataset']} · {task} · {len(splits)} splits · "
              f"{run['hyperparameters']}")
        references = {"lightgbm": dict(results)["lightgbm"], "modelpress": results[0][1]}
        for label, values in results:
            cells = "  ".join(f"{metric} {values[:, j].mean():.4f} ± {bench.mean_se(values[:, j])[1]:.4f}"
                              for j, metric in enumerate(names))
            print(f"  {label:<34}{cells}")
            for reference, against in references.items():
                if against is values or (reference == "modelpress" and not label.startswith("modelpress")):
                    continue
                parts = []
                for j, metric in enumerate(names):
                    mean, se, corrected = paired(values[:, j] - against[:, j], test_share)
                    parts.append(f"{metric} {mean:+.5f} ± {se:.5f} [{corrected:.5f}]")
                print(f"    − {reference:<30}" + "  ".join(parts))


if __name__ == "__main__":
    main()
