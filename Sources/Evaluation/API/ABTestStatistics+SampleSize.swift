import Foundation

extension ABTestStatistics {
    /// Predictions with feedback each arm needs for the two-sided pooled z-test at `alpha` to
    /// detect a true difference between accuracies `a` and `b` with probability `power`
    /// (the usual normal-approximation formula for two proportions).
    /// - Returns: nil when the accuracies are equal (no finite sample detects no difference) or
    ///   so close that the count overflows, or a parameter is outside (0, 1).
    public static func requiredPerArm(a: Double, b: Double, alpha: Double = 0.05, power: Double = 0.8) -> Int? {
        guard (0...1).contains(a), (0...1).contains(b), a != b, alpha > 0, alpha < 1, power > 0, power < 1 else {
            return nil
        }
        let zAlpha = normalQuantile(1 - alpha / 2)
        let zBeta = normalQuantile(power)
        let mean = (a + b) / 2
        let root = zAlpha * (2 * mean * (1 - mean)).squareRoot() + zBeta * (a * (1 - a) + b * (1 - b)).squareRoot()
        let needed = (root * root / ((a - b) * (a - b))).rounded(.up)
        // Nearly equal accuracies can need more than any count can hold: no sample to name.
        guard needed.isFinite, needed < Double(Int.max) else { return nil }
        return Int(needed)
    }

    /// The standard normal quantile: the x with Φ(x) = `p`, found by bisection on Φ(x) =
    /// erfc(−x/√2)/2, which is monotone; 60 halvings of [−10, 10] leave an error below 1e-15.
    /// - Complexity: O(1) (60 evaluations of erfc).
    static func normalQuantile(_ p: Double) -> Double {
        var low = -10.0
        var high = 10.0
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if erfc(-middle / 2.0.squareRoot()) / 2 < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
