import Basics
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

    /// The other headline metrics a constant baseline is set against, each saying something
    /// `baselineMetrics` do not (`baselineNote`): the labels at the threshold and the
    /// probabilities (binary: accuracy, balanced accuracy, log loss, Brier score; multiclass:
    /// balanced accuracy, weighted F1, log loss, macro ROC AUC) and the typical error of a
    /// regression (median absolute error). Precision, recall, specificity and F1 are left out:
    /// they trade against each other, and the constant's are 0 or 1 by construction.
    public static func otherBaselineMetrics(of task: PredictionTask) -> [String] {
        switch task {
        case .binary: ["accuracy", "balanced_accuracy", "log_loss", "brier_score"]
        case .multiclass: ["balanced_accuracy", "weighted_f1", "log_loss", "macro_roc_auc"]
        case .regression: ["median_absolute_error"]
        }
    }

    /// Trial29 #17: a version that beats the constant on `baselineMetrics` (it ranks rows, or
    /// picks classes, better) may still not beat it on `otherBaselineMetrics`: labels at the
    /// served threshold right less often than always answering the majority class, or
    /// probabilities further from the outcomes than the training rows' class shares (a log
    /// loss above the constant's: an overconfident model). `it beats the constant on roc_auc
    /// and average_precision, not on log_loss 0.7100 against 0.5600 for the constant (it must
    /// be lower): its probabilities are further from the outcomes than the constant's; read
    /// them as scores, not as probabilities, until they are calibrated`. Nil when it beats the
    /// constant on every one of them, when it does not beat it on `baselineMetrics` (the
    /// warning says so), and without a baseline.
    public var baselineNote: String? {
        guard let baseline, baselineShortfall == nil else { return nil }
        let values = Dictionary(headline.map { ($0.name, $0.estimate.value) }) { first, _ in first }
        let short = baseline.shortfalls(of: Self.otherBaselineMetrics(of: task).map { ($0, values[$0] ?? nil) })
        guard !short.isEmpty else { return nil }
        let names = Set(short.map(\.metric))
        var meaning: [String] = []
        if !names.isDisjoint(with: ["accuracy", "balanced_accuracy", "weighted_f1"]) {
            let at = binary.map { " at threshold \(significant($0.threshold, digits: 4))" } ?? ""
            meaning.append("its labels\(at) are no better than the constant's")
        }
        if !names.isDisjoint(with: ["log_loss", "brier_score"]) {
            meaning.append(
                "its probabilities are further from the outcomes than the constant's; read them as scores, not as "
                    + "probabilities, until they are calibrated")
        }
        if names.contains("macro_roc_auc") {
            meaning.append("its class scores rank rows no better than the constant's")
        }
        if names.contains("median_absolute_error") {
            meaning.append("its typical error is no smaller than the constant's: what it gains is on the large errors")
        }
        return "it beats the constant on " + baselineMetrics.joined(separator: " and ") + ", not on "
            + short.map(Self.comparison).joined(separator: ", ") + ": " + meaning.joined(separator: "; ")
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
