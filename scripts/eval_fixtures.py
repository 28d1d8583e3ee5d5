"""Writes scikit-learn's metrics on deterministic synthetic scores to a JSON fixture.

Run through scripts/make-eval-fixtures. Two data sets: `ties` (scores rounded to two
decimals, so many tie groups, with a few exact 0 and 1 scores to exercise log-loss clipping)
and `continuous` (no ties). Predictions at the threshold are `score >= 0.5`.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.calibration import calibration_curve

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
    predicted = (scores >= THRESHOLD).astype(int)
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


def main(path):
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
    with open(path, "w") as out:
        json.dump(document, out, indent=1, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
