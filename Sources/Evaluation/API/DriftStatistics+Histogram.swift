import Foundation

extension DriftStatistics {
    /// Counts two samples of a numeric field into the bins Evidently's binned tests (PSI,
    /// Jensen–Shannon) use, `get_binned_data` in evidently/legacy/calculations/stattests/utils.py:
    /// with more than 20 distinct reference values, Sturges' bins over both samples together
    /// (`numpy.histogram_bin_edges(reference + current, bins="sturges")`: ⌈log₂ n + 1⌉ equal
    /// bins from the smallest to the largest value, each closed on the left, the last on both
    /// sides); else one bin per distinct value of either sample.
    /// - Parameters:
    ///   - reference: the training values (present ones only).
    ///   - current: the served values (present ones only).
    /// - Returns: counts per bin, the same bins on both sides.
    /// - Throws: `EvaluationError` when a sample is empty or holds a value that is not finite.
    /// - Complexity: O((m + n) log(m + n)).
    public static func histogram(
        reference: [Double], current: [Double]
    ) throws -> (
        reference: [Int], current: [Int]
    ) {
        let reference = try sortedSample(reference, name: "reference")
        let current = try sortedSample(current, name: "current")
        if Set(reference).count <= 20 {
            let keys = Set(reference).union(current).sorted()
            let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
            return (
                counted(reference, into: keys.count) { index[$0] }, counted(current, into: keys.count) { index[$0] }
            )
        }
        let edges = sturgesEdges(
            lowest: min(reference[0], current[0]), highest: max(reference.last!, current.last!),
            count: reference.count + current.count)
        let bins = edges.count - 1
        let bin = { (value: Double) -> Int? in
            // The last bin holds its upper edge; the others hold values at or above their lower edge.
            var low = 0, high = edges.count
            while low < high {
                let middle = (low + high) / 2
                if edges[middle] <= value { low = middle + 1 } else { high = middle }
            }
            return min(max(low - 1, 0), bins - 1)
        }
        return (counted(reference, into: bins, bin), counted(current, into: bins, bin))
    }

    /// numpy's Sturges edges for `count` values from `lowest` to `highest`: the bin width
    /// `(highest − lowest) / (log₂ count + 1)`, as many bins as fit it (rounded up), and the
    /// edges `numpy.linspace` places (the last one exactly `highest`); a constant sample gets
    /// one bin of width 1 around its value.
    static func sturgesEdges(lowest: Double, highest: Double, count: Int) -> [Double] {
        guard highest > lowest else { return [lowest - 0.5, highest + 0.5] }
        let width = (highest - lowest) / (log2(Double(count)) + 1)
        let bins = Int(((highest - lowest) / width).rounded(.up))
        let step = (highest - lowest) / Double(bins)
        return (0...bins).map { $0 == bins ? highest : Double($0) * step + lowest }
    }

    private static func counted(_ values: [Double], into bins: Int, _ bin: (Double) -> Int?) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        for value in values { if let b = bin(value) { counts[b] += 1 } }
        return counts
    }

    /// The two-proportion z-test Evidently's `z` test runs (z_stattest.py): the share of hits
    /// in the reference against the current one, with the pooled share's standard error,
    /// two-sided; p = 1 when neither side has any hit or both are all hits.
    /// - Parameters:
    ///   - referenceHits: rows with the property among `referenceRows` training rows.
    ///   - currentHits: rows with it among `currentRows` served ones.
    /// - Returns: the p-value; drift when it is below the threshold (0.05).
    /// - Throws: `EvaluationError` when a side has no rows or more hits than rows.
    public static func proportionZTest(
        referenceHits: Int, referenceRows: Int, currentHits: Int, currentRows: Int
    ) throws -> Double {
        for (name, hits, rows) in [
            ("reference", referenceHits, referenceRows), ("current", currentHits, currentRows),
        ] {
            guard rows > 0, (0...rows).contains(hits) else {
                throw EvaluationError(
                    .badParameter(name: "the \(name) proportion", message: "\(hits) of \(rows) is not a share"))
            }
        }
        let p1 = Double(referenceHits) / Double(referenceRows), p2 = Double(currentHits) / Double(currentRows)
        let pooled = Double(referenceHits + currentHits) / Double(referenceRows + currentRows)
        let variance = pooled * (1 - pooled) * (1 / Double(referenceRows) + 1 / Double(currentRows))
        guard variance > 0 else { return 1 }
        return erfc(abs(p1 - p2) / variance.squareRoot() / 2.0.squareRoot())
    }
}
