import Basics
import Foundation

/// Feedback counts of one A/B arm: how many predictions got feedback, how many were right.
public struct ABArmCounts: Codable, Equatable, Sendable {
    public var correct: Int
    public var total: Int

    public init(correct: Int, total: Int) {
        self.correct = correct
        self.total = total
    }
}

/// What an A/B test shows.
public enum ABDecision: String, Codable, Sendable {
    case aWins = "a_wins"
    case bWins = "b_wins"
    case noSignificantDifference = "no_significant_difference"
    case notEnoughData = "not_enough_data"
}

/// The statistics of an A/B test on accuracy: per-arm accuracy with a Wilson interval, the
/// two-sided pooled two-proportion z-test, a minimum-sample check and a decision with its reason.
public struct ABTestStatistics: Codable, Equatable, Sendable {
    public struct Arm: Codable, Equatable, Sendable {
        public var correct: Int
        public var total: Int
        /// Undefined (value nil) for an arm with no feedback.
        public var accuracy: MetricEstimate
    }

    public var a: Arm
    public var b: Arm
    /// Accuracy of B minus accuracy of A; nil when an arm has no feedback.
    public var difference: Double?
    public var zScore: Double?
    public var pValue: Double?
    public var alpha: Double
    public var minimumPerArm: Int
    public var decision: ABDecision
    /// One sentence a person can act on.
    public var reason: String

    /// - Parameters:
    ///   - minimumPerArm: feedback needed on each arm before a decision is made.
    ///   - alpha: the significance level of the two-sided test.
    /// - Throws: `EvaluationError` when counts are negative or `correct > total`.
    public init(a: ABArmCounts, b: ABArmCounts, alpha: Double = 0.05, minimumPerArm: Int = 100) throws {
        for (name, arm) in [("A", a), ("B", b)] where arm.total < 0 || arm.correct < 0 || arm.correct > arm.total {
            throw EvaluationError(
                .badParameter(
                    name: "arm \(name)", message: "\(arm.correct) correct out of \(arm.total) is not a valid count"))
        }
        guard alpha > 0, alpha < 1 else {
            throw EvaluationError(.badParameter(name: "alpha", message: "must be in (0, 1)"))
        }
        func arm(_ counts: ABArmCounts) -> Arm {
            Arm(
                correct: counts.correct, total: counts.total,
                accuracy: .wilson(successes: counts.correct, trials: counts.total, undefinedNote: "no feedback yet"))
        }
        self.a = arm(a)
        self.b = arm(b)
        self.alpha = alpha
        self.minimumPerArm = minimumPerArm
        let noFeedback = [("A", a), ("B", b)].filter { $0.1.total == 0 }.map(\.0)
        guard noFeedback.isEmpty else {
            decision = .notEnoughData
            reason =
                noFeedback.count == 2
                ? "neither arm has feedback yet, so their accuracy is unknown"
                : "arm \(noFeedback[0]) has no feedback yet, so its accuracy is unknown"
            return
        }
        let n1 = Double(a.total), n2 = Double(b.total)
        let p1 = Double(a.correct) / n1, p2 = Double(b.correct) / n2
        difference = p2 - p1
        let pooled = Double(a.correct + b.correct) / (n1 + n2)
        let standardError = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        // Both arms all right (or all wrong): no variance, no evidence of a difference.
        let z = standardError > 0 ? (p2 - p1) / standardError : 0
        zScore = z
        let p = erfc(abs(z) / 2.0.squareRoot())
        pValue = p
        let small = [("A", a), ("B", b)].filter { $0.1.total < minimumPerArm }
        if !small.isEmpty {
            decision = .notEnoughData
            reason =
                small.map { "arm \($0.0) has \(groupedDigits($0.1.total)) predictions with feedback" }.joined(
                    separator: " and ")
                + ", fewer than the \(groupedDigits(minimumPerArm)) needed per arm"
        } else if p < alpha {
            decision = p2 > p1 ? .bWins : .aWins
            let winner = p2 > p1 ? "B" : "A"
            reason =
                "arm \(winner) is more accurate (\(Self.percent(max(p1, p2))) vs \(Self.percent(min(p1, p2)))), p = \(Self.format(p)) < \(Self.format(alpha))"
        } else {
            decision = .noSignificantDifference
            reason =
                "accuracies \(Self.percent(p1)) (A) and \(Self.percent(p2)) (B) do not differ significantly, p = \(Self.format(p)) ≥ \(Self.format(alpha))"
        }
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }

    static func format(_ value: Double) -> String {
        value < 0.001 ? String(format: "%.1e", value) : fixedDecimals(value, 3)
    }

    enum CodingKeys: String, CodingKey {
        case a, b, difference, alpha, decision, reason
        case zScore = "z_score"
        case pValue = "p_value"
        case minimumPerArm = "minimum_per_arm"
    }
}
