/// The seeded stratified bootstrap: each resample draws, with replacement, as many
/// positives as there are from the positives and as many negatives from the negatives,
/// counted per tie group of the rows sorted once (see `RankedScores`).
enum Bootstrap {
    /// The metrics a bootstrap interval is computed for.
    static let metrics: [MetricName] = [
        .balancedAccuracy, .f1, .mcc, .rocAUC, .averagePrecision, .logLoss, .brierScore,
    ]

    /// Resampled values of each metric in `metrics`; undefined values are left out.
    /// - Complexity: O(resamples · n).
    static func resample(_ ranked: RankedScores, settings: BootstrapSettings, salt: String) -> [MetricName: [Double]] {
        var values: [MetricName: [Double]] = [:]
        for name in metrics { values[name] = [] }
        guard ranked.groupCount > 0, settings.resamples > 0 else { return values }
        var generator = SplitMix64(seed: settings.seed, salt: salt)
        var auc: [Double] = [], ap: [Double] = [], f1: [Double] = [], mcc: [Double] = []
        var loss: [Double] = [], brier: [Double] = [], balanced: [Double] = []
        auc.reserveCapacity(settings.resamples)
        ap.reserveCapacity(settings.resamples)
        var positives = [UInt32](repeating: 0, count: ranked.groupCount)
        var negatives = [UInt32](repeating: 0, count: ranked.groupCount)
        for _ in 0..<settings.resamples {
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
            if let v = result.auc { auc.append(v) }
            if let v = result.averagePrecision { ap.append(v) }
            if let v = result.counts.f1 { f1.append(v) }
            if let v = result.counts.mcc { mcc.append(v) }
            if let v = result.logLoss { loss.append(v) }
            if let v = result.brierScore { brier.append(v) }
            if let v = result.counts.balancedAccuracy { balanced.append(v) }
        }
        values[.rocAUC] = auc
        values[.averagePrecision] = ap
        values[.f1] = f1
        values[.mcc] = mcc
        values[.logLoss] = loss
        values[.brierScore] = brier
        values[.balancedAccuracy] = balanced
        return values
    }

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
                counts[Int(stratum[generator.index(below: m)])] += 1
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
