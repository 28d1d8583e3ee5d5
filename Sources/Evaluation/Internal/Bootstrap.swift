import Basics
import Foundation

/// The seeded stratified bootstrap: each resample draws, with replacement, as many rows of each
/// stratum as it has (positives and negatives; the rows of each class; all rows for regression),
/// counted per bucket (for binary metrics the tie groups of the rows sorted once, see
/// `RankedScores`), so a resample never sorts again. The metrics of the confusion matrix draw
/// each class's row of the matrix from its posterior instead (`ConfusionPosterior`).
enum Bootstrap {
    /// The binary metrics a bootstrap interval is computed for: `rowMetrics` and `confusionMetrics`.
    static let metrics: [MetricName] = confusionMetrics + rowMetrics

    /// The binary metrics of the scores, whose resamples draw rows.
    static let rowMetrics: [MetricName] = [.rocAUC, .averagePrecision, .logLoss, .brierScore]

    /// The binary metrics of the confusion matrix, drawn by `ConfusionPosterior`.
    static let confusionMetrics: [MetricName] = [.balancedAccuracy, .f1, .mcc]

    /// Resampled values of each metric in `rowMetrics`; undefined values are left out.
    ///
    /// The positives and the negatives are the two strata; a resample's draws are counted per
    /// tie group, positives in buckets `0..<groups` and negatives in `groups..<2·groups`.
    /// - Complexity: O(resamples · n), spread over the available cores.
    static func resample(
        _ ranked: RankedScores, settings: BootstrapSettings, salt: String, threads: Int = Bootstrap.workers
    ) -> [MetricName: [Double]] {
        let groups = ranked.groupCount
        let offset = Int32(groups)
        let columns = resample(
            strata: [ranked.groupOfPositive, ranked.groupOfNegative.map { $0 + offset }], buckets: 2 * groups,
            width: rowMetrics.count, settings: settings, salt: salt, threads: threads
        ) { counts in
            let result = ranked.pass(
                positives: UnsafeBufferPointer(rebasing: counts[0..<groups]),
                negatives: UnsafeBufferPointer(rebasing: counts[groups..<2 * groups]))
            return rowMetrics.map { result.value(of: $0) ?? .nan }
        }
        var values: [MetricName: [Double]] = [:]
        for (name, column) in zip(rowMetrics, columns) { values[name] = column }
        return values
    }

    /// Drawn values of each metric in `confusionMetrics` (`ConfusionPosterior`): the positives'
    /// row (TP, FN) and the negatives' row (TN, FP) of `counts`, each from its posterior.
    static func drawConfusion(
        _ counts: WeightedCounts, settings: BootstrapSettings, salt: String
    )
        -> [MetricName: [Double]]
    {
        let rows = [[counts.truePositives, counts.falseNegatives], [counts.trueNegatives, counts.falsePositives]]
        let columns = ConfusionPosterior.resample(
            rows: rows, width: confusionMetrics.count, settings: settings, salt: salt
        ) { drawn in
            let matrix = WeightedCounts(
                truePositives: drawn[0][0], falsePositives: drawn[1][1], trueNegatives: drawn[1][0],
                falseNegatives: drawn[0][1])
            return confusionMetrics.map { RankedScores.PassResult(counts: matrix).value(of: $0) ?? .nan }
        }
        var values: [MetricName: [Double]] = [:]
        for (name, column) in zip(confusionMetrics, columns) { values[name] = column }
        return values
    }

    /// The seeded bootstrap over any metrics: each resample draws, with replacement, as many
    /// members of each stratum as it has, counts every draw in the member's bucket, and hands
    /// the counts to `evaluate`, which returns `width` values (NaN for an undefined one).
    ///
    /// Resample `r` draws from its own stream, derived from the seed, the salt and `r`, and
    /// draws the strata in order, so the values do not depend on how many threads share the work.
    /// - Parameters:
    ///   - strata: for each stratum, the bucket of each member (a tie group, a row).
    ///   - buckets: how many buckets there are.
    /// - Returns: one column per metric, the defined values of the resamples in order.
    /// - Complexity: O(resamples · (draws + cost of `evaluate`)), spread over the available cores.
    static func resample(
        strata: [[Int32]], buckets: Int, width: Int, settings: BootstrapSettings, salt: String,
        threads: Int = Bootstrap.workers, evaluate: @Sendable (UnsafeBufferPointer<UInt32>) -> [Double]
    ) -> [[Double]] {
        let resamples = settings.resamples
        guard buckets > 0, resamples > 0 else { return [[Double]](repeating: [], count: width) }
        var base = SplitMix64(seed: settings.seed, salt: salt)
        let streamBase = base.next()
        // One row of `width` values per resample; NaN marks an undefined value.
        var table = [Double](repeating: .nan, count: resamples * width)
        // Small inputs are not worth a thread.
        let workers = strata.reduce(0) { $0 + $1.count } < 2_000 ? 1 : max(1, threads)
        table.withUnsafeMutableBufferPointer { buffer in
            let table = DisjointRows(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var counts = [UInt32](repeating: 0, count: buckets)
                for r in stride(from: worker, to: resamples, by: workers) {
                    var generator = SplitMix64(seed: streamBase ^ (UInt64(r) &* 0x9E37_79B9_7F4A_7C15))
                    let result = counts.withUnsafeMutableBufferPointer { counts in
                        counts.update(repeating: 0)
                        for stratum in strata { draw(stratum, into: counts, using: &generator) }
                        return evaluate(UnsafeBufferPointer(counts))
                    }
                    for column in 0..<width {
                        table.store(result[column], at: r * width + column)
                    }
                }
            }
        }
        return (0..<width).map { column in
            var values: [Double] = []
            values.reserveCapacity(resamples)
            for r in 0..<resamples where !table[r * width + column].isNaN {
                values.append(table[r * width + column])
            }
            return values
        }
    }

    /// A metric's estimate with its percentile interval from `resampled`, or a note saying why
    /// there is no interval; undefined (with `undefined` as the note) when `value` is nil.
    ///
    /// An interval of zero width is never given: when every resample gives the same value (a
    /// perfect ranking makes every resample's AUC 1; a slice's rows all right), the resamples show
    /// no spread, which is not the same as certainty, so the estimate has no interval and says
    /// why (`MetricEstimate.sameInEveryResample`).
    /// - Parameter reachingValue: widen the interval to reach `value` when it falls outside (the
    ///   posterior draws of `ConfusionPosterior`).
    static func estimate(
        _ value: Double?, resampled: [Double], settings: BootstrapSettings, undefined: String,
        reachingValue: Bool = false
    ) -> MetricEstimate {
        guard let value else { return .undefined(undefined) }
        guard var interval = percentileInterval(resampled, confidence: settings.confidence) else {
            let why =
                settings.resamples > 0 ? "too few rows for a bootstrap interval" : "no bootstrap resamples requested"
            return MetricEstimate(value: value, note: why)
        }
        if reachingValue {
            interval = (min(interval.lower, value), max(interval.upper, value))
        }
        guard !MetricEstimate.isZeroWidth(lower: interval.lower, upper: interval.upper) else {
            return MetricEstimate(value: value, note: MetricEstimate.sameInEveryResample)
        }
        return MetricEstimate(value: value, lower: interval.lower, upper: interval.upper, method: .bootstrap)
    }

    /// Threads for the resamples: the active cores, at most 8.
    static let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    /// Draws `stratum.count` rows of the stratum with replacement, counting each draw in
    /// the drawn row's group.
    @inline(__always)
    private static func draw(
        _ stratum: [Int32], into counts: UnsafeMutableBufferPointer<UInt32>, using generator: inout SplitMix64
    ) {
        let m = stratum.count
        guard m > 0 else { return }
        stratum.withUnsafeBufferPointer { stratum in
            for _ in 0..<m {
                counts[Int(stratum[generator.below(m)])] += 1
            }
        }
    }

    /// The percentile interval of `values` at `confidence`, with linear interpolation
    /// between order statistics (NumPy's default); nil with fewer than two values.
    /// - Complexity: O(m log m).
    static func percentileInterval(_ values: [Double], confidence: Double) -> (lower: Double, upper: Double)? {
        guard values.count >= 2 else { return nil }
        let sorted = values.sorted()
        let tail = (1 - confidence) / 2
        return (quantile(sorted, tail), quantile(sorted, 1 - tail))
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = Double(sorted.count - 1) * q
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + fraction * (sorted[above] - sorted[below])
    }
}

/// The resample table shared by the worker threads. Each worker writes only the rows of its
/// own resamples, so no element is written twice or read while written.
private struct DisjointRows: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<Double>

    init(_ base: UnsafeMutableBufferPointer<Double>) {
        self.base = base
    }

    func store(_ value: Double, at index: Int) {
        base[index] = value
    }
}
