import Basics
import Evaluation
import Models

extension ABTestSummary {
    /// Decides an A/B test from its arms' counts (docs/architecture.md, "Concepts"): accuracy
    /// counts only predictions with feedback; the pooled two-proportion z-test at `alpha` names
    /// a winner when each arm has at least `minimumPerArm` predictions with feedback. Without a significant difference nothing is
    /// promoted, unless `force` promotes the more accurate arm.
    /// A regression test (`task`) decides on mean absolute error instead (`decideOnError`).
    /// - Parameters:
    ///   - tallies: by arm name (`A`, `B`); a missing arm counts as nothing served.
    ///   - task: the endpoint's task (`schema.task`).
    ///   - labels: the endpoint's label values (`schema.labelValues`); for a binary endpoint each
    ///     arm's result then counts the positives among its feedback, its positive answers and
    ///     the hits (`classBalanceWarning`, recall and precision), from the tallies' outcomes.
    ///   - feedbackRequired: false to summarise a test an arm of which has no feedback yet (what
    ///     `ab show` prints of a running test: each arm with feedback gets its accuracy or MAE
    ///     and interval, the decision is "nothing promoted" with the reason).
    /// - Returns: the arm to promote (nil for none) and the summary to store, whose `decision`
    ///   says what was decided and why.
    /// - Throws: `RegistryError` when an arm has no feedback and `feedbackRequired` (its accuracy
    ///   is unknown, so no decision, forced or not, can be made), or the counts are impossible.
    public static func decide(
        _ test: ABTestRecord, tallies: [String: ABArmTally], task: PredictionTask = .binary, labels: [String] = [],
        alpha: Double = 0.05, minimumPerArm: Int = 100, force: Bool = false, feedbackRequired: Bool = true
    ) throws(RegistryError) -> (winner: String?, summary: ABTestSummary) {
        let arms = try arms(of: test, tallies: tallies, task: task, feedbackRequired: feedbackRequired)
        if task == .regression {
            return try decideOnError(test, arms: arms, alpha: alpha, minimumPerArm: minimumPerArm, force: force)
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
        let binary = task == .binary && labels.count == 2
        let results = zip(arms, [statistics.a, statistics.b]).map { entry, stats in
            var result = ArmResult(
                arm: entry.0.arm, requests: entry.1.requests, withFeedback: entry.1.withFeedback,
                correct: entry.1.correct, accuracy: stats.accuracy.value, accuracyLow: stats.accuracy.lower,
                accuracyHigh: stats.accuracy.upper)
            if binary, !entry.1.outcomes.isEmpty {
                result.positives = entry.1.truths(labels[1])
                result.predictedPositives = entry.1.predictions(labels[1])
                result.truePositives = entry.1.hits(labels[1])
            }
            return result
        }
        let required = ABTestStatistics.requiredPerArm(
            a: statistics.a.accuracy.value ?? 0, b: statistics.b.accuracy.value ?? 0, alpha: alpha)
        var winner: String?
        var decision: String
        switch statistics.decision {
        case .aWins, .bWins:
            let won = statistics.decision == .aWins ? 0 : 1
            winner = arms[won].0.arm
            decision = "\(Self.fates(won: arms[won].0, lost: arms[1 - won].0)): \(statistics.reason)"
        case .noSignificantDifference, .notEnoughData:
            let difference = statistics.difference ?? 0
            if force, difference != 0 {
                let won = difference > 0 ? 1 : 0
                winner = arms[won].0.arm
                decision =
                    "\(Self.fates(won: arms[won].0, lost: arms[1 - won].0)), by --force, although \(statistics.reason)"
            } else if force {
                decision = "nothing promoted: the arms are equally accurate, so --force has nothing to choose"
            } else {
                decision = "nothing promoted: \(statistics.reason)"
                if let required, statistics.decision == .noSignificantDifference {
                    decision +=
                        "; "
                        + Self.detection(requiredPerArm: required, collected: results.map(\.withFeedback).min() ?? 0)
                }
            }
        }
        var summary = ABTestSummary(
            arms: results, pValue: statistics.pValue, minimumSampleSize: minimumPerArm, outcome: statistics.decision,
            alpha: alpha, requiredPerArm: required,
            significant: statistics.decision == .aWins || statistics.decision == .bWins,
            forced: force && winner != nil && statistics.decision != .aWins && statistics.decision != .bWins,
            decision: decision)
        if results.contains(where: { $0.positives != nil }) { summary.classes = labels }
        return (winner, summary)
    }

    /// `arm B (model@version)`.
    static func name(_ arm: ABArm) -> String { "arm \(arm.arm) (\(arm.model)@\(arm.version))" }

    /// What a stop naming `won` the winner does to both arms (`Registry.stopABTest`: the winner
    /// becomes or stays production, the other arm goes to `testing`), from their statuses before
    /// the test, which no status change can alter while it runs: `arm A (random_forest@1.0.0)
    /// stays in production; arm B (random_forest@1.1.0) returns to testing`, or `arm B (…)
    /// promoted to production; arm A (…) leaves production for testing` (trial21 #8: a winner
    /// that was production already read "promoted to production").
    public static func fates(won: ABArm, lost: ABArm) -> String {
        let winner = won.statusBefore == .production ? "stays in production" : "promoted to production"
        let loser: String
        switch lost.statusBefore {
        case .testing: loser = "returns to testing"
        case .production: loser = "leaves production for testing"
        default: loser = "goes to testing (it was \(lost.statusBefore.rawValue) before the test)"
        }
        return "\(name(won)) \(winner); \(name(lost)) \(loser)"
    }

    /// The predictions with feedback per arm that would detect the observed difference with
    /// 80% power, for people: `detecting this difference with 80% power needs about 251
    /// predictions with feedback per arm`; beyond `unmeasurableFactor` times the fewest any arm
    /// `collected`, a difference no test at this pace would show: `the arms do not differ
    /// measurably (detecting a difference this small with 80% power needs about 445,594,617
    /// predictions with feedback per arm, over 1,000 times the 7,425 collected)` (trial21 #9: a
    /// nine-digit count read as advice to keep collecting).
    /// - Parameters:
    ///   - requiredPerArm: `ABTestStatistics.requiredPerArm`'s count.
    ///   - collected: predictions with feedback of the arm with the fewest.
    public static func detection(requiredPerArm: Int, collected: Int) -> String {
        let needed = "about \(groupedDigits(requiredPerArm)) predictions with feedback per arm"
        guard requiredPerArm > max(collected, 1) * unmeasurableFactor else {
            return "detecting this difference with 80% power needs \(needed)"
        }
        return "the arms do not differ measurably (detecting a difference this small with 80% power needs \(needed), "
            + "over \(groupedDigits(unmeasurableFactor)) times the \(groupedDigits(collected)) collected)"
    }

    /// How many times the predictions with feedback a test collected its observed difference
    /// may need before `detection` calls the arms not measurably different.
    public static let unmeasurableFactor = 1_000

    /// `detection` of this summary's `requiredPerArm` and arms; nil without a required count
    /// (equal accuracies or errors, a regression test stopped before trial22 #11).
    public var detection: String? {
        requiredPerArm.map { Self.detection(requiredPerArm: $0, collected: arms.map(\.withFeedback).min() ?? 0) }
    }

    /// The test's two arms with their tallies.
    /// - Throws: `RegistryError` when the test does not have two arms or, `feedbackRequired`, an
    ///   arm has no feedback.
    static func arms(
        of test: ABTestRecord, tallies: [String: ABArmTally], task: PredictionTask, feedbackRequired: Bool
    ) throws(RegistryError) -> [(ABArm, ABArmTally)] {
        let arms = test.arms.map { ($0, tallies[$0.arm] ?? ABArmTally(requests: 0, withFeedback: 0, correct: 0)) }
        guard arms.count == 2 else {
            throw RegistryError(reason: .abTest("A/B test \(test.id) does not have two arms"))
        }
        let what = task == .regression ? "mean absolute error" : "accuracy"
        let truth = task == .regression ? "true values" : "true labels"
        // A test with a production arm answers real requests: simulated feedback (test rows
        // replayed as outcomes) would decide it on made-up outcomes (trial24 #9).
        let live = test.arms.contains { $0.statusBefore == .production }
        let source =
            live
            ? "as the real outcomes become known (`modelpress ab show \(test.id)` counts them)"
            : "(or run `modelpress ab simulate \(test.id)` to replay test rows as feedback)"
        for (arm, tally) in arms where tally.withFeedback == 0 && feedbackRequired {
            throw RegistryError(
                reason: .abTest(
                    "\(name(arm)) of A/B test \(test.id) has no feedback "
                        + "(\(tally.requests) predictions served), so its \(what) is unknown; post \(truth) to "
                        + "/requests/{id}/feedback \(source) before stopping, "
                        + "or end the test without a decision: `modelpress ab abort \(test.id) --note WHY`"))
        }
        return arms
    }

    /// Decides a regression A/B test on mean absolute error: Welch's t-test on the absolute
    /// errors of the predictions with feedback (`RegressionABTestStatistics`) names the arm that
    /// errs less when each arm has at least `minimumPerArm` of them and p < `alpha`; `force`
    /// promotes the arm with the lower MAE anyway.
    static func decideOnError(
        _ test: ABTestRecord, arms: [(ABArm, ABArmTally)], alpha: Double, minimumPerArm: Int, force: Bool
    ) throws(RegistryError) -> (winner: String?, summary: ABTestSummary) {
        let statistics: RegressionABTestStatistics
        do {
            statistics = try RegressionABTestStatistics(
                a: arms[0].1.absoluteErrors, b: arms[1].1.absoluteErrors, alpha: alpha,
                minimumPerArm: minimumPerArm)
        } catch {
            throw RegistryError(reason: .abTest("A/B test \(test.id) cannot be decided: \(error)"))
        }
        let results = zip(arms, [statistics.a, statistics.b]).map { entry, stats in
            ArmResult(
                arm: entry.0.arm, requests: entry.1.requests, withFeedback: entry.1.withFeedback, correct: 0,
                meanAbsoluteError: stats.meanAbsoluteError.value, meanAbsoluteErrorLow: stats.meanAbsoluteError.lower,
                meanAbsoluteErrorHigh: stats.meanAbsoluteError.upper)
        }
        let significant = statistics.decision == .aWins || statistics.decision == .bWins
        var winner: String?
        var decision: String
        let difference = statistics.difference?.value ?? 0
        if significant {
            let won = statistics.decision == .aWins ? 0 : 1
            winner = arms[won].0.arm
            decision = "\(fates(won: arms[won].0, lost: arms[1 - won].0)): \(statistics.reason)"
        } else if force, difference != 0 {
            // The lower error wins: B when B − A is negative.
            let won = difference < 0 ? 1 : 0
            winner = arms[won].0.arm
            decision = "\(fates(won: arms[won].0, lost: arms[1 - won].0)), by --force, although \(statistics.reason)"
        } else if force {
            decision = "nothing promoted: the arms err equally, so --force has nothing to choose"
        } else {
            decision = "nothing promoted: \(statistics.reason)"
            if let required = statistics.requiredPerArm, statistics.decision == .noSignificantDifference {
                decision +=
                    "; " + detection(requiredPerArm: required, collected: results.map(\.withFeedback).min() ?? 0)
            }
        }
        var summary = ABTestSummary(
            arms: results, pValue: statistics.pValue, minimumSampleSize: minimumPerArm, outcome: statistics.decision,
            alpha: alpha, requiredPerArm: statistics.requiredPerArm, significant: significant,
            forced: force && winner != nil && !significant, decision: decision)
        summary.metric = "mean_absolute_error"
        summary.difference = statistics.difference?.value
        summary.differenceLow = statistics.difference?.lower
        summary.differenceHigh = statistics.difference?.upper
        summary.tStatistic = statistics.tStatistic
        summary.degreesOfFreedom = statistics.degreesOfFreedom
        return (winner, summary)
    }
}

extension ABTestSummary {
    /// What a stop would decide now from the request log's `tallies` (`ab show` of a running
    /// or aborted test, the site's page of an aborted one); with an arm without feedback, no
    /// decision and why, each arm with feedback still with its accuracy or MAE (trial15: arm
    /// A's accuracy showed only once arm B had feedback too).
    /// - Parameters:
    ///   - tallies: each arm's counts by arm name (`RequestLog.abTallies`).
    ///   - task: the endpoint's task (`RegistryState.task(of:)`).
    ///   - labels: its label values (`RegistryState.labels(of:)`).
    public static func interim(
        _ test: ABTestRecord, tallies: [String: ABArmTally], task: PredictionTask, labels: [String] = []
    ) -> ABTestSummary {
        do {
            return try decide(test, tallies: tallies, task: task, labels: labels).summary
        } catch {
            let partial =
                (try? decide(test, tallies: tallies, task: task, labels: labels, feedbackRequired: false))?.summary
            let arms =
                partial?.arms
                ?? test.arms.map { arm in
                    let tally = tallies[arm.arm] ?? ABArmTally(requests: 0, withFeedback: 0, correct: 0)
                    return ArmResult(
                        arm: arm.arm, requests: tally.requests, withFeedback: tally.withFeedback,
                        correct: tally.correct)
                }
            var summary = ABTestSummary(arms: arms, significant: false, decision: "no decision: \(error.message)")
            summary.classes = partial?.classes
            return summary
        }
    }
}

extension RegistryState {
    /// The task of `test`'s endpoint (binary when its definition is gone).
    public func task(of test: ABTestRecord) -> PredictionTask {
        endpoints[test.endpoint]?.definition.schema.task ?? .binary
    }

    /// The label values of `test`'s endpoint (negative then positive for binary); empty when its
    /// definition is gone.
    public func labels(of test: ABTestRecord) -> [String] {
        endpoints[test.endpoint]?.definition.schema.labelValues ?? []
    }
}
