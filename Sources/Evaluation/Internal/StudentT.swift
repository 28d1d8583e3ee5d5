import Foundation

/// Student's t distribution, for Welch's test: its CDF through the regularized incomplete beta
/// function, `P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2)`, and its quantile by bisection on the CDF.
enum StudentT {
    /// The two-sided tail probability `P(|T| > |t|)` with `degrees` degrees of freedom.
    static func twoSidedPValue(_ t: Double, degrees: Double) -> Double {
        guard t.isFinite else { return 0 }
        return regularizedIncompleteBeta(degrees / (degrees + t * t), a: degrees / 2, b: 0.5)
    }

    /// The t with `P(T ≤ t) = p`, for p in (0.5, 1): 200 halvings of [0, 10⁶] by the tail.
    static func quantile(_ p: Double, degrees: Double) -> Double {
        var low = 0.0, high = 1e6
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if 1 - twoSidedPValue(middle, degrees: degrees) / 2 < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// `I_x(a, b)` by the continued fraction of Numerical Recipes (`betai`, `betacf`), used on
    /// the side where it converges fast.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logPowers - logBeta
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// Lentz's evaluation of the incomplete beta continued fraction.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
