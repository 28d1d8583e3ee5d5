import Foundation
import Testing

@testable import Evaluation

@Suite struct ABTestStatisticsTests {
    @Test func clearWinnerIsNamed() throws {
        // Pooled p = 0.85, SE = √(0.85 · 0.15 · 0.02), z = 0.1 / SE ≈ 1.9803, p ≈ 0.0477.
        let stats = try ABTestStatistics(a: .init(correct: 80, total: 100), b: .init(correct: 90, total: 100))
        #expect(stats.decision == .bWins)
        #expect(abs((stats.zScore ?? 0) - 0.1 / (0.85 * 0.15 * 0.02).squareRoot()) < 1e-12)
        #expect(abs((stats.pValue ?? 0) - 0.04767) < 1e-4)
        #expect(abs((stats.difference ?? 0) - 0.1) < 1e-12)
        #expect(stats.a.accuracy.method == .wilson)
        #expect(stats.reason.hasPrefix("arm B is more accurate (90.0% vs 80.0%)"))
        let reversed = try ABTestStatistics(a: .init(correct: 90, total: 100), b: .init(correct: 80, total: 100))
        #expect(reversed.decision == .aWins)
    }

    @Test func smallDifferenceIsNotSignificant() throws {
        let stats = try ABTestStatistics(a: .init(correct: 400, total: 500), b: .init(correct: 410, total: 500))
        #expect(stats.decision == .noSignificantDifference)
        #expect((stats.pValue ?? 0) > 0.05)
    }

    @Test func belowMinimumSampleIsNotEnoughData() throws {
        let stats = try ABTestStatistics(
            a: .init(correct: 10, total: 10), b: .init(correct: 0, total: 10), minimumPerArm: 100)
        #expect(stats.decision == .notEnoughData)
        #expect(stats.pValue != nil)
        #expect(
            stats.reason
                == "arm A has 10 predictions with feedback and arm B has 10 predictions with feedback, "
                + "fewer than the 100 needed per arm")
    }

    @Test func armWithoutFeedbackIsAClearDecisionNotADivisionByZero() throws {
        let stats = try ABTestStatistics(a: .init(correct: 50, total: 120), b: .init(correct: 0, total: 0))
        #expect(stats.decision == .notEnoughData)
        #expect(stats.b.accuracy.value == nil)
        #expect(stats.b.accuracy.note == "no feedback yet")
        #expect(stats.pValue == nil && stats.zScore == nil && stats.difference == nil)
        #expect(stats.reason == "arm B has no feedback yet, so its accuracy is unknown")
        let neither = try ABTestStatistics(a: .init(correct: 0, total: 0), b: .init(correct: 0, total: 0))
        #expect(neither.decision == .notEnoughData)
        #expect(neither.reason == "neither arm has feedback yet, so their accuracy is unknown")
    }

    @Test func identicalPerfectArmsHaveNoVariance() throws {
        let stats = try ABTestStatistics(a: .init(correct: 200, total: 200), b: .init(correct: 200, total: 200))
        #expect(stats.decision == .noSignificantDifference)
        #expect(stats.pValue == 1)
        #expect(stats.a.accuracy.upper == 1)
    }

    @Test(arguments: [(correct: 5, total: 4), (correct: -1, total: 4), (correct: 0, total: -1)])
    func impossibleCountsAreErrors(correct: Int, total: Int) {
        #expect(throws: EvaluationError.self) {
            try ABTestStatistics(a: .init(correct: correct, total: total), b: .init(correct: 1, total: 2))
        }
    }

    @Test func encodesWithStableKeys() throws {
        let stats = try ABTestStatistics(a: .init(correct: 80, total: 100), b: .init(correct: 90, total: 100))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(stats), as: UTF8.self)
        #expect(json.contains("\"decision\":\"b_wins\""))
        #expect(json.contains("\"minimum_per_arm\":100"))
        #expect(try JSONDecoder().decode(ABTestStatistics.self, from: encoder.encode(stats)) == stats)
    }
}
