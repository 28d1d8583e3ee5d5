import Basics
import Foundation

/// The seeded stratified bootstrap: each resample draws, with replacement, as many
/// positives as there are from the positives and as many negatives from the negatives,
/// counted per tie group of the rows sorted once (see `RankedScores`).
enum Bootstrap {
    /// The metrics a bootstrap interval is computed for.
    static let metrics: [MetricName] = [
        .balancedAccuracy, .f1, .mcc, .rocAUC, .averagePrecision, .logLoss, .brierScore,
    ]

    /// Resampled values of each metric in `metrics`; undefined values are left out.
    ///
    /// Resample `r` draws from its own stream, derived from the seed, the salt and `r`, so
    /// the values do not depend on how many threads share the work.
    /// - Complexity: O(resamples · n), spread over the available cores.
    static func resample(
        _ ranked: RankedScores, settings: BootstrapSettings, salt: String, threads: Int = Bootstrap.workers
    ) -> [MetricName: [Double]] {
        var values: [MetricName: [Double]] = [:]
        for name in metrics { values[name] = [] }
        let resamples = settings.resamples
        guard ranked.groupCount > 0, resamples > 0 else { return values }
        var base = SplitMix64(seed: settings.seed, salt: salt)
        let streamBase = base.next()
        let width = metrics.count
        // One row of `width` values per resample; NaN marks an undefined value.
        var table = [Double](repeating: .nan, count: resamples * width)
        // Small inputs are not worth a thread.
        let workers = ranked.groupOfPositive.count + ranked.groupOfNegative.count < 2_000 ? 1 : max(1, threads)
        table.withUnsafeMutableBufferPointer { buffer in
            let table = DisjointRows(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var positives = [UInt32](repeating: 0, count: ranked.groupCount)
                var negatives = [UInt32](repeating: 0, count: ranked.groupCount)
                for r in stride(from: worker, to: resamples, by: workers) {
                    var generator = SplitMix64(seed: streamBase ^ (UInt64(r) &* 0x9E37_79B9_7F4A_7C15))
                    let result = positives.withUnsafeMutableBufferPointer { positives in
                        negatives.withUnsafeMutableBufferPointer { negatives in
                            positives.update(repeating: 0)
                            negatives.update(repeating: 0)
                            draw(ranked.groupOfPositive, into: positives, using: &generator)
                            draw(ranked.groupOfNegative, into: negatives, using: &generator)
                            return ranked.pass(
                                positives: UnsafeBufferPointer(positives), negatives: UnsafeBufferPointer(negatives))
                        }
                    }
                    for (column, name) in metrics.enumerated() {
                        table.store(result.value(of: name) ?? .nan, at: r * width + column)
                    }
                }
            }
        }
        for (column, name) in metrics.enumerated() {
            var columnValues: [Double] = []
            columnValues.reserveCapacity(resamples)
            for r in 0..<resamples where !table[r * width + column].isNaN {
                columnValues.append(table[r * width + column])
            }
            values[name] = columnValues
        }
        return values
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
