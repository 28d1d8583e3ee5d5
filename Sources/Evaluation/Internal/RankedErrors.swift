/// Regression rows sorted once by absolute error, so a metric pass takes a count per sorted
/// row — all ones for the point estimate, draw counts for a bootstrap resample — and the
/// median absolute error is a walk, never a sort.
struct RankedErrors: Sendable {
    /// Ascending.
    let absolute: [Double]
    /// The target of each sorted row.
    let targets: [Double]
    /// |error| / max(|target|, ε) of each sorted row (scikit-learn's MAPE terms); nil when a
    /// target is near zero (`nearZeroTarget`).
    let percentage: [Double]?
    /// The first row (input order) whose |target| is at most `nearZeroShare` of the mean
    /// |target|, with that target and the mean; nil when there is none.
    let nearZeroTarget: (row: Int, target: Double, meanMagnitude: Double)?

    /// A target this small beside the mean |target| (0.1%) makes its row's percentage error
    /// at least a thousand times the others' for the same error, so the mean is that row's
    /// (scikit-learn's ε only keeps an exact zero from dividing by zero, and then reports
    /// 10¹⁵-sized MAPEs): MAPE is left out and says why.
    static let nearZeroShare = 0.001
    /// The sorted position of each row, in the rows' input order (the bootstrap's buckets).
    let bucketOfRow: [Int32]

    /// - Complexity: O(n log n).
    init(_ data: ScoredValues) {
        let errors = zip(data.targets, data.predictions).map { abs($0 - $1) }
        let order = (0..<data.count).sorted { errors[$0] != errors[$1] ? errors[$0] < errors[$1] : $0 < $1 }
        absolute = order.map { errors[$0] }
        targets = order.map { data.targets[$0] }
        var buckets = [Int32](repeating: 0, count: data.count)
        for (position, row) in order.enumerated() { buckets[row] = Int32(position) }
        bucketOfRow = buckets
        let meanMagnitude = data.targets.reduce(0) { $0 + abs($1) } / Double(max(data.count, 1))
        nearZeroTarget = data.targets.firstIndex { abs($0) <= Self.nearZeroShare * meanMagnitude }.map {
            (row: $0, target: data.targets[$0], meanMagnitude: meanMagnitude)
        }
        percentage =
            nearZeroTarget == nil ? zip(absolute, targets).map { $0 / max(abs($1), Double.ulpOfOne) } : nil
    }

    /// The metrics a pass yields, in this order.
    enum Metric: Int, CaseIterable {
        case meanAbsoluteError, rootMeanSquaredError, r2, medianAbsoluteError, meanAbsolutePercentageError
    }

    /// Every metric for the given count of each sorted row (NaN when undefined), laid out as `Metric`.
    /// - Complexity: O(n), two flat loops.
    func pass(_ counts: UnsafeBufferPointer<UInt32>) -> [Double] {
        var total = 0.0, absoluteSum = 0.0, squaredSum = 0.0, targetSum = 0.0, percentageSum = 0.0
        for i in 0..<absolute.count where counts[i] > 0 {
            let weight = Double(counts[i])
            total += weight
            absoluteSum += weight * absolute[i]
            squaredSum += weight * absolute[i] * absolute[i]
            targetSum += weight * targets[i]
            if let percentage { percentageSum += weight * percentage[i] }
        }
        var values = [Double](repeating: .nan, count: Metric.allCases.count)
        guard total > 0 else { return values }
        let mean = targetSum / total
        var spread = 0.0
        for i in 0..<absolute.count where counts[i] > 0 {
            spread += Double(counts[i]) * (targets[i] - mean) * (targets[i] - mean)
        }
        values[Metric.meanAbsoluteError.rawValue] = absoluteSum / total
        values[Metric.rootMeanSquaredError.rawValue] = (squaredSum / total).squareRoot()
        if spread > 0 { values[Metric.r2.rawValue] = 1 - squaredSum / spread }
        values[Metric.medianAbsoluteError.rawValue] = median(counts, total: Int(total))
        if percentage != nil { values[Metric.meanAbsolutePercentageError.rawValue] = percentageSum / total }
        return values
    }

    /// The median of the absolute errors each repeated by its count: the mean of the two middle
    /// ones for an even total, as NumPy's median.
    private func median(_ counts: UnsafeBufferPointer<UInt32>, total: Int) -> Double {
        let low = (total - 1) / 2, high = total / 2
        var seen = 0
        var lowValue: Double?
        for i in 0..<absolute.count where counts[i] > 0 {
            seen += Int(counts[i])
            if lowValue == nil, seen > low { lowValue = absolute[i] }
            if seen > high { return ((lowValue ?? absolute[i]) + absolute[i]) / 2 }
        }
        return .nan
    }

    /// The pass over the data as it is.
    func pointPass() -> [Double] {
        [UInt32](repeating: 1, count: absolute.count).withUnsafeBufferPointer { pass($0) }
    }
}
