import Foundation

/// The chi-squared distribution's upper tail, `P(χ²(k) ≥ x) = Q(k/2, x/2)`, through the
/// regularized incomplete gamma function of Numerical Recipes (`gammq`: its series below
/// a + 1, Lentz's continued fraction above, so a tiny tail keeps its relative precision).
enum ChiSquaredDistribution {
    /// - Complexity: O(√x) terms at worst; a few hundred for the values a drift check meets.
    static func survival(_ x: Double, degrees: Double) -> Double {
        guard x.isFinite else { return 0 }
        guard x > 0 else { return 1 }
        let a = degrees / 2, y = x / 2
        let logFront = a * log(y) - y - lgamma(a)
        if y < a + 1 {
            // P(a, y) by its series; Q = 1 − P.
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= y / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logFront))
        }
        let tiny = 1e-300
        var b = y + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logFront) * h
    }
}
