import Basics

extension DriftStatistics {
    /// How many seeded windows a chance level draws.
    static let chanceDraws = 200
    /// The largest window a draw holds; a larger window's level is drawn at this size and
    /// scaled to its own (the distances' sampling noise shrinks as the window grows).
    static let chanceDrawLimit = 20_000

    /// The value a distance reaches by chance alone between the reference sample and a window
    /// of as many values drawn from the same distribution: the 99th percentile of a seeded
    /// permutation test's 200 draws, each splitting the sample and the window pooled into a
    /// window of the same size and a reference of the rest and measuring them as the served
    /// window is measured (Good, "Permutation, Parametric and Bootstrap Tests of Hypotheses",
    /// 2005; the two samples are exchangeable when the requests come from the training
    /// distribution, so a value above the level has a chance below 1% of being noise).
    ///
    /// A distance's threshold (Evidently's 0.1) does not depend on how many values it is
    /// measured over, while its sampling noise does: 300 values drawn from a zero-inflated
    /// field's own training distribution lie 0.1 reference standard deviations or more from
    /// 5,000 of its training values in one window of eight by Wasserstein distance. A value at
    /// or below this level is what the window's size alone gives. Permuting rather than drawing
    /// from the reference alone lets the window's own extreme values, which a heavy-tailed
    /// field's sample may lack, count in the noise.
    /// - Parameters:
    ///   - method: `wasserstein`, `psi` or `jensenshannon` (over Evidently's bins of the two
    ///     sides, as `histogram`).
    ///   - sample: the reference's present values, at least one, all finite.
    ///   - window: the window's present values, at least one, all finite. A window of more
    ///     than 20,000 values is permuted as its first 20,000 and the level scaled to its
    ///     size (the noise's variance goes as 1/n + 1/m; PSI itself as that variance).
    ///   - salt: names the field, so that each field draws a stream of its own.
    /// - Returns: the level, in the method's units.
    /// - Throws: `EvaluationError` for a p-value method, an empty side or a value that is not
    ///   finite.
    /// - Complexity: O(200 × (n + m) log(n + m)) with n at most 20,000.
    public static func chanceLevel(
        _ method: DriftMethod, sample: [Double], window: [Double], salt: String
    ) throws -> Double {
        let reference = try sortedSample(sample, name: "reference")
        _ = try sortedSample(window, name: "current")
        return try chanceLevel(method, referenceSize: reference.count, windowSize: window.count, salt: salt) {
            size, generator in
            // The pooled values, the drawn window's first: a partial Fisher–Yates shuffle.
            var pooled = reference + (size < window.count ? Array(window[..<size]) : window)
            for i in 0..<size {
                pooled.swapAt(i, i + generator.below(pooled.count - i))
            }
            let drawn = Array(pooled[..<size]), rest = Array(pooled[size...])
            switch method {
            case .wasserstein: return try normalisedWassersteinDistance(reference: rest, current: drawn)
            default:
                let (referenceCounts, currentCounts) = try histogram(reference: rest, current: drawn)
                return try binnedDistance(method, reference: referenceCounts, current: currentCounts)
            }
        } scale: { drawn in
            // A permutation is the two-sample null already; only a capped window is scaled.
            (1 / Double(window.count) + 1 / Double(reference.count)) / (1 / Double(drawn) + 1 / Double(reference.count))
        }
    }

    /// As `chanceLevel(_:sample:window:salt:)` for a distance over counts per bin (a
    /// categorical field's categories, or a numeric field's bins when its reference keeps no
    /// sample): a parametric bootstrap, each window's `windowSize` values drawn from the
    /// reference's shares, the level widened by √(1 + n/m) (PSI by 1 + n/m) because the
    /// reference is itself m draws (the chi-squared approximation of PSI and of the
    /// Jensen–Shannon divergence: their noise goes as 1/n + 1/m).
    /// - Throws: `EvaluationError` for a method that needs values or is a p-value, or counts
    ///   that are negative or all zero.
    public static func chanceLevel(
        _ method: DriftMethod, counts: [Int], windowSize: Int, salt: String
    ) throws -> Double {
        try checkCounts(reference: counts, current: counts)
        var cumulative: [Int] = []
        cumulative.reserveCapacity(counts.count)
        for count in counts { cumulative.append((cumulative.last ?? 0) + count) }
        let total = cumulative.last ?? 0
        return try chanceLevel(method, referenceSize: total, windowSize: windowSize, salt: salt) {
            size, generator in
            var window = [Int](repeating: 0, count: counts.count)
            for _ in 0..<size {
                // The first bin whose cumulative count passes the draw.
                let draw = generator.below(total)
                var low = 0, high = cumulative.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] > draw { high = middle } else { low = middle + 1 }
                }
                window[low] += 1
            }
            return try binnedDistance(method, reference: counts, current: window)
        } scale: { drawn in
            (1 / Double(windowSize) + 1 / Double(total)) * Double(drawn)
        }
    }

    /// The draws shared by both forms: `measure(size, generator)` measures one drawn window;
    /// `scale(size)` is the ratio of the noise's variance at the window's size to the draws'.
    private static func chanceLevel(
        _ method: DriftMethod, referenceSize: Int, windowSize: Int, salt: String,
        measure: (Int, inout SplitMix64) throws -> Double, scale: (Int) -> Double
    ) throws -> Double {
        guard !method.isPValue else {
            throw EvaluationError(
                .badParameter(
                    name: "method", message: "\(method.rawValue) is a p-value, which counts the window's size already"))
        }
        guard windowSize > 0 else {
            throw EvaluationError(.badParameter(name: "windowSize", message: "\(windowSize) is not a window size"))
        }
        let drawn = min(windowSize, chanceDrawLimit)
        var generator = SplitMix64(seed: 0x6D6F_6E69_746F_72, salt: "\(salt)/\(method.rawValue)/\(drawn)")
        var values: [Double] = []
        values.reserveCapacity(chanceDraws)
        for _ in 0..<chanceDraws { values.append(try measure(drawn, &generator)) }
        values.sort()
        let level = values[(chanceDraws * 99 + 99) / 100 - 1]
        let ratio = scale(drawn)
        return method == .psi ? level * ratio : level * ratio.squareRoot()
    }

    /// A distance over counts per bin: PSI or the Jensen–Shannon distance.
    private static func binnedDistance(_ method: DriftMethod, reference: [Int], current: [Int]) throws -> Double {
        switch method {
        case .psi: return try populationStabilityIndex(reference: reference, current: current)
        case .jensenshannon: return try jensenShannonDistance(reference: reference, current: current)
        default:
            throw EvaluationError(
                .badParameter(name: "method", message: "\(method.rawValue) is not a distance over counts per bin"))
        }
    }
}
