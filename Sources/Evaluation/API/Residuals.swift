/// A regression's residuals (target − prediction) for charts: a histogram over uniform bins
/// from the smallest to the largest residual, and predicted-vs-actual points.
public struct Residuals: Encodable, Equatable, Sendable {
    public struct Point: Encodable, Equatable, Sendable {
        public var actual: Double
        public var predicted: Double
    }

    /// `bins + 1` ascending edges; empty when there are no rows. Equal residuals get one unit
    /// wide bins around them.
    public var edges: [Double]
    /// Rows per bin (`[lower, upper)`, the last bin closed).
    public var counts: [Int]
    /// At most `maxPoints` rows, evenly spaced among the rows sorted by actual then predicted
    /// value, the smallest and the largest kept.
    public var points: [Point]

    /// - Complexity: O(n log n).
    public init(_ data: ScoredValues, bins binCount: Int = 20, maxPoints: Int = 200) {
        let residuals = zip(data.targets, data.predictions).map { $0 - $1 }
        let count = max(1, binCount)
        if let low = residuals.min(), let high = residuals.max() {
            let (start, end) = low < high ? (low, high) : (low - 0.5, high + 0.5)
            let width = (end - start) / Double(count)
            edges = (0...count).map { $0 == count ? end : start + Double($0) * width }
            counts = [Int](repeating: 0, count: count)
            for residual in residuals {
                counts[min(Int((residual - start) / width), count - 1)] += 1
            }
        } else {
            edges = []
            counts = []
        }
        let sorted = zip(data.targets, data.predictions).map { Point(actual: $0, predicted: $1) }
            .sorted { $0.actual != $1.actual ? $0.actual < $1.actual : $0.predicted < $1.predicted }
        points = Downsampling.evenly(sorted, maxPoints: maxPoints)
    }
}
