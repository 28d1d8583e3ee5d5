extension RegressionABTestStatistics {
    /// Predictions with feedback each arm needs for Welch's two-sided t-test at `alpha` to detect
    /// a true difference `difference` between the arms' mean absolute errors with probability
    /// `power`, when the absolute errors' variances are `varianceA` and `varianceB`: the usual
    /// two-sample formula n = (t₁₋α/₂ + t_power)² (s²A + s²B) / δ², with t's quantiles at the
    /// Welch–Satterthwaite degrees of freedom of n per arm, (n − 1)(s²A + s²B)² / (s⁴A + s⁴B),
    /// found by fixed-point iteration from the normal approximation (as G*Power and R's
    /// `power.t.test` solve for n; trial22 #11: regression tests gave no estimate).
    /// - Returns: nil when the difference is 0 or not finite, both variances are 0, a
    ///   parameter is outside (0, 1), or the count overflows.
    /// - Complexity: O(1): at most 50 iterations of two t quantiles.
    public static func sampleSizePerArm(
        difference: Double, varianceA: Double, varianceB: Double, alpha: Double = 0.05, power: Double = 0.8
    ) -> Int? {
        let variance = varianceA + varianceB
        guard difference.isFinite, difference != 0, variance > 0, variance.isFinite, alpha > 0, alpha < 1,
            power > 0.5, power < 1
        else { return nil }
        let delta2 = difference * difference
        let normal = ABTestStatistics.normalQuantile(1 - alpha / 2) + ABTestStatistics.normalQuantile(power)
        var n = (normal * normal * variance / delta2).rounded(.up)
        guard n.isFinite, n < Double(Int.max) else { return nil }
        n = max(n, 2)
        let spread = variance * variance / (varianceA * varianceA + varianceB * varianceB)
        for _ in 0..<50 {
            let degrees = (n - 1) * spread
            let t = StudentT.quantile(1 - alpha / 2, degrees: degrees) + StudentT.quantile(power, degrees: degrees)
            let next = max((t * t * variance / delta2).rounded(.up), 2)
            guard next.isFinite, next < Double(Int.max) else { return nil }
            if next == n { break }
            n = next
        }
        return Int(n)
    }
}
