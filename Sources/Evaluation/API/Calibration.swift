/// Reliability of the scores as probabilities: uniform bins over [0, 1], each with its mean
/// score and observed positive rate, and the expected calibration error
/// `ECE = Σ (nᵦ / n) · |mean scoreᵦ − positive rateᵦ|`.
///
/// Bins follow scikit-learn's `calibration_curve(strategy="uniform")`: edges `i / bins`,
/// a score on an inner edge belongs to the lower bin, 0 to the first and 1 to the last.
public struct Calibration: Encodable, Equatable, Sendable {
    public struct Bin: Encodable, Equatable, Sendable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var positives: Int
        /// nil for an empty bin.
        public var meanScore: Double?
        /// nil for an empty bin.
        public var fractionPositive: Double?

        enum CodingKeys: String, CodingKey {
            case lower, upper, count, positives
            case meanScore = "mean_score"
            case fractionPositive = "fraction_positive"
        }
    }

    /// All bins, empty ones included (with count 0).
    public var bins: [Bin]
    /// nil when there are no rows.
    public var expectedCalibrationError: Double?

    /// - Complexity: O(n · log bins).
    public init(_ data: ScoredLabels, bins binCount: Int = 10) {
        let count = max(1, binCount)
        // Binning uses NumPy's linspace edges (i · step, the last exactly 1) to put edge
        // scores where scikit-learn does; the report shows the nominal edges i / bins.
        let step = 1.0 / Double(count)
        let edges = (0...count).map { $0 == count ? 1.0 : Double($0) * step }
        let nominal = (0...count).map { Double($0) / Double(count) }
        var totals = [Int](repeating: 0, count: count)
        var positives = [Int](repeating: 0, count: count)
        var sums = [Double](repeating: 0, count: count)
        for (label, score) in zip(data.labels, data.scores) {
            let bin = Self.bin(of: score, innerEdges: edges[1..<count])
            totals[bin] += 1
            sums[bin] += score
            if label { positives[bin] += 1 }
        }
        var error = 0.0
        bins = (0..<count).map { i in
            let n = totals[i]
            guard n > 0 else {
                return Bin(lower: nominal[i], upper: nominal[i + 1], count: 0, positives: 0)
            }
            let mean = sums[i] / Double(n)
            let rate = Double(positives[i]) / Double(n)
            error += abs(sums[i] - Double(positives[i]))
            return Bin(
                lower: nominal[i], upper: nominal[i + 1], count: n, positives: positives[i],
                meanScore: mean, fractionPositive: rate)
        }
        expectedCalibrationError = data.count > 0 ? error / Double(data.count) : nil
    }

    /// The number of inner edges strictly below `score` (NumPy's `searchsorted`, side left).
    private static func bin(of score: Double, innerEdges: ArraySlice<Double>) -> Int {
        var low = innerEdges.startIndex, high = innerEdges.endIndex
        while low < high {
            let mid = (low + high) / 2
            if innerEdges[mid] < score { low = mid + 1 } else { high = mid }
        }
        return low - innerEdges.startIndex
    }

    enum CodingKeys: String, CodingKey {
        case bins
        case expectedCalibrationError = "expected_calibration_error"
    }
}
