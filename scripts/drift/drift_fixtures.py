"""Writes scipy's drift statistics on deterministic synthetic samples to a JSON fixture.

Run through scripts/make-drift-fixtures. The statistics are the ones Evidently's default data
drift tests compute (evidently/legacy/calculations/stattests/: psi.py, ks_stattest.py,
chisquare_stattest.py, wasserstein_distance_norm.py, jensenshannon.py, and utils.py's
get_binned_data for the shares), written out here over counts per bin so that modelpress's bins
(a model's own, missing included) can be compared with them:
- `psi`: sum over bins of (reference share - current share) * ln(reference share / current
  share), shares are counts over the sample's size, and an empty bin's share is 0.0001, or a
  millionth of the side's smallest non-empty share when that is at most 0.0001 (Evidently's
  `feel_zeroes`).
- `ks`: scipy.stats.ks_2samp, two-sided, method "exact" (the default "auto" is exact up to
  10,000 values a side, which the `auto` value records).
- `chisquare`: scipy.stats.chisquare of the current counts against the reference counts scaled
  to the current sample's size, over the bins either side has values in.
- `wasserstein`: scipy.stats.wasserstein_distance divided by max(numpy.std(reference), 0.001).
- `jensenshannon`: scipy.spatial.distance.jensenshannon of the two count vectors (normalised by
  scipy; natural logarithm, Evidently's base=None).
"""
import json
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance


def filled(shares):
    """Evidently's get_binned_data(feel_zeroes=True) on one side's shares."""
    shares = shares.copy()
    smallest = shares[shares != 0].min()
    floor = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    shares[shares == 0] = floor
    return shares


def psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    r = filled(reference / reference.sum())
    c = filled(current / current.sum())
    return float(np.sum((r - c) * np.log(r / c)))


def chisquare(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    seen = (reference > 0) | (current > 0)
    expected = reference[seen] * (current.sum() / reference.sum())
    observed = current[seen]
    with np.errstate(divide="ignore", invalid="ignore"):
        result = stats.chisquare(observed, expected)
    statistic = float(result.statistic)
    return {
        "statistic": statistic if np.isfinite(statistic) else None,
        "degrees": int(seen.sum() - 1),
        "p_value": float(result.pvalue),
    }


def count_cases():
    return {
        "same": ([30, 50, 20], [30, 50, 20]),
        "shifted": ([5, 40, 120, 80, 10, 3], [1, 10, 60, 110, 50, 20]),
        "empty_reference_bin": ([0, 40, 120, 80, 10], [5, 35, 100, 90, 12]),
        "empty_current_bin": ([12, 40, 120, 80, 10], [0, 35, 100, 90, 12]),
        "tiny_share": ([1, 30000, 0, 9000], [7, 2900, 40, 700]),
        "both_empty_bin": ([10, 0, 20, 30], [12, 0, 18, 33]),
        "new_category": ([100, 200, 300, 0], [90, 210, 280, 25]),
        "more_missing": ([20, 500, 300, 180], [150, 420, 260, 170]),
        "two_bins": ([640, 360], [120, 80]),
    }


def sample_cases(rng):
    # Three decimals keep the file small; ties are few, and the `ties` case has many on purpose.
    normal = lambda loc, n: np.round(rng.normal(loc, 1.0, n), 3)
    rounded = lambda loc, n: np.round(rng.normal(loc, 2.0, n))
    return {
        "equal_sizes": (normal(0, 60), normal(0.3, 60)),
        "unequal": (normal(0, 80), normal(0.5, 123)),
        "no_shift": (normal(0, 300), normal(0, 1000)),
        "ties": (rounded(0, 400), rounded(0.4, 250)),
        "tiny_current": (normal(0, 1000), normal(2, 7)),
        "far_apart": (normal(0, 50), normal(5, 40)),
        "large_current": (normal(0, 1000), normal(0.05, 10500)),
        "constant_reference": (np.full(30, 2.0), normal(2, 40)),
    }


def main(folder):
    rng = np.random.default_rng(20261201)
    counts = {}
    for name, (reference, current) in count_cases().items():
        counts[name] = {
            "reference": reference,
            "current": current,
            "psi": psi(reference, current),
            "chisquare": chisquare(reference, current),
            "jensenshannon": float(distance.jensenshannon(reference, current)),
        }
    samples = {}
    for name, (reference, current) in sample_cases(rng).items():
        exact = stats.ks_2samp(reference, current, method="exact")
        auto = stats.ks_2samp(reference, current)
        wasserstein = stats.wasserstein_distance(reference, current)
        samples[name] = {
            "reference": [float(v) for v in reference],
            "current": [float(v) for v in current],
            "ks": {
                "statistic": float(exact.statistic),
                "p_value": float(exact.pvalue),
                "auto_p_value": float(auto.pvalue),
            },
            "wasserstein": float(wasserstein),
            "wasserstein_normed": float(wasserstein / max(np.std(reference), 0.001)),
        }
    fixture = {
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "counts": counts,
        "samples": samples,
    }
    with open(f"{folder}/scipy-drift.json", "w") as out:
        json.dump(fixture, out, indent=1, sort_keys=True, allow_nan=False)
        out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
