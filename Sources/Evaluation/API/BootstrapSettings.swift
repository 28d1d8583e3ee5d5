/// How bootstrap intervals are drawn: recorded in every report so an interval can be
/// reproduced exactly.
public struct BootstrapSettings: Encodable, Equatable, Sendable {
    /// Resamples per interval.
    public var resamples: Int
    /// The seed of the SplitMix64 streams: each slice and each resample derives its own stream
    /// from it (and the slice name and resample number), so results do not depend on threads.
    public var seed: UInt64
    /// Whether each resample keeps the count of each class (positives and negatives, or every
    /// class), so AUC stays defined in every resample: true for classification; false for
    /// regression, whose rows are resampled as one group.
    public var stratified: Bool
    /// The interval's coverage (percentile interval).
    public var confidence: Double

    public init(resamples: Int = 1000, seed: UInt64 = 20_261_122) {
        self.resamples = resamples
        self.seed = seed
        self.stratified = true
        self.confidence = 0.95
    }
}
