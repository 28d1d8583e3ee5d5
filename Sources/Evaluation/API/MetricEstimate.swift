/// One metric's value with its 95% confidence interval and how the interval was obtained.
/// `value` is nil when the metric is undefined on the data (AUC with one class only,
/// precision with no positive predictions); `note` then says why.
public struct MetricEstimate: Codable, Equatable, Sendable {
    /// How an interval was computed.
    public enum Method: String, Codable, Sendable {
        /// Wilson score interval for a binomial proportion.
        case wilson
        /// Percentile interval of a seeded stratified bootstrap: rows resampled within each class
        /// for the metrics of scores and for regression, each class's row of the confusion matrix
        /// drawn from its Jeffreys posterior for the metrics of the confusion matrix
        /// (`BootstrapSettings.confusionRowPrior`).
        case bootstrap
        /// Student's t interval of a mean.
        case t
        /// Welch's t interval of a difference of two means.
        case welch
        /// No interval (the metric is undefined, or no interval applies).
        case none
    }

    public var value: Double?
    public var lower: Double?
    public var upper: Double?
    public var method: Method
    public var note: String?

    public init(value: Double?, lower: Double? = nil, upper: Double? = nil, method: Method = .none, note: String? = nil)
    {
        self.value = value
        self.lower = lower
        self.upper = upper
        self.method = method
        self.note = note
    }

    /// The note of an estimate whose bootstrap resamples all give its value: the resamples show
    /// no spread, which is not certainty, and a zero-width interval would claim it, so there is none.
    public static let sameInEveryResample = "no interval: every bootstrap resample gives the same value"

    /// Whether `lower` and `upper` are the same number (to rounding): an interval that says nothing
    /// about uncertainty.
    public static func isZeroWidth(lower: Double, upper: Double) -> Bool {
        upper - lower <= 1e-12 * max(1, abs(lower), abs(upper))
    }

    /// The text shown beside a value that has no interval: its note, when it has a value, no
    /// interval and a note (`no interval: every bootstrap resample gives the same value, …`);
    /// nil otherwise.
    public var missingIntervalNote: String? {
        value != nil && (lower == nil || upper == nil) ? note : nil
    }

    /// An undefined metric, with the reason.
    public static func undefined(_ note: String) -> MetricEstimate {
        MetricEstimate(value: nil, note: note)
    }

    /// The note of a mean, or a difference of means, whose values are all the same: the sample
    /// shows no spread, which is not certainty, and a zero-width t interval would claim it.
    public static let sameValues = "no interval: every value is the same, so the sample shows no spread"

    /// A mean of `count` values with Student's t 95% interval from their sample variance
    /// (n − 1); undefined for no values, without an interval for one or for values that are all
    /// the same (`sameValues`: no zero-width interval).
    public static func mean(_ mean: Double, variance: Double, count: Int, undefinedNote: String) -> MetricEstimate {
        switch count {
        case ...0: return .undefined(undefinedNote)
        case 1: return MetricEstimate(value: mean, note: "one value, no interval")
        default:
            let half = StudentT.quantile(0.975, degrees: Double(count - 1)) * (variance / Double(count)).squareRoot()
            guard !isZeroWidth(lower: mean - half, upper: mean + half) else {
                return MetricEstimate(value: mean, method: .t, note: sameValues)
            }
            return MetricEstimate(value: mean, lower: mean - half, upper: mean + half, method: .t)
        }
    }

    /// A proportion `successes / trials` with its Wilson interval; undefined when `trials` is 0.
    public static func wilson(successes: Int, trials: Int, undefinedNote: String) -> MetricEstimate {
        guard let interval = WilsonInterval(successes: successes, trials: trials) else {
            return .undefined(undefinedNote)
        }
        return MetricEstimate(
            value: Double(successes) / Double(trials), lower: interval.lower, upper: interval.upper,
            method: .wilson)
    }

    // `value` is always written (as null when undefined) so readers see the key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(lower, forKey: .lower)
        try container.encodeIfPresent(upper, forKey: .upper)
        try container.encode(method, forKey: .method)
        try container.encodeIfPresent(note, forKey: .note)
    }
}

/// The Wilson score interval at 95% for a binomial proportion: well behaved at 0 and at n
/// (where the normal approximation collapses to a zero-width interval).
public struct WilsonInterval: Equatable, Sendable {
    /// The 97.5th percentile of the standard normal distribution.
    public static let z95 = 1.959963984540054

    public var lower: Double
    public var upper: Double

    /// nil when `trials` is 0 or the counts are inconsistent.
    public init?(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At 0 and n the exact bound is the observed proportion; say so without rounding noise.
        lower = successes == 0 ? 0 : max(0, center - half)
        upper = successes == trials ? 1 : min(1, center + half)
    }
}
