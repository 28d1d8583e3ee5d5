/// Multiclass labels and class probabilities, one row each, checked once so every metric can
/// trust them.
public struct ScoredClasses: Sendable, Equatable {
    /// The class names, in the order of the probability columns.
    public let classes: [String]
    /// The true class of each row, an index into `classes`.
    public let labels: [Int]
    /// Row-major, `count × classes.count`: the model's probability of each class for each row.
    public let probabilities: [Double]

    /// The tolerance on a row's sum of probabilities.
    static let sumTolerance = 1e-6

    /// - Parameters:
    ///   - labels: the true class index of each row, in `0..<classes.count`.
    ///   - probabilities: row-major, `labels.count × classes.count`, each row summing to 1
    ///     (within 1e-6).
    ///   - classes: the class names, at least two.
    /// - Throws: `EvaluationError` when there are fewer than two classes, the lengths differ,
    ///   a label is out of range, or a probability is outside [0, 1] or a row does not sum to 1.
    ///   An empty set is allowed (a slice may be empty); metrics are then undefined.
    public init(labels: [Int], probabilities: [Double], classes: [String]) throws {
        let k = classes.count
        guard k >= 2 else {
            throw EvaluationError(.badParameter(name: "classes", message: "need at least two, got \(k)"))
        }
        guard probabilities.count == labels.count * k else {
            throw EvaluationError(
                .lengthMismatch(
                    what: "probabilities (\(k) per row)", expected: labels.count * k, actual: probabilities.count))
        }
        for (row, label) in labels.enumerated() {
            guard (0..<k).contains(label) else { throw EvaluationError(.badClass(row: row, value: label, classes: k)) }
            var sum = 0.0
            for value in probabilities[row * k..<(row + 1) * k] {
                guard value >= 0, value <= 1 else {
                    throw EvaluationError(.badProbabilities(row: row, message: "hold \(value), outside [0, 1]"))
                }
                sum += value
            }
            guard abs(sum - 1) <= Self.sumTolerance else {
                throw EvaluationError(.badProbabilities(row: row, message: "sum to \(sum), not 1"))
            }
        }
        self.init(checkedLabels: labels, probabilities: probabilities, classes: classes)
    }

    /// Rows already checked (a subset of a checked set).
    init(checkedLabels labels: [Int], probabilities: [Double], classes: [String]) {
        self.labels = labels
        self.probabilities = probabilities
        self.classes = classes
    }

    public var count: Int { labels.count }

    /// The predicted class of `row`: the most probable, the first one on a tie (NumPy's argmax).
    func predicted(_ row: Int) -> Int {
        let k = classes.count
        var best = 0
        for c in 1..<k where probabilities[row * k + c] > probabilities[row * k + best] { best = c }
        return best
    }

    /// Rows of class `c` against the rest, scored by the probability of `c`.
    func oneVsRest(_ c: Int) -> ScoredLabels {
        let k = classes.count
        return ScoredLabels(
            checkedLabels: labels.map { $0 == c }, scores: (0..<count).map { probabilities[$0 * k + c] })
    }

    /// The rows at `rows`, in that order.
    func subset(_ rows: [Int]) -> ScoredClasses {
        let k = classes.count
        var probabilities: [Double] = []
        probabilities.reserveCapacity(rows.count * k)
        for row in rows { probabilities += self.probabilities[row * k..<(row + 1) * k] }
        return ScoredClasses(checkedLabels: rows.map { labels[$0] }, probabilities: probabilities, classes: classes)
    }
}
