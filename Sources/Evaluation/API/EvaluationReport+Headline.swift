extension EvaluationReport {
    /// The task's headline metrics by their names in the report, in display order: for binary
    /// every `MetricName`; for multiclass accuracy, balanced_accuracy, macro_f1, weighted_f1,
    /// log_loss, macro_roc_auc; for regression mae, rmse, r2, median_absolute_error, mape.
    public var headline: [(name: String, estimate: MetricEstimate)] {
        switch results {
        case .binary(let binary):
            return MetricName.allCases.map { ($0.rawValue, binary.metrics[$0]) }
        case .multiclass(let multiclass):
            let m = multiclass.metrics
            return [
                ("accuracy", m.accuracy), ("balanced_accuracy", m.balancedAccuracy), ("macro_f1", m.macroF1),
                ("weighted_f1", m.weightedF1), ("log_loss", m.logLoss), ("macro_roc_auc", m.macroROCAUC),
            ]
        case .regression(let regression):
            let m = regression.metrics
            return [
                ("mae", m.meanAbsoluteError), ("rmse", m.rootMeanSquaredError), ("r2", m.r2),
                ("median_absolute_error", m.medianAbsoluteError), ("mape", m.meanAbsolutePercentageError),
            ]
        }
    }

    /// The expected calibration error of a classifier (top-label for multiclass); nil for a
    /// regression or without rows.
    public var expectedCalibrationError: Double? {
        switch results {
        case .binary(let binary): binary.calibration.expectedCalibrationError
        case .multiclass(let multiclass): multiclass.calibration.expectedCalibrationError
        case .regression: nil
        }
    }
}
