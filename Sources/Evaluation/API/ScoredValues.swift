/// Regression targets and predictions, one pair per row, checked once so every metric can
/// trust them.
public struct ScoredValues: Sendable, Equatable {
    public let targets: [Double]
    public let predictions: [Double]

    /// - Throws: `EvaluationError` when the lengths differ or a value is not finite. An empty
    ///   set is allowed (a slice may be empty); metrics are then undefined.
    public init(targets: [Double], predictions: [Double]) throws {
        guard targets.count == predictions.count else {
            throw EvaluationError(
                .lengthMismatch(what: "predictions", expected: targets.count, actual: predictions.count))
        }
        for (row, value) in targets.enumerated() where !value.isFinite {
            throw EvaluationError(.badValue(row: row, what: "target", value: value))
        }
        for (row, value) in predictions.enumerated() where !value.isFinite {
            throw EvaluationError(.badValue(row: row, what: "prediction", value: value))
        }
        self.targets = targets
        self.predictions = predictions
    }

    /// Rows already checked (a subset of a checked set).
    init(checkedTargets targets: [Double], predictions: [Double]) {
        self.targets = targets
        self.predictions = predictions
    }

    public var count: Int { targets.count }

    /// The rows at `rows`, in that order.
    func subset(_ rows: [Int]) -> ScoredValues {
        ScoredValues(checkedTargets: rows.map { targets[$0] }, predictions: rows.map { predictions[$0] })
    }
}
