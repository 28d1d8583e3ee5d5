/// The headline metrics, by the names used in reports and diffs.
public enum MetricName: String, Codable, CaseIterable, Sendable {
    case accuracy
    case balancedAccuracy = "balanced_accuracy"
    case precision
    case recall
    case specificity
    case f1
    case mcc
    case selectionRate = "selection_rate"
    case rocAUC = "roc_auc"
    case averagePrecision = "average_precision"
    case logLoss = "log_loss"
    case brierScore = "brier_score"

    /// Whether a larger value is better (false for the losses, and for selection rate,
    /// which is descriptive rather than good or bad).
    public var higherIsBetter: Bool? {
        switch self {
        case .logLoss, .brierScore: false
        case .selectionRate: nil
        default: true
        }
    }

    /// The metrics whose value depends on the threshold.
    public var needsThreshold: Bool {
        switch self {
        case .rocAUC, .averagePrecision, .logLoss, .brierScore: false
        default: true
        }
    }
}
