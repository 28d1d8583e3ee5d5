import Foundation

extension DriftStatistics {
    /// The two-sample Kolmogorov–Smirnov test, two-sided (scipy.stats.ks_2samp, as Evidently's
    /// `ks` test calls it): the largest distance between the two empirical distribution
    /// functions and the exact probability of one at least as large when both samples come from
    /// one continuous distribution.
    ///
    /// The p-value is scipy's `method="exact"`: for equal sizes the alternating sum of
    /// `_compute_prob_outside_square`, otherwise the lattice-path recursion for 1 − p of
    /// Viehmann, "Numerically more stable computation of the p-values for the two-sample
    /// Kolmogorov-Smirnov test" (arXiv:2102.08037), after Hodges (1958). scipy's default
    /// (`"auto"`) is the same up to 10,000 values a side and an asymptotic formula above;
    /// modelpress stays exact, which above that size differs from scipy's default in the third
    /// significant digit at most.
    /// - Returns: the statistic D in [0, 1] and the p-value; drift when the p-value is below the
    ///   threshold (0.05).
    /// - Throws: `EvaluationError` when a sample is empty or holds a value that is not finite.
    /// - Complexity: O((m + n) log(m + n)) for D; O(max(m, n) · min(m, n)) at worst for the
    ///   p-value, far less when D is small or large.
    public static func kolmogorovSmirnov(
        reference: [Double], current: [Double]
    ) throws -> (
        statistic: Double, pValue: Double
    ) {
        let a = try sortedSample(reference, name: "reference"), b = try sortedSample(current, name: "current")
        var i = 0, j = 0, largest = 0.0
        // Both distribution functions step at every distinct value; compare after each step.
        while i < a.count || j < b.count {
            let x = min(i < a.count ? a[i] : .infinity, j < b.count ? b[j] : .infinity)
            while i < a.count && a[i] <= x { i += 1 }
            while j < b.count && b[j] <= x { j += 1 }
            largest = max(largest, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        let n1 = a.count, n2 = b.count
        let g = greatestCommonDivisor(n1, n2)
        let lcm = Double(n1 / g) * Double(n2)
        let h = Int((largest * lcm).rounded(.toNearestOrEven))
        let d = Double(h) / lcm
        guard h > 0 else { return (d, 1) }
        let p = n1 == n2 ? probabilityOutsideSquare(n: n1, h: h) : probabilityOutsideInside(n1, n2, g: g, h: h)
        return (d, min(max(p, 0), 1))
    }

    /// P(D ≥ h/n) for two samples of n each: 2·Σ (−1)^(k−1) C(2n, n−kh) / C(2n, n), evaluated
    /// from the innermost term outwards (Horner) as scipy's `_compute_prob_outside_square`.
    static func probabilityOutsideSquare(n: Int, h: Int) -> Double {
        var p = 0.0
        var k = n / h
        while k >= 0 {
            var term = 1.0
            for j in 0..<h { term = Double(n - k * h - j) * term / Double(n + k * h + j + 1) }
            p = term * (1 - p)
            k -= 1
        }
        return 2 * p
    }

    /// The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h/lcm,
    /// computed as 1 − p column by column over a sliding window (scipy's
    /// `_compute_outer_prob_inside_method`).
    static func probabilityOutsideInside(_ m: Int, _ n: Int, g: Int, h: Int) -> Double {
        let (m, n) = m < n ? (n, m) : (m, n)
        let mg = Double(m / g), ng = Double(n / g), hd = Double(h)
        var minj = 0
        var maxj = min(Int((hd / mg).rounded(.up)), n + 1)
        var currentLength = maxj - minj
        let length = min(2 * maxj + 2, n + 1)
        var a = [Double](repeating: 1, count: length)
        for k in minj..<maxj { a[k] = 0 }
        for i in 1...m {
            let lastMinj = minj, lastLength = currentLength
            minj = min(max(Int(((ng * Double(i) - hd) / mg).rounded(.down)) + 1, 0), n)
            maxj = min(Int(((ng * Double(i) + hd) / mg).rounded(.up)), n + 1)
            if maxj <= minj { return 1 }
            var value = minj == 0 ? 0.0 : 1.0
            for jj in 0..<(maxj - minj) {
                let j = jj + minj
                value = (a[jj + minj - lastMinj] * Double(i) + value * Double(j)) / Double(i + j)
                a[jj] = value
            }
            currentLength = maxj - minj
            if lastLength > currentLength {
                for k in currentLength..<lastLength where k < a.count { a[k] = 1 }
            }
        }
        return a[maxj - minj - 1]
    }

    static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
