import Models

/// Counts of a binary classifier's decisions at one threshold; a row is predicted positive
/// when its score is above the threshold (`PositiveClass.isPredicted`, the rule served labels use).
public struct ConfusionMatrix: Encodable, Equatable, Sendable {
    public var truePositives: Int
    public var falsePositives: Int
    public var trueNegatives: Int
    public var falseNegatives: Int

    public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// The matrix of `data` at `threshold`.
    /// - Complexity: O(n).
    public init(_ data: ScoredLabels, threshold: Double) {
        var tp = 0, fp = 0, tn = 0, fn = 0
        for (label, score) in zip(data.labels, data.scores) {
            switch (label, PositiveClass.isPredicted(score, threshold: threshold)) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            case (true, false): fn += 1
            }
        }
        self.init(truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn)
    }

    public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    public var positives: Int { truePositives + falseNegatives }
    public var negatives: Int { trueNegatives + falsePositives }
    public var predictedPositives: Int { truePositives + falsePositives }

    // Each ratio is nil when its denominator is zero.
    public var accuracy: Double? { weighted.accuracy }
    public var balancedAccuracy: Double? { weighted.balancedAccuracy }
    public var precision: Double? { weighted.precision }
    /// Recall, the true-positive rate.
    public var recall: Double? { weighted.recall }
    public var specificity: Double? { weighted.specificity }
    public var f1: Double? { weighted.f1 }
    /// Matthews correlation coefficient; nil when a row or column of the matrix is empty.
    public var mcc: Double? { weighted.mcc }
    /// The share of rows predicted positive (what demographic parity compares).
    public var selectionRate: Double? { weighted.selectionRate }

    var weighted: WeightedCounts {
        WeightedCounts(
            truePositives: Double(truePositives), falsePositives: Double(falsePositives),
            trueNegatives: Double(trueNegatives), falseNegatives: Double(falseNegatives))
    }

    enum CodingKeys: String, CodingKey {
        case truePositives = "tp"
        case falsePositives = "fp"
        case trueNegatives = "tn"
        case falseNegatives = "fn"
    }
}
