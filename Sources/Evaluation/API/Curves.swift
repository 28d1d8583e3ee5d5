/// The ROC curve: one point per distinct score, from (0, 0) — the threshold above every
/// score — down to (1, 1), as scikit-learn's `roc_curve(drop_intermediate=False)`.
public struct ROCCurve: Encodable, Equatable, Sendable {
    public struct Point: Encodable, Equatable, Sendable {
        public var falsePositiveRate: Double
        public var truePositiveRate: Double
        /// The score at and above which rows are predicted positive; nil for the first point.
        public var threshold: Double?

        enum CodingKeys: String, CodingKey {
            case falsePositiveRate = "fpr"
            case truePositiveRate = "tpr"
            case threshold
        }
    }

    /// Empty when the data lack a class (the curve is undefined).
    public var points: [Point]

    /// - Complexity: O(n log n).
    public init(_ data: ScoredLabels) {
        points = []
        guard data.positives > 0, data.negatives > 0 else { return }
        let ranked = RankedScores(data, threshold: 1)
        let p = Double(data.positives), n = Double(data.negatives)
        points.reserveCapacity(ranked.groupCount + 1)
        points.append(Point(falsePositiveRate: 0, truePositiveRate: 0, threshold: nil))
        var tp = 0.0, fp = 0.0
        for g in 0..<ranked.groupCount {
            tp += Double(ranked.groupPositives[g])
            fp += Double(ranked.groupNegatives[g])
            points.append(Point(falsePositiveRate: fp / n, truePositiveRate: tp / p, threshold: ranked.groupScores[g]))
        }
    }

    init(points: [Point]) {
        self.points = points
    }

    /// At most `maxPoints` points, evenly spaced along the curve's index, first and last kept.
    public func downsampled(to maxPoints: Int) -> ROCCurve {
        ROCCurve(points: Downsampling.evenly(points, maxPoints: maxPoints))
    }
}

/// The precision–recall curve: one point per distinct score in descending order, after the
/// conventional start (recall 0, precision 1) — scikit-learn's `precision_recall_curve`, reversed.
public struct PrecisionRecallCurve: Encodable, Equatable, Sendable {
    public struct Point: Encodable, Equatable, Sendable {
        public var recall: Double
        public var precision: Double
        /// nil for the conventional start point.
        public var threshold: Double?
    }

    /// Empty when there are no positive rows (recall is undefined).
    public var points: [Point]

    /// - Complexity: O(n log n).
    public init(_ data: ScoredLabels) {
        points = []
        guard data.positives > 0 else { return }
        let ranked = RankedScores(data, threshold: 1)
        let p = Double(data.positives)
        points.reserveCapacity(ranked.groupCount + 1)
        points.append(Point(recall: 0, precision: 1, threshold: nil))
        var tp = 0.0, fp = 0.0
        for g in 0..<ranked.groupCount {
            tp += Double(ranked.groupPositives[g])
            fp += Double(ranked.groupNegatives[g])
            points.append(Point(recall: tp / p, precision: tp / (tp + fp), threshold: ranked.groupScores[g]))
        }
    }

    init(points: [Point]) {
        self.points = points
    }

    /// At most `maxPoints` points, evenly spaced along the curve's index, first and last kept.
    public func downsampled(to maxPoints: Int) -> PrecisionRecallCurve {
        PrecisionRecallCurve(points: Downsampling.evenly(points, maxPoints: maxPoints))
    }
}

enum Downsampling {
    /// Elements at evenly spaced indices, always including the first and the last.
    static func evenly<T>(_ items: [T], maxPoints: Int) -> [T] {
        guard items.count > maxPoints, maxPoints >= 2 else { return items }
        let last = items.count - 1
        return (0..<maxPoints).map { i in
            items[Int((Double(i) * Double(last) / Double(maxPoints - 1)).rounded())]
        }
    }
}
