import Models

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

    /// The headline metrics a version must beat its constant baseline on (`baselineShortfall`):
    /// ROC AUC and average precision (binary), macro F1 and accuracy (multiclass), RMSE, R² and
    /// MAE (regression).
    public var baselineMetrics: [String] { Self.baselineMetrics(of: task) }

    /// `baselineMetrics` of a report of `task`.
    public static func baselineMetrics(of task: PredictionTask) -> [String] {
        switch task {
        case .binary: ["roc_auc", "average_precision"]
        case .multiclass: ["macro_f1", "accuracy"]
        case .regression: ["rmse", "r2", "mae"]
        }
    }

    /// The first of `baselineMetrics` on which this version is no better than its constant
    /// baseline (`ConstantBaseline.shortfall(of:)`); nil when it beats it, or without a baseline.
    public var baselineShortfall: ConstantBaseline.Shortfall? {
        let values = Dictionary(headline.map { ($0.name, $0.estimate.value) }) { first, _ in first }
        return baseline?.shortfall(of: baselineMetrics.map { ($0, values[$0] ?? nil) })
    }

    /// Whether a larger value of the headline metric `name` is better: false for the losses and
    /// errors (log loss, Brier score, MAE, RMSE, median absolute error, MAPE), nil for selection
    /// rate (descriptive) and for a name that is no headline metric.
    public static func higherIsBetter(_ name: String) -> Bool? {
        if let binary = MetricName(rawValue: name) { return binary.higherIsBetter }
        switch name {
        case "macro_f1", "weighted_f1", "macro_roc_auc", "r2": return true
        case "mae", "rmse", "median_absolute_error", "mape": return false
        default: return nil
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
