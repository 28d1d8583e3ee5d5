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
- `chisquare`: scipy.stats.chi2_contingency (correction=False) of the 2 x k table of both sides'
  counts over the bins either side has values in: the two-sample test, where Evidently's
  chisquare_stattest.py takes the reference's shares as exact (scipy.stats.chisquare); see
  DriftStatistics.chiSquared for why modelpress departs from it.
- `wasserstein`: scipy.stats.wasserstein_distance divided by max(numpy.std(reference), 0.001).
- `jensenshannon`: scipy.spatial.distance.jensenshannon of the two count vectors (normalised by
  scipy; natural logarithm, Evidently's base=None).

`histograms` holds two samples of a numeric field binned as Evidently's PSI and Jensen-Shannon
tests bin them (utils.py's get_binned_data): with more than 20 distinct reference values,
numpy.histogram over numpy.histogram_bin_edges(reference + current, bins="sturges"); else one bin
per distinct value of either sample; and `psi` (floored shares) and `jensenshannon` (no floor)
over those bins. `ztests` holds Evidently's two-proportion z-test (z_stattest.py: pooled share,
two-sided; p = 1 when both sides are constant and equal), written with norm.sf for precision.
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
    result = stats.chi2_contingency(np.array([reference[seen], current[seen]]), correction=False)
    return {
        "statistic": float(result.statistic),
        "degrees": int(result.dof),
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


def evidently_binned(reference, current):
    """Evidently's get_binned_data for a numeric column: counts per bin of both samples."""
    if len(np.unique(reference)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
        return np.histogram(reference, edges)[0], np.histogram(current, edges)[0]
    keys = np.unique(np.concatenate([reference, current]))
    return (np.array([(reference == k).sum() for k in keys]), np.array([(current == k).sum() for k in keys]))


def histogram_cases(rng):
    normal = lambda loc, scale, n: np.round(rng.normal(loc, scale, n), 3)
    return {
        "like_for_like": (normal(0, 1, 1000), normal(0, 1, 300)),
        "shifted": (normal(50, 10, 1000), normal(58, 12, 250)),
        "current_wider": (normal(0, 1, 800), normal(0, 3, 400)),
        "skewed": (np.round(rng.lognormal(8, 1, 1200), 1), np.round(rng.lognormal(8.2, 1, 300), 1)),
        "few_values": (rng.integers(0, 8, 1000).astype(float), rng.integers(0, 10, 200).astype(float)),
        "tiny_current": (normal(0, 1, 500), normal(0.2, 1, 12)),
    }


def ztest(reference_hits, reference_rows, current_hits, current_rows):
    p1, p2 = reference_hits / reference_rows, current_hits / current_rows
    pooled = (reference_hits + current_hits) / (reference_rows + current_rows)
    variance = pooled * (1 - pooled) * (1 / reference_rows + 1 / current_rows)
    if variance == 0:
        return 1.0
    return float(2 * stats.norm.sf(abs(p1 - p2) / np.sqrt(variance)))


def ztest_cases():
    return {
        "same_share": (125, 2400, 15, 300),
        "more_missing": (120, 2400, 105, 300),
        "all_missing": (125, 2400, 120, 120),
        "never_missing": (0, 2400, 0, 300),
        "first_missing": (0, 2400, 1, 300),
        "fewer_missing": (300, 1000, 10, 200),
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
    histograms = {}
    for name, (reference, current) in histogram_cases(np.random.default_rng(20261202)).items():
        reference_counts, current_counts = evidently_binned(reference, current)
        histograms[name] = {
            "reference": [float(v) for v in reference],
            "current": [float(v) for v in current],
            "reference_counts": [int(v) for v in reference_counts],
            "current_counts": [int(v) for v in current_counts],
            "psi": psi(reference_counts, current_counts),
            "jensenshannon": float(distance.jensenshannon(reference_counts, current_counts)),
        }
    ztests = {}
    for name, (rh, rn, ch, cn) in ztest_cases().items():
        ztests[name] = {
            "reference_hits": rh,
            "reference_rows": rn,
            "current_hits": ch,
            "current_rows": cn,
            "p_value": ztest(rh, rn, ch, cn),
        }
    fixture = {
        "histograms": histograms,
        "ztests": ztests,
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
