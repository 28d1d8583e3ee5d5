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
    /// The Dirichlet prior on each cell of a true class's row of the confusion matrix, from whose
    /// posterior each resample draws that row for the metrics of the confusion matrix (balanced
    /// accuracy, F1, MCC, macro and weighted F1): 0.5, Jeffreys' (see `ConfusionPosterior`). nil
    /// for a regression, and in reports written before it was kept, whose confusion-matrix
    /// metrics resampled rows (and could show a zero-width interval).
    public var confusionRowPrior: Double?

    public init(resamples: Int = 1000, seed: UInt64 = 20_261_122) {
        self.resamples = resamples
        self.seed = seed
        self.stratified = true
        self.confidence = 0.95
        self.confusionRowPrior = ConfusionPosterior.prior
    }

    enum CodingKeys: String, CodingKey {
        case resamples, seed, stratified, confidence
        case confusionRowPrior = "confusion_row_prior"
    }
}
