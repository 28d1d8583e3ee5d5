/// How the scores of each class are distributed: counts in uniform bins over [0, 1]
/// (`[lower, upper)`, the last bin closed), for the site's score-distribution chart.
public struct ScoreHistogram: Encodable, Equatable, Sendable {
    /// `bins + 1` edges from 0 to 1.
    public var edges: [Double]
    /// Counts of positive rows per bin.
    public var positive: [Int]
    /// Counts of negative rows per bin.
    public var negative: [Int]

    /// - Complexity: O(n).
    public init(_ data: ScoredLabels, bins binCount: Int = 20) {
        let count = max(1, binCount)
        edges = (0...count).map { Double($0) / Double(count) }
        positive = [Int](repeating: 0, count: count)
        negative = [Int](repeating: 0, count: count)
        for (label, score) in zip(data.labels, data.scores) {
            let bin = min(Int(score * Double(count)), count - 1)
            if label { positive[bin] += 1 } else { negative[bin] += 1 }
        }
    }
}
