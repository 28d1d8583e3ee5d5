import Basics
import Foundation
import RegistryTestSupport
import Testing

@testable import Registry

/// `ABTestSummary.decide`: the numbers a stop stores, and what it promotes.
@Suite struct ABTestDecisionTests {
    /// Random forest (A, production) against gradient boosting (B, testing), as started.
    func runningTest() throws -> (Scratch, ABTestRecord) {
        let scratch = try Scratch().withEndpoint()
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        _ = try scratch.registered("income_classifier/gradient_boosting@1.0.0")
        try scratch.registry.setStatus(rf, to: .production, by: "alice")
        let test = try scratch.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "dana")
        return (scratch, test)
    }

    func tallies(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> [String: ABArmTally] {
        [
            "A": ABArmTally(requests: a.0, withFeedback: a.1, correct: a.2),
            "B": ABArmTally(requests: b.0, withFeedback: b.1, correct: b.2),
        ]
    }

    @Test func significantWinnerIsPromotedWithItsNumbers() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        // 700/1000 against 800/1000: pooled 0.75, z = 0.1 / √(0.75 · 0.25 · 0.002) ≈ 5.16.
        let (winner, summary) = try ABTestSummary.decide(test, tallies: tallies((1010, 1000, 700), (990, 1000, 800)))
        #expect(winner == "B")
        #expect(summary.significant && !summary.forced)
        #expect(summary.outcome?.rawValue == "b_wins")
        #expect(summary.arms.map(\.requests) == [1010, 990])
        #expect(summary.arms.map(\.withFeedback) == [1000, 1000])
        #expect(summary.arms.map(\.accuracy) == [0.7, 0.8])
        let low = try #require(summary.arms[0].accuracyLow)
        let high = try #require(summary.arms[0].accuracyHigh)
        #expect(low < 0.7 && 0.7 < high && high - low < 0.06)
        #expect(try #require(summary.pValue) < 1e-6)
        #expect(summary.minimumSampleSize == 100)
        #expect(
            summary.decision.hasPrefix(
                "arm B (gradient_boosting@1.0.0) promoted to production; arm A (random_forest@1.0.0) leaves "
                    + "production for testing: arm B is more accurate"))

        let events = try scratch.registry.stopABTest(id: test.id, winner: winner, summary: summary, by: "dana")
        #expect(events.count == 3)
        let state = try scratch.registry.load()
        #expect(state.versions[vid("income_classifier/gradient_boosting@1.0.0")]?.status == .production)
        #expect(state.versions[vid("income_classifier/random_forest@1.0.0")]?.status == .testing)
        #expect(state.abTests[test.id]?.summary == summary)
    }

    @Test func noSignificantDifferencePromotesNothingAndSaysWhy() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        let (winner, summary) = try ABTestSummary.decide(test, tallies: tallies((500, 500, 430), (500, 500, 436)))
        #expect(winner == nil)
        #expect(!summary.significant)
        #expect(summary.outcome?.rawValue == "no_significant_difference")
        #expect(try #require(summary.pValue) > 0.05)
        #expect(summary.decision.hasPrefix("nothing promoted: accuracies 86.0% (A) and 87.2% (B) do not differ"))
        let required = try #require(summary.requiredPerArm)
        #expect(required > 500 && required < 500_000)
        #expect(
            summary.decision.hasSuffix(
                "; detecting this difference with 80% power needs about \(groupedDigits(required)) predictions with "
                    + "feedback per arm"))
        #expect(summary.detection.map { summary.decision.hasSuffix($0) } == true)
    }

    /// A difference that would take over 1,000 times the feedback collected is called no
    /// measurable difference, its count grouped (trial21 #9: "needs about 445594617").
    @Test func aHopelesslySmallDifferenceIsCalledNotMeasurable() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        // The shipped income_classifier test's counts: 6598/7635 against 6417/7425.
        let (winner, summary) = try ABTestSummary.decide(test, tallies: tallies((7635, 7635, 6598), (7425, 7425, 6417)))
        #expect(winner == nil)
        let required = try #require(summary.requiredPerArm)
        #expect(required > 7425 * 1000)
        #expect(
            summary.decision.hasSuffix(
                "; the arms do not differ measurably (detecting a difference this small with 80% power needs about "
                    + "\(groupedDigits(required)) predictions with feedback per arm, over 1,000 times the 7,425 "
                    + "collected)"))
        #expect(!summary.decision.contains(String(required)))
        // At the boundary: exactly 1,000 times is still a count to collect, one more is not.
        #expect(ABTestSummary.detection(requiredPerArm: 100_000, collected: 100).hasPrefix("detecting this difference"))
        #expect(ABTestSummary.detection(requiredPerArm: 100_001, collected: 100).hasPrefix("the arms do not differ"))
    }

    /// The decision says what the stop does to each arm: a winner that was production stays
    /// there (trial21 #8: it read "promoted to production"), and the sentence agrees with the
    /// statuses the stop writes.
    @Test func aProductionWinnerStaysInProductionAndTheLoserReturnsToTesting() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        let (winner, summary) = try ABTestSummary.decide(test, tallies: tallies((300, 300, 290), (300, 300, 200)))
        #expect(winner == "A")
        #expect(
            summary.decision.hasPrefix(
                "arm A (random_forest@1.0.0) stays in production; arm B (gradient_boosting@1.0.0) returns to testing: "
                    + "arm A is more accurate"))
        let events = try scratch.registry.stopABTest(id: test.id, winner: winner, summary: summary, by: "dana")
        // The stop itself and B's change only: A was production throughout.
        #expect(events.count == 2)
        let state = try scratch.registry.load()
        #expect(state.versions[vid("income_classifier/random_forest@1.0.0")]?.status == .production)
        #expect(state.versions[vid("income_classifier/gradient_boosting@1.0.0")]?.status == .testing)
    }

    @Test(arguments: [
        (ModelStatus.testing, "returns to testing"), (.staging, "goes to testing (it was staging before the test)"),
        (.production, "leaves production for testing"),
    ])
    func theLosersFateFollowsItsStatusBeforeTheTest(before: ModelStatus, fate: String) {
        let won = ABArm(arm: "B", model: "gradient_boosting", version: "1.0.0", percent: 50, statusBefore: .testing)
        let lost = ABArm(arm: "A", model: "random_forest", version: "1.0.0", percent: 50, statusBefore: before)
        #expect(
            ABTestSummary.fates(won: won, lost: lost)
                == "arm B (gradient_boosting@1.0.0) promoted to production; arm A (random_forest@1.0.0) \(fate)")
    }

    @Test func forcePromotesTheMoreAccurateArmAndIsRecorded() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        let (winner, summary) = try ABTestSummary.decide(
            test, tallies: tallies((500, 500, 440), (500, 500, 430)), force: true)
        #expect(winner == "A")
        #expect(summary.forced && !summary.significant)
        #expect(
            summary.decision.hasPrefix(
                "arm A (random_forest@1.0.0) stays in production; arm B (gradient_boosting@1.0.0) returns to testing, "
                    + "by --force, although"))
        let equal = try ABTestSummary.decide(test, tallies: tallies((500, 500, 440), (500, 500, 440)), force: true)
        #expect(equal.winner == nil && !equal.summary.forced)
    }

    /// Trial22 #10: on a 2%-positive endpoint each arm's result counts the positives among
    /// its feedback, its positive answers and hits, and the summary warns that accuracy is
    /// dominated by the majority class; the decision stays on accuracy.
    @Test func anImbalancedBinaryTestCountsPositivesAndWarns() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        func outcomes(_ tn: Int, _ fp: Int, _ fn: Int, _ tp: Int) -> [ABArmTally.Outcome] {
            [
                .init(truth: "<=50K", predicted: "<=50K", count: tn),
                .init(truth: "<=50K", predicted: ">50K", count: fp),
                .init(truth: ">50K", predicted: "<=50K", count: fn), .init(truth: ">50K", predicted: ">50K", count: tp),
            ]
        }
        let counts = [
            "A": ABArmTally(requests: 506, withFeedback: 506, correct: 502, outcomes: outcomes(498, 1, 3, 4)),
            "B": ABArmTally(requests: 494, withFeedback: 494, correct: 489, outcomes: outcomes(484, 2, 3, 5)),
        ]
        let labels = ["<=50K", ">50K"]
        let plain = try ABTestSummary.decide(test, tallies: counts)
        let (winner, summary) = try ABTestSummary.decide(test, tallies: counts, labels: labels)
        #expect(
            winner == plain.winner && summary.decision == plain.summary.decision
                && summary.pValue == plain.summary.pValue)
        #expect(summary.classes == labels)
        #expect(summary.arms.map(\.positives) == [7, 8])
        #expect(summary.arms.map(\.predictedPositives) == [5, 7])
        #expect(summary.arms.map(\.truePositives) == [4, 5])
        #expect(summary.arms[0].recall?.value == 4.0 / 7 && summary.arms[1].precision?.value == 5.0 / 7)
        #expect(summary.baselines.map(\.majorityClass) == ["<=50K", "<=50K"])
        #expect(
            summary.classBalanceWarning
                == "accuracy is dominated by the majority class: 7 and 8 positives (>50K) per arm among the feedback; "
                + "always answering <=50K scores 0.986 and 0.984, so compare recall and precision")
        #expect(plain.summary.classBalanceWarning == nil && plain.summary.classes == nil)
        // Balanced classes and accuracies well above the baseline: no warning.
        let balanced = [
            "A": ABArmTally(requests: 200, withFeedback: 200, correct: 180, outcomes: outcomes(90, 10, 10, 90)),
            "B": ABArmTally(requests: 200, withFeedback: 200, correct: 170, outcomes: outcomes(85, 15, 15, 85)),
        ]
        let clear = try ABTestSummary.decide(test, tallies: balanced, labels: labels).summary
        #expect(clear.arms.map(\.positives) == [100, 100] && clear.classBalanceWarning == nil)
    }

    @Test func tooFewFeedbackIsNotADecision() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        let (winner, summary) = try ABTestSummary.decide(test, tallies: tallies((60, 50, 50), (60, 50, 10)))
        #expect(winner == nil)
        #expect(summary.outcome?.rawValue == "not_enough_data")
        #expect(summary.decision.contains("fewer than the 100 needed per arm"))
    }

    @Test func armWithoutFeedbackIsAClearError() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        for force in [false, true] {
            let error = try #require(throws: RegistryError.self) {
                try ABTestSummary.decide(test, tallies: tallies((400, 380, 330), (420, 0, 0)), force: force)
            }
            #expect(
                error.description.hasPrefix(
                    "arm B (gradient_boosting@1.0.0) of A/B test \(test.id) has no feedback (420 predictions served)"))
        }
        let nothing = try #require(throws: RegistryError.self) { try ABTestSummary.decide(test, tallies: [:]) }
        #expect(nothing.description.hasPrefix("arm A (random_forest@1.0.0) of A/B test \(test.id) has no feedback (0"))
        // Simulated feedback is offered only for a test no production version is an arm of:
        // a live test would be decided on made-up outcomes (trial24 #9).
        let live = test.arms.contains { $0.statusBefore == .production }
        #expect(nothing.description.contains("`modelpress ab simulate \(test.id)`") == !live, "\(nothing)")
        #expect(nothing.description.contains("as the real outcomes become known") == live, "\(nothing)")
        var offline = test
        offline.arms = test.arms.map {
            var arm = $0
            arm.statusBefore = .testing
            return arm
        }
        let simulated = try #require(throws: RegistryError.self) { try ABTestSummary.decide(offline, tallies: [:]) }
        #expect(simulated.description.contains("(or run `modelpress ab simulate \(test.id)` to replay test rows"))
    }

    @Test func armsOfAnotherEndpointAreRefused() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.startABTest(
                endpoint: "income_classifier", a: rf, b: vid("credit_scorer/random_forest@1.0.0"), title: "t",
                by: "d")
        }
        #expect(
            error.description
                == "arm B credit_scorer/random_forest@1.0.0 is a version of credit_scorer, not of income_classifier; "
                + "both arms of an A/B test must be versions of the test's endpoint")
        #expect(try scratch.registry.load().abTests.isEmpty)
    }

    @Test func winnerReplacesAProductionVersionOutsideTheTest() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let et = try scratch.registered("income_classifier/extra_trees@1.0.0")
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        let gb = try scratch.registered("income_classifier/gradient_boosting@1.0.0")
        try scratch.registry.setStatus(et, to: .production, by: "alice")
        let test = try scratch.registry.startABTest(endpoint: "income_classifier", a: rf, b: gb, title: "t", by: "d")
        let (winner, summary) = try ABTestSummary.decide(test, tallies: tallies((300, 300, 290), (300, 300, 200)))
        #expect(winner == "A")
        #expect(
            summary.decision.hasPrefix(
                "arm A (random_forest@1.0.0) promoted to production; arm B (gradient_boosting@1.0.0) returns to testing"
            ))
        try scratch.registry.stopABTest(id: test.id, winner: winner, summary: summary, by: "d")
        let state = try scratch.registry.load()
        #expect(state.versions[rf]?.status == .production)
        #expect(state.versions[gb]?.status == .testing)
        #expect(state.versions[et]?.status == .archived)
        #expect(state.versions[et]?.lastChange?.replacedBy == "random_forest@1.0.0")
        #expect(scratch.registry.check().isEmpty)
    }
}
