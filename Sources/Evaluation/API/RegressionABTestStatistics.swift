import Basics
import Foundation

/// The statistics of an A/B test of two regression versions on mean absolute error: each arm's
/// MAE with its t interval, the difference B − A with Welch's 95% interval, Welch's two-sided
/// t-test on the absolute errors (unequal variances, Welch–Satterthwaite degrees of freedom, as
/// scipy's `ttest_ind(equal_var=False)`), the minimum-sample check of the accuracy test, and a
/// decision with its reason. The lower error wins.
public struct RegressionABTestStatistics: Codable, Equatable, Sendable {
    public struct Arm: Codable, Equatable, Sendable {
        /// Predictions with feedback.
        public var total: Int
        /// Undefined (value nil) for an arm with no feedback; no interval below two.
        public var meanAbsoluteError: MetricEstimate

        enum CodingKeys: String, CodingKey {
            case total
            case meanAbsoluteError = "mean_absolute_error"
        }
    }

    public var a: Arm
    public var b: Arm
    /// MAE of B minus MAE of A (negative when B errs less), with Welch's 95% interval; nil when
    /// an arm has no feedback.
    public var difference: MetricEstimate?
    public var tStatistic: Double?
    public var degreesOfFreedom: Double?
    public var pValue: Double?
    /// Predictions with feedback per arm that would detect the observed difference with 80%
    /// power (`sampleSizePerArm(difference:varianceA:varianceB:alpha:power:)`, from the arms'
    /// sample variances of the absolute errors); nil when an arm has fewer than two, or the
    /// difference is 0.
    public var requiredPerArm: Int?
    public var alpha: Double
    public var minimumPerArm: Int
    public var decision: ABDecision
    /// One sentence a person can act on.
    public var reason: String

    /// - Parameters:
    ///   - a, b: the absolute error |truth − prediction| of each prediction with feedback, per arm.
    ///   - minimumPerArm: feedback needed on each arm before a decision is made (at least 2).
    ///   - alpha: the significance level of the two-sided test.
    /// - Throws: `EvaluationError` when an error is negative or not finite, or a parameter is
    ///   out of range.
    /// - Complexity: O(n).
    public init(a: [Double], b: [Double], alpha: Double = 0.05, minimumPerArm: Int = 100) throws {
        for (name, arm) in [("A", a), ("B", b)] {
            if let row = arm.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
                throw EvaluationError(
                    .badParameter(
                        name: "arm \(name)",
                        message: "absolute error \(arm[row]) of row \(row) is not a finite number ≥ 0"))
            }
        }
        guard alpha > 0, alpha < 1 else {
            throw EvaluationError(.badParameter(name: "alpha", message: "must be in (0, 1)"))
        }
        let armA = Sample(a), armB = Sample(b)
        self.a = armA.arm
        self.b = armB.arm
        self.alpha = alpha
        self.minimumPerArm = minimumPerArm
        let noFeedback = [("A", a), ("B", b)].filter { $0.1.isEmpty }.map(\.0)
        guard noFeedback.isEmpty else {
            decision = .notEnoughData
            reason =
                noFeedback.count == 2
                ? "neither arm has feedback yet, so their errors are unknown"
                : "arm \(noFeedback[0]) has no feedback yet, so its error is unknown"
            return
        }
        let difference = armB.mean - armA.mean
        let small = [("A", a.count), ("B", b.count)].filter { $0.1 < max(2, minimumPerArm) }
        let p: Double
        if a.count < 2 || b.count < 2 {
            // No variance to test with.
            self.difference = MetricEstimate(value: difference, note: "an arm has fewer than two predictions")
            p = .nan
        } else {
            let se2A = armA.variance / Double(a.count), se2B = armB.variance / Double(b.count)
            let standardError = (se2A + se2B).squareRoot()
            if standardError > 0 {
                let degrees =
                    (se2A + se2B) * (se2A + se2B)
                    / (se2A * se2A / Double(a.count - 1) + se2B * se2B / Double(b.count - 1))
                let t = difference / standardError
                p = StudentT.twoSidedPValue(t, degrees: degrees)
                let half = StudentT.quantile(0.975, degrees: degrees) * standardError
                tStatistic = t
                degreesOfFreedom = degrees
                self.difference = MetricEstimate(
                    value: difference, lower: difference - half, upper: difference + half, method: .welch)
                requiredPerArm = Self.sampleSizePerArm(
                    difference: difference, varianceA: armA.variance, varianceB: armB.variance, alpha: alpha)
            } else {
                // Every error equal within each arm: Welch's test has nothing to scale by. The
                // arms plainly differ (or not), which the decision keeps; the difference has no
                // interval rather than a zero-width one (no sample shows certainty).
                p = difference == 0 ? 1 : 0
                self.difference = MetricEstimate(
                    value: difference, method: .welch,
                    note: "no interval: every error within each arm is the same, so neither arm shows any spread")
            }
            pValue = p
        }
        let maeA = armA.mean, maeB = armB.mean
        if !small.isEmpty {
            decision = .notEnoughData
            reason =
                small.map { "arm \($0.0) has \(groupedDigits($0.1)) predictions with feedback" }.joined(
                    separator: " and ")
                + ", fewer than the \(groupedDigits(max(2, minimumPerArm))) needed per arm"
        } else if p < alpha {
            decision = maeB < maeA ? .bWins : .aWins
            reason =
                "arm \(maeB < maeA ? "B" : "A") errs less (MAE \(Self.format(min(maeA, maeB))) vs \(Self.format(max(maeA, maeB)))), p = \(ABTestStatistics.format(p)) < \(ABTestStatistics.format(alpha))"
        } else {
            decision = .noSignificantDifference
            reason =
                "mean absolute errors \(Self.format(maeA)) (A) and \(Self.format(maeB)) (B) do not differ significantly, p = \(ABTestStatistics.format(p)) ≥ \(ABTestStatistics.format(alpha))"
        }
    }

    /// An error in the decision's words: six significant digits, never in exponent notation
    /// (a MAE of house prices reads `440306`, not `4.403e+05`).
    static func format(_ value: Double) -> String {
        significant(value)
    }

    /// One arm's mean and sample variance (n − 1), by Welford's update.
    private struct Sample {
        var mean = 0.0, variance = 0.0
        var arm: Arm

        init(_ errors: [Double]) {
            var mean = 0.0, squares = 0.0
            for (i, error) in errors.enumerated() {
                let delta = error - mean
                mean += delta / Double(i + 1)
                squares += delta * (error - mean)
            }
            self.mean = mean
            let n = errors.count
            variance = n > 1 ? squares / Double(n - 1) : 0
            var estimate = MetricEstimate.mean(mean, variance: variance, count: n, undefinedNote: "no feedback yet")
            if n == 1 { estimate.note = "one prediction, no interval" }
            arm = Arm(total: n, meanAbsoluteError: estimate)
        }
    }

    enum CodingKeys: String, CodingKey {
        case a, b, difference, alpha, decision, reason
        case tStatistic = "t_statistic"
        case degreesOfFreedom = "degrees_of_freedom"
        case pValue = "p_value"
        case minimumPerArm = "minimum_per_arm"
        case requiredPerArm = "required_per_arm"
    }
}
