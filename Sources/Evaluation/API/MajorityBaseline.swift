/// The accuracy of always answering the most common true class, among predictions with
/// feedback: the majority-class baseline that an accuracy must be read against on an
/// imbalanced endpoint (trial22 #10: 0.992 on a 2%-positive endpoint, where always answering
/// `no` scores 0.98). `ab show`, the A/B page and `monitor` show it beside accuracy when
/// `dominates` says the accuracy is mostly the majority class.
public struct MajorityBaseline: Equatable, Sendable {
    /// The most common true class (among equals, the first in text order).
    public var majorityClass: String
    /// Predictions with feedback.
    public var total: Int
    /// Of them, those whose true class is `majorityClass`.
    public var majorityCount: Int

    /// Below this many predictions with feedback outside the majority class, accuracy says
    /// little about how a model finds the other classes: a wrong answer on one of them moves
    /// accuracy by less than its interval.
    public static let fewOthers = 10

    /// The baseline from the true classes' counts; nil when there are none.
    /// - Parameter trueClassCounts: predictions with feedback by their true class.
    public init?(trueClassCounts: [String: Int]) {
        guard let top = trueClassCounts.filter({ $0.value > 0 }).max(by: { ($0.value, $1.key) < ($1.value, $0.key) })
        else { return nil }
        majorityClass = top.key
        majorityCount = top.value
        total = trueClassCounts.values.reduce(0, +)
    }

    /// Predictions with feedback whose true class is not the majority class.
    public var others: Int { total - majorityCount }

    /// The baseline's accuracy, `majorityCount / total`, with its Wilson 95% interval.
    public var accuracy: MetricEstimate {
        .wilson(successes: majorityCount, trials: total, undefinedNote: "no feedback")
    }

    /// Whether fewer than `fewOthers` predictions with feedback are of another class than the
    /// majority's.
    public var hasFewOthers: Bool { others < Self.fewOthers }

    /// Whether `accuracy` lies within the baseline's Wilson 95% interval.
    public func contains(accuracy: Double) -> Bool {
        let baseline = self.accuracy
        guard let lower = baseline.lower, let upper = baseline.upper else { return false }
        return accuracy >= lower && accuracy <= upper
    }

    /// Whether an `accuracy` on these predictions says little beyond the majority class:
    /// `hasFewOthers`, or it lies within the baseline's interval.
    public func dominates(accuracy: Double) -> Bool {
        hasFewOthers || contains(accuracy: accuracy)
    }
}
