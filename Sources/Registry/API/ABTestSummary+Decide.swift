import Basics
import Evaluation

extension ABTestSummary {
    /// Decides an A/B test from its arms' counts (docs/architecture.md, "Concepts"): accuracy
    /// counts only predictions with feedback; the pooled two-proportion z-test at `alpha` names
    /// a winner when each arm has at least `minimumPerArm` predictions with feedback. Without a significant difference nothing is
    /// promoted, unless `force` promotes the more accurate arm.
    /// - Parameter tallies: by arm name (`A`, `B`); a missing arm counts as nothing served.
    /// - Returns: the arm to promote (nil for none) and the summary to store, whose `decision`
    ///   says what was decided and why.
    /// - Throws: `RegistryError` when an arm has no feedback (its accuracy is unknown, so no
    ///   decision, forced or not, can be made), or the counts are impossible.
    public static func decide(
        _ test: ABTestRecord, tallies: [String: ABArmTally], alpha: Double = 0.05, minimumPerArm: Int = 100,
        force: Bool = false
    ) throws(RegistryError) -> (winner: String?, summary: ABTestSummary) {
        let arms = test.arms.map { ($0, tallies[$0.arm] ?? ABArmTally(requests: 0, withFeedback: 0, correct: 0)) }
        guard arms.count == 2 else {
            throw RegistryError(reason: .abTest("A/B test \(test.id) does not have two arms"))
        }
        for (arm, tally) in arms where tally.withFeedback == 0 {
            throw RegistryError(
                reason: .abTest(
                    "arm \(arm.arm) (\(arm.model)@\(arm.version)) of A/B test \(test.id) has no feedback "
                        + "(\(tally.requests) predictions served), so its accuracy is unknown; post true labels to "
                        + "/requests/{id}/feedback (or run `modelpress ab simulate \(test.id)`) before stopping"))
        }
        let statistics: ABTestStatistics
        do {
            statistics = try ABTestStatistics(
                a: ABArmCounts(correct: arms[0].1.correct, total: arms[0].1.withFeedback),
                b: ABArmCounts(correct: arms[1].1.correct, total: arms[1].1.withFeedback), alpha: alpha,
                minimumPerArm: minimumPerArm)
        } catch {
            throw RegistryError(reason: .abTest("A/B test \(test.id) cannot be decided: \(error)"))
        }
        let results = zip(arms, [statistics.a, statistics.b]).map { entry, stats in
            ArmResult(
                arm: entry.0.arm, requests: entry.1.requests, withFeedback: entry.1.withFeedback,
                correct: entry.1.correct, accuracy: stats.accuracy.value, accuracyLow: stats.accuracy.lower,
                accuracyHigh: stats.accuracy.upper)
        }
        let required = ABTestStatistics.requiredPerArm(
            a: statistics.a.accuracy.value ?? 0, b: statistics.b.accuracy.value ?? 0, alpha: alpha)
        func name(_ arm: ABArm) -> String { "arm \(arm.arm) (\(arm.model)@\(arm.version))" }
        var winner: String?
        var decision: String
        switch statistics.decision {
        case .aWins, .bWins:
            let won = arms[statistics.decision == .aWins ? 0 : 1].0
            winner = won.arm
            decision = "\(name(won)) promoted to production: \(statistics.reason)"
        case .noSignificantDifference, .notEnoughData:
            let difference = statistics.difference ?? 0
            if force, difference != 0 {
                let won = arms[difference > 0 ? 1 : 0].0
                winner = won.arm
                decision = "\(name(won)) promoted to production by --force, although \(statistics.reason)"
            } else if force {
                decision = "nothing promoted: the arms are equally accurate, so --force has nothing to choose"
            } else {
                decision = "nothing promoted: \(statistics.reason)"
                if let required, statistics.decision == .noSignificantDifference {
                    decision += "; detecting this difference needs about \(required) predictions with feedback per arm"
                }
            }
        }
        let summary = ABTestSummary(
            arms: results, pValue: statistics.pValue, minimumSampleSize: minimumPerArm, outcome: statistics.decision,
            alpha: alpha, requiredPerArm: required,
            significant: statistics.decision == .aWins || statistics.decision == .bWins,
            forced: force && winner != nil && statistics.decision != .aWins && statistics.decision != .bWins,
            decision: decision)
        return (winner, summary)
    }
}
