import Foundation
import Testing

@testable import Evaluation

@Suite struct RegressionABTestTests {
    @Test func agreesWithScipysWelchTest() throws {
        let welch = try RegressionFixture.load().welch
        let stats = try RegressionABTestStatistics(a: welch.a, b: welch.b)
        let expected = welch.scipy
        let difference = try #require(stats.difference)
        #expect(abs((difference.value ?? 0) - expected.difference) < 1e-12)
        #expect(abs((stats.tStatistic ?? 0) - expected.statistic) < 1e-10)
        #expect(abs((stats.degreesOfFreedom ?? 0) - expected.df) < 1e-8)
        #expect(abs((stats.pValue ?? 0) - expected.pvalue) < 1e-10)
        #expect(abs((difference.lower ?? 0) - expected.low) < 1e-9)
        #expect(abs((difference.upper ?? 0) - expected.high) < 1e-9)
        #expect(difference.method == .welch)
        #expect(stats.decision == .bWins)
        #expect(stats.reason.hasPrefix("arm B errs less"))
    }

    /// The two-sample t sample size agrees with R's `power.t.test(delta, sd = 1, power = 0.8)`
    /// (16.71 → 17 and 63.77 → 64 per group; equal variances make Welch's degrees of freedom
    /// the pooled 2n − 2), and unequal variances need more than the normal approximation.
    @Test func sampleSizeAgreesWithRsPowerTTest() {
        #expect(RegressionABTestStatistics.sampleSizePerArm(difference: 1, varianceA: 1, varianceB: 1) == 17)
        #expect(RegressionABTestStatistics.sampleSizePerArm(difference: -0.5, varianceA: 1, varianceB: 1) == 64)
        #expect(RegressionABTestStatistics.sampleSizePerArm(difference: 0, varianceA: 1, varianceB: 1) == nil)
        #expect(RegressionABTestStatistics.sampleSizePerArm(difference: 1, varianceA: 0, varianceB: 0) == nil)
        let unequal = RegressionABTestStatistics.sampleSizePerArm(difference: 1, varianceA: 1, varianceB: 9)
        // Normal approximation: (1.960 + 0.842)² × 10 = 78.5.
        #expect(unequal.map { $0 >= 79 && $0 <= 82 } == true, "\(String(describing: unequal))")
    }

    /// Trial22 #10: 7 positives in 506 is a baseline of 0.986 that accuracy 0.992 does not beat
    /// measurably; 60 positives in 200 at accuracy 0.9 is well clear of its 0.7.
    @Test func majorityBaselineSaysWhenAccuracyIsMostlyTheMajorityClass() throws {
        let fraud = try #require(MajorityBaseline(trueClassCounts: ["no": 499, "yes": 7]))
        #expect(fraud.majorityClass == "no" && fraud.others == 7 && fraud.hasFewOthers)
        #expect(abs((fraud.accuracy.value ?? 0) - 499.0 / 506) < 1e-12 && fraud.accuracy.method == .wilson)
        #expect(fraud.dominates(accuracy: 0.5))
        let balanced = try #require(MajorityBaseline(trueClassCounts: ["no": 140, "yes": 60]))
        #expect(!balanced.hasFewOthers && !balanced.dominates(accuracy: 0.9))
        #expect(balanced.dominates(accuracy: 0.7) && balanced.contains(accuracy: 0.7))
        #expect(MajorityBaseline(trueClassCounts: ["b": 5, "a": 5])?.majorityClass == "a")
        #expect(MajorityBaseline(trueClassCounts: [:]) == nil)
    }

    @Test func tinyCaseByHand() throws {
        // A: 1, 2, 3 (mean 2, variance 1); B: 2, 4, 6 (mean 4, variance 4).
        // SE² = 1/3 + 4/3 = 5/3; t = 2 / √(5/3); df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 25/9 / (17/18) = 50/17.
        let stats = try RegressionABTestStatistics(a: [1, 2, 3], b: [2, 4, 6], minimumPerArm: 3)
        #expect(abs((stats.tStatistic ?? 0) - 2 / (5.0 / 3).squareRoot()) < 1e-12)
        #expect(abs((stats.degreesOfFreedom ?? 0) - 50.0 / 17) < 1e-12)
        #expect(stats.a.meanAbsoluteError.value == 2)
        #expect(stats.decision == .noSignificantDifference)
    }

    /// Errors in the hundreds of thousands (house prices) read as figures, not `4.403e+05`.
    @Test func theDecisionWritesLargeErrorsAsFigures() throws {
        let a = (0..<120).map { 400_000 + Double($0 % 7) * 10_000.5 }
        let b = (0..<120).map { 250_000 + Double($0 % 5) * 5_000.25 }
        let stats = try RegressionABTestStatistics(a: a, b: b)
        #expect(stats.decision == .bWins)
        #expect(!stats.reason.contains("e+"), "\(stats.reason)")
        let maeB = try #require(stats.b.meanAbsoluteError.value), maeA = try #require(stats.a.meanAbsoluteError.value)
        #expect(stats.reason.contains("(MAE \(Int(maeB.rounded())) vs \(Int(maeA.rounded())))"), "\(stats.reason)")
    }

    @Test func studentTKnownValues() {
        // t = 2.0 with 10 degrees of freedom: two-sided p = 0.07338803477…; t₀.₉₇₅(10) = 2.228138851986…
        #expect(abs(StudentT.twoSidedPValue(2, degrees: 10) - 0.0733880347707) < 1e-11)
        #expect(abs(StudentT.quantile(0.975, degrees: 10) - 2.2281388519649) < 1e-10)
    }

    @Test func minimumCountsAndMissingFeedback() throws {
        let few = try RegressionABTestStatistics(a: [1, 2, 3], b: [5, 6, 7])
        #expect(few.decision == .notEnoughData)
        #expect(
            few.reason
                == "arm A has 3 predictions with feedback and arm B has 3 predictions with feedback, fewer than the 100 needed per arm"
        )
        let none = try RegressionABTestStatistics(a: [1], b: [])
        #expect(none.decision == .notEnoughData && none.difference == nil)
        #expect(none.reason == "arm B has no feedback yet, so its error is unknown")
        #expect(throws: EvaluationError.self) { try RegressionABTestStatistics(a: [-1], b: [1]) }
    }

    @Test func equalErrorsHaveNoVariance() throws {
        let stats = try RegressionABTestStatistics(
            a: [Double](repeating: 2, count: 150), b: [Double](repeating: 2, count: 150))
        #expect(stats.pValue == 1)
        #expect(stats.decision == .noSignificantDifference)
        // No zero-width interval anywhere: not on the difference, not on either arm's MAE.
        let difference = try #require(stats.difference)
        #expect(difference.value == 0)
        #expect(stats.a.meanAbsoluteError.value == 2 && stats.b.meanAbsoluteError.value == 2)
        for estimate in [difference, stats.a.meanAbsoluteError, stats.b.meanAbsoluteError] {
            #expect(estimate.lower == nil && estimate.upper == nil)
            #expect(estimate.missingIntervalNote?.hasPrefix("no interval: every") == true)
        }
        // Arms constant at different errors still decide, with the difference exact but no interval.
        let apart = try RegressionABTestStatistics(
            a: [Double](repeating: 3, count: 150), b: [Double](repeating: 1, count: 150))
        #expect(apart.decision == .bWins && apart.difference?.value == -2)
        #expect(apart.difference?.lower == nil && apart.difference?.missingIntervalNote != nil)
    }

    /// A t interval of a sample whose values are all the same would have zero width; the mean has
    /// none and says why, while any spread at all gives one.
    @Test func aMeanOfEqualValuesHasNoZeroWidthInterval() {
        let same = MetricEstimate.mean(75, variance: 0, count: 12, undefinedNote: "none")
        #expect(same.value == 75 && same.lower == nil && same.missingIntervalNote == MetricEstimate.sameValues)
        let spread = MetricEstimate.mean(75, variance: 4, count: 12, undefinedNote: "none")
        #expect((spread.lower ?? 75) < 75 && (spread.upper ?? 75) > 75)
    }
}
