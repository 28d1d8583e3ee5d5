import Basics

/// The headline metrics of a multiclass classifier on one set of rows (the whole test set, or
/// one slice), each with its 95% interval: Wilson for the proportions (accuracy, per-class
/// precision and recall), the seeded bootstrap stratified by class for the rest — rows resampled
/// for log loss and the AUCs, each class's row of the confusion matrix drawn from its Jeffreys
/// posterior for balanced accuracy and the F1s (`ConfusionPosterior`) — or no interval and the
/// reason when every resample gives the same value. Predictions are the most probable class.
public struct MulticlassMetrics: Encodable, Equatable, Sendable {
    /// One class against the rest.
    public struct PerClass: Encodable, Equatable, Sendable {
        public var name: String
        /// Rows of this class.
        public var support: Int
        public var precision: MetricEstimate
        public var recall: MetricEstimate
        public var f1: MetricEstimate
        /// One-vs-rest ROC AUC on the probability of this class.
        public var rocAUC: MetricEstimate

        /// Below this many test rows a class's intervals rest on a handful of rows (one row gives
        /// an F1 of `0 [0, 0]`, a one-vs-rest AUC from one positive), so the class is flagged too
        /// small and its metrics are shown without intervals, as slices below their minimum are.
        public static let minimumSupport = 10

        /// Why the class has too few test rows to judge; nil when it has enough.
        public var tooSmallReason: String? {
            support < Self.minimumSupport ? "\(counted(support, "test row")), fewer than \(Self.minimumSupport)" : nil
        }

        enum CodingKeys: String, CodingKey {
            case name, support, precision, recall, f1
            case rocAUC = "roc_auc"
        }
    }

    public var accuracy: MetricEstimate
    /// The mean recall over the classes present.
    public var balancedAccuracy: MetricEstimate
    /// The mean F1 over the classes present or predicted.
    public var macroF1: MetricEstimate
    /// F1 averaged with support weights.
    public var weightedF1: MetricEstimate
    public var logLoss: MetricEstimate
    /// The mean of the one-vs-rest AUCs (scikit-learn's `roc_auc_score(multi_class="ovr")`);
    /// undefined unless every class has rows and non-rows.
    public var macroROCAUC: MetricEstimate
    /// In the order of the classes.
    public var perClass: [PerClass]

    /// Every metric of `data`.
    /// - Parameter salt: names the bootstrap stream (a slice's name), so each slice's
    ///   intervals are reproducible on their own.
    /// - Complexity: O(k · n log n + resamples · k · n).
    public static func compute(
        _ data: ScoredClasses, bootstrap: BootstrapSettings, salt: String = "all"
    )
        -> MulticlassMetrics
    {
        let ranked = RankedClasses(data)
        let k = ranked.classCount
        let point = ranked.pointPass()
        let summaries = RankedClasses.Summary.allCases.count
        let resampled = Bootstrap.resample(
            strata: ranked.rowsOfClass, buckets: data.count, width: summaries + 2 * k, settings: bootstrap, salt: salt
        ) { counts in ranked.pass(counts).values }
        let drawn = drawConfusion(point.counts, settings: bootstrap, salt: salt)
        func bootstrapped(_ column: Int, undefined: String) -> MetricEstimate {
            let value = point.values[column]
            // The metrics of the confusion matrix: balanced accuracy, macro and weighted F1, F1s.
            if let row = confusionColumn(column, classes: k) {
                return ConfusionPosterior.estimate(
                    value.isNaN ? nil : value, drawn: drawn[row], settings: bootstrap, undefined: undefined)
            }
            return Bootstrap.estimate(
                value.isNaN ? nil : value, resampled: resampled[column], settings: bootstrap, undefined: undefined)
        }
        func summary(_ metric: RankedClasses.Summary, undefined: String) -> MetricEstimate {
            bootstrapped(metric.rawValue, undefined: undefined)
        }
        let counts = point.counts
        let perClass = (0..<k).map { c in
            let tp = Int(counts.truePositives(c))
            let support = Int(counts.support(c))
            return PerClass(
                name: data.classes[c], support: support,
                precision: .wilson(
                    successes: tp, trials: Int(counts.predictedCount(c)),
                    undefinedNote: "no row is predicted this class"),
                recall: .wilson(successes: tp, trials: support, undefinedNote: "no rows of this class"),
                f1: bootstrapped(summaries + c, undefined: "no rows of this class and none predicted"),
                rocAUC: bootstrapped(summaries + k + c, undefined: "needs rows of this class and of another"))
        }
        return MulticlassMetrics(
            accuracy: .wilson(successes: Int(counts.correct), trials: data.count, undefinedNote: "no rows"),
            balancedAccuracy: summary(.balancedAccuracy, undefined: "no rows"),
            macroF1: summary(.macroF1, undefined: "no rows"),
            weightedF1: summary(.weightedF1, undefined: "no rows"),
            logLoss: summary(.logLoss, undefined: "no rows"),
            macroROCAUC: summary(.macroROCAUC, undefined: "needs rows of every class"),
            perClass: perClass)
    }

    /// Where column `column` of `RankedClasses.pass` sits among `drawConfusion`'s columns; nil for
    /// a metric of the scores (log loss, the AUCs).
    private static func confusionColumn(_ column: Int, classes k: Int) -> Int? {
        let summaries = RankedClasses.Summary.allCases.count
        switch column {
        case RankedClasses.Summary.balancedAccuracy.rawValue: return 0
        case RankedClasses.Summary.macroF1.rawValue: return 1
        case RankedClasses.Summary.weightedF1.rawValue: return 2
        case summaries..<summaries + k: return 3 + column - summaries
        default: return nil
        }
    }

    /// Drawn balanced accuracy, macro F1, weighted F1, then each class's F1, from matrices whose
    /// rows `ConfusionPosterior` draws; macro F1 averages the classes `counts` averages.
    private static func drawConfusion(
        _ counts: WeightedClassCounts, settings: BootstrapSettings, salt: String
    )
        -> [[Double]]
    {
        let k = counts.classes
        let averaged = (0..<k).filter { counts.f1($0) != nil }
        return ConfusionPosterior.resample(rows: counts.countRows, width: 3 + k, settings: settings, salt: salt) {
            let matrix = WeightedClassCounts(rows: $0)
            return [
                matrix.balancedAccuracy ?? .nan, matrix.macroF1(over: averaged) ?? .nan, matrix.weightedF1 ?? .nan,
            ] + (0..<k).map { matrix.f1($0) ?? .nan }
        }
    }

    enum CodingKeys: String, CodingKey {
        case accuracy
        case balancedAccuracy = "balanced_accuracy"
        case macroF1 = "macro_f1"
        case weightedF1 = "weighted_f1"
        case logLoss = "log_loss"
        case macroROCAUC = "macro_roc_auc"
        case perClass = "per_class"
    }
}
