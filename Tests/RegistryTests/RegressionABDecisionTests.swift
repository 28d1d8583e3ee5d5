import Basics
import Evaluation
import Foundation
import RegistryTestSupport
import Testing

@testable import Registry

/// `ABTestSummary.decide` for a regression endpoint: mean absolute error, Welch's t-test.
@Suite struct RegressionABDecisionTests {
    func runningTest() throws -> (Scratch, ABTestRecord) {
        try ABTestDecisionTests().runningTest()
    }

    /// Arm A errs about 10, arm B about 5, `count` predictions with feedback each.
    func tallies(count: Int, a: Double = 10, b: Double = 5) -> [String: ABArmTally] {
        let spread = (0..<count).map { Double($0 % 5) - 2 }
        return [
            "A": ABArmTally(
                requests: count + 3, withFeedback: count, correct: 0, absoluteErrors: spread.map { a + $0 }),
            "B": ABArmTally(requests: count, withFeedback: count, correct: 0, absoluteErrors: spread.map { b + $0 }),
        ]
    }

    @Test func theArmThatErrsLessWinsWithTheDifferenceAndItsInterval() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        let (winner, summary) = try ABTestSummary.decide(test, tallies: tallies(count: 200), task: .regression)
        #expect(winner == "B")
        #expect(summary.metric == "mean_absolute_error")
        #expect(summary.significant && summary.outcome?.rawValue == "b_wins")
        let errors = summary.arms.compactMap(\.meanAbsoluteError)
        #expect(errors.count == 2 && abs(errors[0] - 10) < 1e-9 && abs(errors[1] - 5) < 1e-9, "\(errors)")
        #expect(summary.arms.map(\.accuracy) == [nil, nil])
        #expect(summary.arms.map(\.requests) == [203, 200])
        let difference = try #require(summary.difference)
        #expect(abs(difference + 5) < 1e-9, "\(difference)")
        let low = try #require(summary.differenceLow)
        let high = try #require(summary.differenceHigh)
        #expect(low < -5 && -5 < high && high < 0)
        #expect(try #require(summary.pValue) < 1e-6)
        #expect(
            summary.decision.hasPrefix(
                "arm B (gradient_boosting@1.0.0) promoted to production; arm A (random_forest@1.0.0) leaves "
                    + "production for testing: arm B errs less"))
        let events = try scratch.registry.stopABTest(id: test.id, winner: winner, summary: summary, by: "dana")
        #expect(events.count == 3)
        #expect(try scratch.registry.load().abTests[test.id]?.summary == summary)
    }

    @Test func tooFewPredictionsDecideNothingUnlessForced() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        let few = tallies(count: 20)
        let (winner, summary) = try ABTestSummary.decide(test, tallies: few, task: .regression)
        #expect(winner == nil)
        #expect(summary.outcome?.rawValue == "not_enough_data")
        #expect(summary.decision.contains("fewer than the 100 needed per arm"))
        let forced = try ABTestSummary.decide(test, tallies: few, task: .regression, force: true)
        #expect(forced.winner == "B" && forced.summary.forced)
        // An arm without feedback has no error to compare.
        var none = few
        none["A"] = ABArmTally(requests: 5, withFeedback: 0, correct: 0)
        let error = try #require(throws: RegistryError.self) {
            try ABTestSummary.decide(test, tallies: none, task: .regression)
        }
        #expect(error.description.contains("so its mean absolute error is unknown; post true values"))
    }

    /// Trial22 #11: a regression test without a significant difference says how many
    /// predictions with feedback per arm would detect the observed MAE difference, as the
    /// classification tests do, through `ABTestSummary.detection`'s wording.
    @Test func noSignificantDifferenceSaysWhatSampleWouldDetectIt() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        // A: errors 0, 2, 4, … (mean 9, SD about 5.8); B: the same shifted by 0.5.
        let a = (0..<200).map { Double(2 * ($0 % 10)) }
        let b = a.map { $0 + 0.5 }
        let counts = [
            "A": ABArmTally(requests: 200, withFeedback: 200, correct: 0, absoluteErrors: a),
            "B": ABArmTally(requests: 200, withFeedback: 200, correct: 0, absoluteErrors: b),
        ]
        let (winner, summary) = try ABTestSummary.decide(test, tallies: counts, task: .regression)
        #expect(winner == nil && summary.outcome?.rawValue == "no_significant_difference")
        let required = try #require(summary.requiredPerArm)
        let variance = a.map { ($0 - 9) * ($0 - 9) }.reduce(0, +) / 199
        #expect(
            required
                == RegressionABTestStatistics.sampleSizePerArm(
                    difference: 0.5, varianceA: variance, varianceB: variance))
        // (1.96 + 0.84)² × 2 × 33.17 / 0.25 ≈ 2,081 by the normal approximation; t's tails add a little.
        #expect((2_070...2_100).contains(required), "\(required)")
        let detection = try #require(summary.detection)
        #expect(
            detection
                == "detecting this difference with 80% power needs about \(groupedDigits(required)) predictions with feedback per arm"
        )
        #expect(summary.decision.hasSuffix("; " + detection), "\(summary.decision)")
    }

    @Test func aClassificationSummaryWritesNoRegressionKeys() throws {
        let (scratch, test) = try runningTest()
        defer { scratch.remove() }
        let counts = [
            "A": ABArmTally(requests: 300, withFeedback: 300, correct: 290),
            "B": ABArmTally(requests: 300, withFeedback: 300, correct: 200),
        ]
        let summary = try ABTestSummary.decide(test, tallies: counts).summary
        let text = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        for key in ["metric", "difference", "t_statistic", "degrees_of_freedom", "mean_absolute_error"] {
            #expect(!text.contains("\"\(key)"), "\(key) in \(text)")
        }
    }
}
