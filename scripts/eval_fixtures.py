"""Writes scikit-learn's metrics on deterministic synthetic data to JSON fixtures in a folder.

Run through scripts/make-eval-fixtures. Three files:
- sklearn-metrics.json, binary: `ties` (scores rounded to two decimals, so many tie groups,
  with a few exact 0 and 1 scores to exercise log-loss clipping) and `continuous` (no ties).
  Predictions at the threshold are `score > 0.5` (modelpress's PositiveClass rule: scikit-learn's
  `predict`, whose arg-max tie at 0.5 goes to the negative class).
- sklearn-multiclass.json: four classes of unequal size, `ties` (logits from a few integers, so
  probabilities tie within and across rows) and `continuous`; predictions are the argmax.
- sklearn-regression.json: `rounded` (errors that tie, an even row count) and `continuous`,
  and Welch's t-test (scipy) on two arms of absolute errors.
- sklearn-permutation.json: permutation_importance (its default score: accuracy for a
  classifier, R² for a regressor) of a fixed multiclass and a fixed regression model, with the
  permutations it applied to each column, so modelpress can shuffle the same rows.
"""
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn import metrics
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.calibration import calibration_curve
from sklearn.inspection import permutation_importance

THRESHOLD = 0.5


def data_set(rng, n, decimals):
    labels = (rng.random(n) < 0.3).astype(int)
    logits = rng.normal(0.0, 1.2, n) + 1.6 * labels - 0.8
    scores = 1.0 / (1.0 + np.exp(-logits))
    if decimals is not None:
        scores = np.round(scores, decimals)
        scores[:3] = [0.0, 1.0, 0.0]
        scores[3] = 1.0
    return labels, scores


def floats(values):
    return [None if not np.isfinite(v) else float(v) for v in values]


def results(labels, scores):
    predicted = (scores > THRESHOLD).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    fpr, tpr, roc_thresholds = metrics.roc_curve(labels, scores, drop_intermediate=False)
    precision, recall, pr_thresholds = metrics.precision_recall_curve(labels, scores)
    prob_true, prob_pred = calibration_curve(labels, scores, n_bins=10, strategy="uniform")
    # Expected calibration error over the same uniform bins, weighted by bin size.
    bins = np.linspace(0.0, 1.0, 11)
    binids = np.searchsorted(bins[1:-1], scores)
    totals = np.bincount(binids, minlength=10)
    sums = np.bincount(binids, weights=scores, minlength=10)
    trues = np.bincount(binids, weights=labels, minlength=10)
    nonzero = totals > 0
    ece = float(np.sum(np.abs(sums[nonzero] - trues[nonzero])) / len(scores))
    return {
        "confusion": {"tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn)},
        "accuracy": metrics.accuracy_score(labels, predicted),
        "balanced_accuracy": metrics.balanced_accuracy_score(labels, predicted),
        "precision": metrics.precision_score(labels, predicted),
        "recall": metrics.recall_score(labels, predicted),
        "specificity": metrics.recall_score(labels, predicted, pos_label=0),
        "f1": metrics.f1_score(labels, predicted),
        "mcc": metrics.matthews_corrcoef(labels, predicted),
        "roc_auc": metrics.roc_auc_score(labels, scores),
        "average_precision": metrics.average_precision_score(labels, scores),
        "log_loss": metrics.log_loss(labels, scores),
        "brier": metrics.brier_score_loss(labels, scores),
        "roc_curve": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(roc_thresholds)},
        "pr_curve": {
            "precision": floats(precision),
            "recall": floats(recall),
            "thresholds": floats(pr_thresholds),
        },
        "calibration": {"prob_true": floats(prob_true), "prob_pred": floats(prob_pred), "ece": ece},
    }


def multiclass_set(rng, n, ties):
    k = 4
    labels = rng.choice(k, size=n, p=[0.4, 0.3, 0.2, 0.1])
    if ties:
        logits = rng.integers(-2, 3, size=(n, k)).astype(float)
    else:
        logits = rng.normal(0.0, 1.0, size=(n, k))
    logits[np.arange(n), labels] += 1.5
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    predicted = probabilities.argmax(axis=1)
    assert set(predicted) == set(range(k)), "every class must be predicted for precision to be defined"
    precision, recall, f1, support = metrics.precision_recall_fscore_support(labels, predicted, labels=list(range(k)))
    correct = (predicted == labels).astype(int)
    confidence = probabilities.max(axis=1)
    prob_true, prob_pred = calibration_curve(correct, confidence, n_bins=10, strategy="uniform")
    results = {
        "accuracy": metrics.accuracy_score(labels, predicted),
        "balanced_accuracy": metrics.balanced_accuracy_score(labels, predicted),
        "macro_f1": metrics.f1_score(labels, predicted, average="macro"),
        "weighted_f1": metrics.f1_score(labels, predicted, average="weighted"),
        "log_loss": metrics.log_loss(labels, probabilities),
        "precision": floats(precision),
        "recall": floats(recall),
        "f1": floats(f1),
        "support": [int(v) for v in support],
        "confusion": metrics.confusion_matrix(labels, predicted).tolist(),
        "roc_auc": floats(metrics.roc_auc_score(labels, probabilities, multi_class="ovr", average=None)),
        "macro_roc_auc": metrics.roc_auc_score(labels, probabilities, multi_class="ovr", average="macro"),
        "top_label_calibration": {"prob_true": floats(prob_true), "prob_pred": floats(prob_pred)},
    }
    return {
        "classes": ["a", "b", "c", "d"],
        "labels": [int(v) for v in labels],
        "probabilities": [float(v) for v in probabilities.ravel()],
        "sklearn": results,
    }


def regression_set(rng, n, decimals):
    targets = rng.normal(50.0, 12.0, n)
    predictions = targets + rng.normal(0.0, 4.0, n) + 0.05 * (targets - 50.0)
    if decimals is not None:
        targets = np.round(targets, decimals)
        predictions = np.round(predictions, decimals)
    return {
        "targets": [float(v) for v in targets],
        "predictions": [float(v) for v in predictions],
        "sklearn": {
            "mae": metrics.mean_absolute_error(targets, predictions),
            "rmse": float(np.sqrt(metrics.mean_squared_error(targets, predictions))),
            "r2": metrics.r2_score(targets, predictions),
            "median_absolute_error": metrics.median_absolute_error(targets, predictions),
            "mape": metrics.mean_absolute_percentage_error(targets, predictions),
        },
    }


def welch(rng):
    a = np.abs(rng.normal(0.0, 5.0, 400))
    b = np.abs(rng.normal(0.0, 4.4, 300))
    test = stats.ttest_ind(b, a, equal_var=False)
    interval = test.confidence_interval(0.95)
    return {
        "a": [float(v) for v in a],
        "b": [float(v) for v in b],
        "scipy": {
            "statistic": float(test.statistic),
            "pvalue": float(test.pvalue),
            "df": float(test.df),
            "difference": float(b.mean() - a.mean()),
            "low": float(interval.low),
            "high": float(interval.high),
        },
    }


PERMUTATION_SEED = 7
PERMUTATION_REPEATS = 4


class FixedClassifier(ClassifierMixin, BaseEstimator):
    """Softmax of fixed logits `x @ weights`; its score is accuracy (ClassifierMixin)."""

    def __init__(self, weights=None):
        self.weights = weights

    def fit(self, x, y):
        self.classes_ = np.arange(self.weights.shape[1])
        return self

    def predict_proba(self, x):
        logits = x @ self.weights
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, x):
        return np.argmax(self.predict_proba(x), axis=1)


class FixedRegressor(RegressorMixin, BaseEstimator):
    """`x @ weights`; its score is R² (RegressorMixin)."""

    def __init__(self, weights=None):
        self.weights = weights

    def fit(self, x, y):
        return self

    def predict(self, x):
        return x @ self.weights


def applied_permutations(n, columns):
    """The row order permutation_importance gives each column in each repeat, as indices into
    the original column: it draws one seed for every column, then reshuffles its index array
    in place each repeat and applies it to the already shuffled column."""
    seed = np.random.RandomState(PERMUTATION_SEED).randint(np.iinfo(np.int32).max + 1)
    result = []
    for _ in range(columns):
        state = np.random.RandomState(seed)
        shuffling, applied, repeats = np.arange(n), np.arange(n), []
        for _ in range(PERMUTATION_REPEATS):
            state.shuffle(shuffling)
            applied = applied[shuffling]
            repeats.append([int(v) for v in applied])
        result.append(repeats)
    return result


def permutation_set(rng, task):
    n = 90
    x = np.round(rng.normal(0.0, 1.0, (n, 3)), 3)
    if task == "multiclass":
        weights = np.array([[2.0, -1.0, 0.0], [0.0, 1.5, -1.5], [0.3, 0.0, 0.2]])
        model = FixedClassifier(weights).fit(x, None)
        labels = np.array([rng.choice(3, p=p) for p in model.predict_proba(x)])
        y = labels
    else:
        weights = np.array([3.0, -1.0, 0.25])
        model = FixedRegressor(weights).fit(x, None)
        y = np.round(model.predict(x) + rng.normal(0.0, 1.0, n), 3)
    result = permutation_importance(model, x, y, n_repeats=PERMUTATION_REPEATS, random_state=PERMUTATION_SEED)
    permutations = applied_permutations(n, 3)
    baseline = model.score(x, y)
    for column, repeats in enumerate(permutations):
        for r, order in enumerate(repeats):
            shuffled = x.copy()
            shuffled[:, column] = x[order, column]
            assert np.isclose(baseline - model.score(shuffled, y), result.importances[column, r], atol=1e-12)
    return {
        "columns": [[float(v) for v in x[:, c]] for c in range(3)],
        "labels" if task == "multiclass" else "targets": [int(v) if task == "multiclass" else float(v) for v in y],
        "weights": [[float(v) for v in row] for row in np.atleast_2d(weights)],
        "permutations": permutations,
        "sklearn": {
            "baseline": float(baseline),
            "importances_mean": [float(v) for v in result.importances_mean],
            "importances_std": [float(v) for v in result.importances_std],
        },
    }


def write(path, document):
    with open(path, "w") as out:
        json.dump(document, out, indent=1, sort_keys=True)
        out.write("\n")


def main(folder):
    rng = np.random.default_rng(20261122)
    sets = {}
    for name, n, decimals in [("ties", 3000, 2), ("continuous", 2000, None)]:
        labels, scores = data_set(rng, n, decimals)
        sets[name] = {
            "labels": [int(v) for v in labels],
            "scores": [float(v) for v in scores],
            "threshold": THRESHOLD,
            "sklearn": results(labels, scores),
        }
    document = {"generator": "scripts/eval_fixtures.py", "sklearn_version": sklearn.__version__, "sets": sets}
    write(os.path.join(folder, "sklearn-metrics.json"), document)

    rng = np.random.default_rng(20261130)
    sets = {name: multiclass_set(rng, n, ties) for name, n, ties in [("ties", 1500, True), ("continuous", 1200, False)]}
    document = {"generator": "scripts/eval_fixtures.py", "sklearn_version": sklearn.__version__, "sets": sets}
    write(os.path.join(folder, "sklearn-multiclass.json"), document)

    rng = np.random.default_rng(20261201)
    sets = {name: regression_set(rng, n, d) for name, n, d in [("rounded", 1000, 1), ("continuous", 801, None)]}
    document = {
        "generator": "scripts/eval_fixtures.py",
        "sklearn_version": sklearn.__version__,
        "scipy_version": scipy.__version__,
        "sets": sets,
        "welch": welch(rng),
    }
    write(os.path.join(folder, "sklearn-regression.json"), document)

    rng = np.random.default_rng(20261130)
    document = {
        "generator": "scripts/eval_fixtures.py",
        "sklearn_version": sklearn.__version__,
        "repeats": PERMUTATION_REPEATS,
        "multiclass": permutation_set(rng, "multiclass"),
        "regression": permutation_set(rng, "regression"),
    }
    write(os.path.join(folder, "sklearn-permutation.json"), document)


if __name__ == "__main__":
    main(sys.argv[1])
