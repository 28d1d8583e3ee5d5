// Metrics, confidence intervals, curves, calibration, slices and A/B statistics (issue #4).
