/// Every headline metric of one set of rows (the whole test set, or one slice), each with
/// its 95% interval: Wilson for the proportions, the seeded stratified bootstrap for the rest
/// (rows resampled for the metrics of the scores; for balanced accuracy, F1 and MCC each class's
/// row of the confusion matrix drawn from its Jeffreys posterior, `ConfusionPosterior`), or no
/// interval and the reason when every resample gives the same value.
public struct HeadlineMetrics: Encodable, Equatable, Sendable {
    public var accuracy: MetricEstimate
    public var balancedAccuracy: MetricEstimate
    public var precision: MetricEstimate
    public var recall: MetricEstimate
    public var specificity: MetricEstimate
    public var f1: MetricEstimate
    public var mcc: MetricEstimate
    public var selectionRate: MetricEstimate
    public var rocAUC: MetricEstimate
    public var averagePrecision: MetricEstimate
    public var logLoss: MetricEstimate
    public var brierScore: MetricEstimate

    /// The estimate for `name`.
    public subscript(name: MetricName) -> MetricEstimate {
        switch name {
        case .accuracy: accuracy
        case .balancedAccuracy: balancedAccuracy
        case .precision: precision
        case .recall: recall
        case .specificity: specificity
        case .f1: f1
        case .mcc: mcc
        case .selectionRate: selectionRate
        case .rocAUC: rocAUC
        case .averagePrecision: averagePrecision
        case .logLoss: logLoss
        case .brierScore: brierScore
        }
    }

    /// Computes every metric of `data` at `threshold`.
    /// - Parameter salt: names the bootstrap stream (a slice's name), so each slice's
    ///   intervals are reproducible on their own.
    /// - Complexity: O(n log n + resamples · n).
    public static func compute(
        _ data: ScoredLabels, threshold: Double, bootstrap: BootstrapSettings, salt: String = "all"
    ) -> HeadlineMetrics {
        let ranked = RankedScores(data, threshold: threshold)
        return compute(ranked, bootstrap: bootstrap, salt: salt)
    }

    static func compute(_ ranked: RankedScores, bootstrap: BootstrapSettings, salt: String) -> HeadlineMetrics {
        let point = ranked.pointPass()
        let c = point.counts
        let resampled = Bootstrap.resample(ranked, settings: bootstrap, salt: salt)
            .merging(Bootstrap.drawConfusion(c, settings: bootstrap, salt: salt)) { rows, _ in rows }
        let tp = Int(c.truePositives), fp = Int(c.falsePositives)
        let tn = Int(c.trueNegatives), fn = Int(c.falseNegatives)
        let n = tp + fp + tn + fn

        func bootstrapped(_ name: MetricName, _ value: Double?, undefined: String) -> MetricEstimate {
            Bootstrap.estimate(
                value, resampled: resampled[name] ?? [], settings: bootstrap, undefined: undefined,
                reachingValue: Bootstrap.confusionMetrics.contains(name))
        }

        let noRows = "no rows"
        let oneClass = "needs both classes"
        return HeadlineMetrics(
            accuracy: .wilson(successes: tp + tn, trials: n, undefinedNote: noRows),
            balancedAccuracy: bootstrapped(.balancedAccuracy, c.balancedAccuracy, undefined: oneClass),
            precision: .wilson(successes: tp, trials: tp + fp, undefinedNote: "no row is predicted positive"),
            recall: .wilson(successes: tp, trials: tp + fn, undefinedNote: "no positive rows"),
            specificity: .wilson(successes: tn, trials: tn + fp, undefinedNote: "no negative rows"),
            f1: bootstrapped(.f1, c.f1, undefined: "no positive rows and none predicted"),
            mcc: bootstrapped(.mcc, c.mcc, undefined: oneClass),
            selectionRate: .wilson(successes: tp + fp, trials: n, undefinedNote: noRows),
            rocAUC: bootstrapped(.rocAUC, point.auc, undefined: oneClass),
            averagePrecision: bootstrapped(.averagePrecision, point.averagePrecision, undefined: "no positive rows"),
            logLoss: bootstrapped(.logLoss, point.logLoss, undefined: noRows),
            brierScore: bootstrapped(.brierScore, point.brierScore, undefined: noRows))
    }

    enum CodingKeys: String, CodingKey {
        case accuracy
        case balancedAccuracy = "balanced_accuracy"
        case precision, recall, specificity, f1, mcc
        case selectionRate = "selection_rate"
        case rocAUC = "roc_auc"
        case averagePrecision = "average_precision"
        case logLoss = "log_loss"
        case brierScore = "brier_score"
    }
}
