"""`make bench-scale`: modelpress beside pandas, LightGBM and scikit-learn on 100,000 to
1,000,000 rows, and its table.

For every size and data set of scale_data.py (Adult-like binary, synthetic regression and
multiclass), each run in a process of its own so that its peak memory is its own (ru_maxrss of
the whole process, libraries and data included), 2 threads each:
  load   modelpress: the pipeline's training and test files read and typed
         (`TrainingBenchmark --scale`), then the bins fitted and applied; pandas: `read_csv` of
         the same two files (the peers' load).
  fit    gradient boosting (200 trees, 31 leaves, learning rate 0.1, 20 rows per leaf, 255 bins,
         no early stopping): modelpress, LightGBM, scikit-learn's HistGradientBoosting;
         random forest (100 trees, sqrt features, 20 rows per leaf): modelpress, scikit-learn, and
         LightGBM's `rf` mode (bagging 63.2% of the rows without replacement, the share of distinct
         rows a bootstrap sample holds; sqrt of the features per split; up to 4,095 leaves);
         extra trees (the same, every row, a random threshold per feature): modelpress,
         scikit-learn, and LightGBM's `rf` mode with `extra_trees` (no bagging: `rf` mode wants
         some sampling, so a feature fraction of 0.9999, which keeps every field).
  quality on the held-out test file (rows the training file does not contain): ROC AUC and
         accuracy (binary), accuracy (multiclass), RMSE (regression), ± one standard error.
Then each measure's growth per 10× rows, from the smallest to the largest size run.

A forest's quality moves with its seed: at a million rows scikit-learn's extra trees scored
0.7295 to 0.7326 on the multiclass set over four seeds, three standard errors of one run apart.
SCALE_SEEDS=k fits every forest k times (modelpress with seeds 42, 43, …; the peers with
random_state 0, 1, …) and the table shows each measure's mean over the seeds, and the quality's
lowest and highest (its ± stays one run's standard error); boosting, which draws nothing here,
runs once.

    scale_bench.py TRAINING_BENCHMARK FOLDER ROWS [ROWS…]
    scale_bench.py peer LIBRARY ALGORITHM DATA_FOLDER TASK LABEL [SEED]   (one peer run; JSON)
"""
import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

THREADS = 2
BINS = 255
DATA_SETS = [("adult", "binary", "income"), ("regression", "regression", "y"), ("multiclass", "multiclass", "y")]
RUNS = [  # algorithm, library
    ("gradient_boosting", "modelpress"), ("gradient_boosting", "lightgbm"), ("gradient_boosting", "sklearn"),
    ("random_forest", "modelpress"), ("random_forest", "lightgbm"), ("random_forest", "sklearn"),
    ("extra_trees", "modelpress"), ("extra_trees", "lightgbm"), ("extra_trees", "sklearn"),
]
SEEDED = ("random_forest", "extra_trees")
# The quality measures a run reports, each with its standard error (`<measure>_se`).
QUALITY = ("accuracy", "auc", "rmse")


def peak_mb():
    """This process's peak resident memory (VmHWM): not ru_maxrss, which Linux keeps across
    exec, so a child of a large parent would report the parent's size."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def frames(folder, label):
    """Training and test features (categories as codes of the training file's categories, NaN
    for missing), the labels, which columns are categorical and the seconds of `read_csv`."""
    import numpy as np
    import pandas as pd
    start, cpu = time.perf_counter(), time.process_time()
    train = pd.read_csv(os.path.join(folder, "train.csv"))
    test = pd.read_csv(os.path.join(folder, "test.csv"))
    read, read_cpu = time.perf_counter() - start, time.process_time() - cpu
    names = [name for name in train.columns if name != label]
    categorical = [train[name].dtype == object or str(train[name].dtype).startswith("str") for name in names]
    columns, test_columns = [], []
    for name, is_category in zip(names, categorical):
        if is_category:
            categories = pd.Index(sorted(train[name].dropna().unique()))
            columns.append(pd.Categorical(train[name], categories=categories).codes.astype(np.float64))
            test_columns.append(pd.Categorical(test[name], categories=categories).codes.astype(np.float64))
            columns[-1][columns[-1] < 0] = np.nan
            test_columns[-1][test_columns[-1] < 0] = np.nan
        else:
            columns.append(train[name].to_numpy(np.float64))
            test_columns.append(test[name].to_numpy(np.float64))
    return (np.column_stack(columns), train[label].to_numpy(), np.column_stack(test_columns),
            test[label].to_numpy(), np.array(categorical), read, read_cpu)


def peer(library, algorithm, folder, task, label, seed="0"):
    """Fits one peer with `random_state` `seed` and prints its JSON line."""
    seed = int(seed)
    import numpy as np
    x, y, test_x, test_y, categorical, read, read_cpu = frames(folder, label)
    load_peak = peak_mb()
    if task != "regression":
        classes = sorted(set(y))
        y = np.searchsorted(classes, y)
        test_y = np.searchsorted(classes, test_y)
    start, cpu = time.perf_counter(), time.process_time()
    if library == "lightgbm" and algorithm in ("random_forest", "extra_trees"):
        import lightgbm
        kind = lightgbm.LGBMRegressor if task == "regression" else lightgbm.LGBMClassifier
        features = x.shape[1]
        sampling = (dict(subsample=0.632, subsample_freq=1) if algorithm == "random_forest"
                    else dict(extra_trees=True, colsample_bytree=0.9999))
        model = kind(boosting_type="rf", n_estimators=100, num_leaves=4095, min_child_samples=20, max_bin=BINS,
                     feature_fraction_bynode=math.sqrt(features) / features, n_jobs=THREADS, random_state=seed,
                     verbose=-1, **sampling)
        model.fit(x, y, categorical_feature=[int(i) for i in np.flatnonzero(categorical)])
    elif library == "lightgbm":
        import lightgbm
        kind = lightgbm.LGBMRegressor if task == "regression" else lightgbm.LGBMClassifier
        model = kind(n_estimators=200, learning_rate=0.1, num_leaves=31, min_child_samples=20, max_bin=BINS,
                     n_jobs=THREADS, verbose=-1)
        model.fit(x, y, categorical_feature=[int(i) for i in np.flatnonzero(categorical)])
    elif algorithm == "gradient_boosting":
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        kind = HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier
        model = kind(max_iter=200, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, max_bins=BINS,
                     early_stopping=False, categorical_features=categorical, random_state=0)
        model.fit(x, y)
    else:
        from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier,
                                      RandomForestRegressor)
        kinds = {("random_forest", False): RandomForestClassifier, ("random_forest", True): RandomForestRegressor,
                 ("extra_trees", False): ExtraTreesClassifier, ("extra_trees", True): ExtraTreesRegressor}
        kind = kinds[(algorithm, task == "regression")]
        model = kind(n_estimators=100, max_features="sqrt", min_samples_leaf=20, n_jobs=THREADS,
                     random_state=seed)
        model.fit(x, y)
    fit, fit_cpu = time.perf_counter() - start, time.process_time() - cpu
    output = model.predict(test_x) if task == "regression" else model.predict_proba(test_x)
    print(json.dumps({"rows": len(y), "load_s": read, "load_cpu_s": read_cpu, "fit_s": fit, "fit_cpu_s": fit_cpu, "load_peak_mb": load_peak,
                      "peak_mb": peak_mb(), **quality(task, test_y, np.asarray(output))}))


def quality(task, y, output):
    """The task's measure on the test rows and its standard error: RMSE (delta method), accuracy
    (binomial) and for binary ROC AUC (Hanley and McNeil, 1982)."""
    import numpy as np
    if task == "regression":
        squared = (np.asarray(y, dtype=np.float64) - output) ** 2
        rmse = math.sqrt(squared.mean())
        return {"rmse": rmse, "rmse_se": squared.std() / math.sqrt(len(y)) / (2 * rmse)}
    output = output.reshape(len(y), -1)
    accuracy = float((np.argmax(output, axis=1) == y).mean())
    result = {"accuracy": accuracy, "accuracy_se": math.sqrt(accuracy * (1 - accuracy) / len(y))}
    if task == "binary":
        from sklearn.metrics import roc_auc_score
        auc = roc_auc_score(y, output[:, 1])
        positives, negatives = int((y == 1).sum()), int((y == 0).sum())
        q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
        se = math.sqrt((auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
                       / (positives * negatives))
        result.update({"auc": auc, "auc_se": se})
    return result


def modelpress(binary, folder, algorithm, task, label, seed=0):
    """Runs `TrainingBenchmark --scale` on the data set's pipeline, its seed raised by `seed`
    (a copy of the pipeline beside it), and scores its predictions."""
    import numpy as np
    import pandas as pd
    pipeline = os.path.join(folder, f"{algorithm}.toml")
    if seed:
        with open(pipeline) as file:
            text = file.read()
        text, count = re.subn(r"^seed = (\d+)$", lambda m: f"seed = {int(m.group(1)) + seed}", text, flags=re.M)
        if count != 1:
            sys.exit(f"bench-scale: {pipeline} has no `seed = N` line to vary")
        pipeline = os.path.join(folder, f"{algorithm}-seed{seed}.toml")
        with open(pipeline, "w") as file:
            file.write(text)
    with tempfile.NamedTemporaryFile(suffix=".txt") as predictions:
        out = subprocess.run([binary, "--threads", str(THREADS), "--scale", predictions.name, pipeline],
                             check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        values = np.loadtxt(predictions.name)
    test_y = pd.read_csv(os.path.join(folder, "test.csv"), usecols=[label])[label].to_numpy()
    if task != "regression":
        test_y = np.searchsorted(sorted(set(test_y)), test_y)
        # modelpress orders a binary label's classes negative, positive: byte order here.
    result.update(quality(task, test_y, values))
    return result


def run_peer(library, algorithm, folder, task, label, seed=0):
    out = subprocess.run([sys.executable, __file__, "peer", library, algorithm, folder, task, label, str(seed)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def averaged(runs):
    """One result of several seeds' runs: each number's mean, and for each quality measure its
    lowest and highest (`<measure>_low`, `<measure>_high`) and the run count (`seeds`)."""
    if len(runs) == 1:
        return runs[0]
    result = {key: sum(run[key] for run in runs) / len(runs) for key in runs[0]}
    for key in QUALITY:
        if key in runs[0]:
            result[f"{key}_low"] = min(run[key] for run in runs)
            result[f"{key}_high"] = max(run[key] for run in runs)
    result["seeds"] = len(runs)
    return result


def seed_count():
    """SCALE_SEEDS: how many seeds each forest is fitted with (1 when unset or empty)."""
    text = os.environ.get("SCALE_SEEDS", "").strip() or "1"
    if not text.isdigit() or int(text) < 1:
        sys.exit(f"bench-scale: SCALE_SEEDS is {text!r}; give a whole number of seeds, 1 or more (say SCALE_SEEDS=3)")
    return int(text)


def growth(first, last, rows_first, rows_last):
    """The factor per 10× rows between two sizes: (last / first) ^ (1 / log10(rows ratio))."""
    if not first or not last or rows_last == rows_first:
        return None
    return (last / first) ** (1 / math.log10(rows_last / rows_first))


def table(results, sizes):
    def measure(row, key, name, digits):
        text = f"{name} {row[key]:.{digits}f} ± {row[key + '_se']:.{digits}f}"
        if "seeds" in row:
            text += f" (mean of {row['seeds']}: {row[key + '_low']:.{digits}f}–{row[key + '_high']:.{digits}f})"
        return text

    def quality_text(row, task):
        if task == "regression":
            return measure(row, "rmse", "RMSE", 3)
        text = measure(row, "accuracy", "acc", 4)
        return text + (", " + measure(row, "auc", "AUC", 4) if task == "binary" else "")

    print("| data set | rows | algorithm | library | load s | fit s | peak MB | quality (test rows) |")
    print("|---|---:|---|---|---:|---:|---:|---|")
    for (name, task, _), algorithm, library in [(d, a, l) for d in DATA_SETS for a, l in RUNS]:
        for rows in sizes:
            row = results.get((name, rows, algorithm, library))
            if row is None:
                continue
            load = f"{row['load_s']:.2f}" + (f" + {row['bin_s']:.2f} bins" if "bin_s" in row else "")
            print(f"| {name} | {rows:,} | {algorithm} | {library} | {load} | {row['fit_s']:.2f} | "
                  f"{row['peak_mb']:.0f} | {quality_text(row, task)} |")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"\nGrowth per 10× rows ({first:,} → {last:,}):\n")
        print("| data set | algorithm | library | load | fit | peak memory |")
        print("|---|---|---|---:|---:|---:|")
        for (name, task, _), algorithm, library in [(d, a, l) for d in DATA_SETS for a, l in RUNS]:
            a, b = results.get((name, first, algorithm, library)), results.get((name, last, algorithm, library))
            if a is None or b is None:
                continue
            cells = [growth(a[key], b[key], first, last) for key in ("load_s", "fit_s", "peak_mb")]
            print(f"| {name} | {algorithm} | {library} | "
                  + " | ".join("—" if c is None else f"{c:.2f}×" for c in cells) + " |")


def chosen(variable, names):
    """The names the environment variable lists (space-separated), all when it is unset or empty;
    an unknown name stops the run, naming the known ones."""
    wanted = os.environ.get(variable, "").split()
    unknown = [name for name in wanted if name not in names]
    if unknown:
        sys.exit(f"bench-scale: {variable} names {', '.join(unknown)}; known: {', '.join(names)}")
    return set(wanted or names)


def main(binary, folder, sizes):
    sys.path.insert(0, os.path.dirname(__file__))
    import scale_data
    sets = chosen("SCALE_SETS", [name for name, _, _ in DATA_SETS])
    algorithms = chosen("SCALE_ALGORITHMS", list(dict.fromkeys(algorithm for algorithm, _ in RUNS)))
    seeds = seed_count()
    results = {}
    for rows in sizes:
        for name, task, label in DATA_SETS:
            if name not in sets:
                continue
            data = scale_data.make(folder, name, rows, task, label)
            for algorithm, library in RUNS:
                if algorithm not in algorithms:
                    continue
                runs = []
                for seed in range(seeds if algorithm in SEEDED else 1):
                    print(f"bench-scale: {name} {rows:,} {algorithm} {library}"
                          + (f" seed {seed + 1} of {seeds}" if seeds > 1 and algorithm in SEEDED else "") + "…",
                          file=sys.stderr, flush=True)
                    if library == "modelpress":
                        result = modelpress(binary, data, algorithm, task, label, seed)
                    else:
                        result = run_peer(library, algorithm, data, task, label, seed)
                    runs.append(result)
                    print(json.dumps({"data": name, "rows": rows, "algorithm": algorithm, "library": library,
                                      "seed": seed, **result}), file=sys.stderr, flush=True)
                results[(name, rows, algorithm, library)] = averaged(runs)
    table(results, sizes)


if __name__ == "__main__":
    if sys.argv[1] == "peer":
        peer(*sys.argv[2:8])
    else:
        main(sys.argv[1], sys.argv[2], sorted(int(rows) for rows in sys.argv[3:]))
