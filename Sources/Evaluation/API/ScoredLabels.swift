/// Binary labels and positive-class probabilities, one pair per row, checked once so every
/// metric can trust them.
public struct ScoredLabels: Sendable, Equatable {
    /// `true` for the positive class.
    public let labels: [Bool]
    /// The model's probability of the positive class, in [0, 1].
    public let scores: [Double]
    /// How many labels are positive.
    public let positives: Int

    /// - Throws: `EvaluationError` when the lengths differ, a score is NaN or outside [0, 1].
    ///   An empty set is allowed (a slice may be empty); metrics are then undefined.
    public init(labels: [Bool], scores: [Double]) throws {
        guard labels.count == scores.count else {
            throw EvaluationError(.lengthMismatch(what: "scores", expected: labels.count, actual: scores.count))
        }
        for (row, score) in scores.enumerated() where !(score >= 0 && score <= 1) {
            throw EvaluationError(.badScore(row: row, value: score))
        }
        self.labels = labels
        self.scores = scores
        var positives = 0
        for label in labels where label { positives += 1 }
        self.positives = positives
    }

    /// Labels given as 0/1 integers.
    /// - Throws: `EvaluationError` when a label is not 0 or 1, or as `init(labels:scores:)`.
    public init(labels: [Int], scores: [Double]) throws {
        var flags = [Bool](repeating: false, count: labels.count)
        for (row, label) in labels.enumerated() {
            guard label == 0 || label == 1 else { throw EvaluationError(.badLabel(row: row, value: label)) }
            flags[row] = label == 1
        }
        try self.init(labels: flags, scores: scores)
    }

    /// Rows already checked (a subset of a checked set).
    init(checkedLabels labels: [Bool], scores: [Double]) {
        self.labels = labels
        self.scores = scores
        var positives = 0
        for label in labels where label { positives += 1 }
        self.positives = positives
    }

    public var count: Int { labels.count }
    public var negatives: Int { count - positives }

    /// The rows at `rows`, in that order.
    func subset(_ rows: [Int]) -> ScoredLabels {
        ScoredLabels(checkedLabels: rows.map { labels[$0] }, scores: rows.map { scores[$0] })
    }
}
