import Basics
import Foundation
import Testing

@testable import Evaluation

/// Regression metrics: a tiny case worked by hand, then scikit-learn's values on the fixture.
@Suite struct RegressionMetricsTests {
    // Errors (target − prediction): 1, −2, 0, 3; absolute 1, 2, 0, 3.
    static let targets = [2.0, 4.0, 6.0, 8.0]
    static let predictions = [1.0, 6.0, 6.0, 5.0]

    @Test func tinyCaseByHand() throws {
        let data = try ScoredValues(targets: Self.targets, predictions: Self.predictions)
        let metrics = RegressionMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 0))
        #expect(metrics.meanAbsoluteError.value == 1.5)  // 6 / 4
        #expect(metrics.rootMeanSquaredError.value == 3.5.squareRoot())  // (1 + 4 + 0 + 9) / 4
        #expect(metrics.r2.value == 1 - 14.0 / 20)  // SST: 9 + 1 + 1 + 9
        #expect(metrics.medianAbsoluteError.value == 1.5)  // between 1 and 2
        #expect(metrics.meanAbsolutePercentageError.value == (0.5 + 0.5 + 0 + 0.375) / 4)
        #expect(metrics.meanAbsoluteError.note == "no bootstrap resamples requested")
    }

    @Test func mapeIsAbsentWithTheReasonWhenATargetIsZero() throws {
        let data = try ScoredValues(targets: [1, 0, 2], predictions: [1, 1, 1])
        let metrics = RegressionMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 50))
        #expect(metrics.meanAbsolutePercentageError.value == nil)
        #expect(metrics.meanAbsolutePercentageError.note == "row 1 has target 0, so percentage errors are undefined")
        #expect(metrics.meanAbsoluteError.value == 2.0 / 3)
    }

    /// trial28 #2: a target near zero (not only exactly zero) makes MAPE that row's alone.
    @Test(arguments: [1e-9, -0.0005])
    func mapeIsAbsentWithTheReasonWhenATargetIsNearZero(near: Double) throws {
        let data = try ScoredValues(targets: [1, near, 2], predictions: [1, 1, 1])
        let metrics = RegressionMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 50))
        #expect(metrics.meanAbsolutePercentageError.value == nil)
        let note = try #require(metrics.meanAbsolutePercentageError.note)
        #expect(note.hasPrefix("row 1 has target \(significant(near, digits: 4)), within 0.1% of zero beside the mean"))
        #expect(note.hasSuffix("so its percentage error would outweigh all the others"))
        // A small target beside small ones is ordinary: 0.5 of a mean |target| near 0.5.
        let small = try ScoredValues(targets: [0.4, 0.5, 0.6], predictions: [0.5, 0.5, 0.5])
        let reported = RegressionMetrics.compute(small, bootstrap: BootstrapSettings(resamples: 0))
        #expect(reported.meanAbsolutePercentageError.value != nil)
    }

    /// trial28 #2: a slice's R² of −0.0002 printed as `-0.000`; no formatter of the output
    /// writes a negative zero.
    @Test func aValueThatRoundsToZeroHasNoSign() {
        #expect(EvaluationReport.number(-0.00002) == "0.0000")
        #expect(EvaluationReport.number(-0.5) == "-0.5000")
        #expect(MetricsDiff.format(-0.0002, 3) == "0.000")
        #expect(MetricsDiff.signed(-0.0002, 3) == "0.000")
    }

    @Test func constantTargetsLeaveR2Undefined() throws {
        let data = try ScoredValues(targets: [3, 3, 3], predictions: [2, 3, 4])
        let metrics = RegressionMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 0))
        #expect(metrics.r2.value == nil)
        #expect(metrics.r2.note == "the targets are constant")
    }

    @Test func nonFiniteValuesAreRefusedWithTheRow() {
        #expect(throws: EvaluationError(.badValue(row: 1, what: "prediction", value: .infinity))) {
            try ScoredValues(targets: [1, 2], predictions: [1, .infinity])
        }
    }

    @Test func residualsHistogramAndPoints() throws {
        let data = try ScoredValues(targets: Self.targets, predictions: Self.predictions)
        let residuals = Residuals(data, bins: 5, maxPoints: 3)
        // Residuals −2, 0, 1, 3 over [−2, 3] in bins of width 1.
        #expect(residuals.edges == [-2, -1, 0, 1, 2, 3])
        #expect(residuals.counts == [1, 0, 1, 1, 1])
        // Three of four points: indices 0, 1.5 (rounded to 2) and 3.
        #expect(residuals.points.map(\.actual) == [2, 6, 8])
        #expect(Residuals(try ScoredValues(targets: [1, 1], predictions: [0, 0]), bins: 2).edges == [0.5, 1, 1.5])
    }

    @Test func intervalsCoverThePointAndRepeat() throws {
        let set = try #require(try RegressionFixture.load().sets["continuous"])
        let data = try ScoredValues(targets: set.targets, predictions: set.predictions)
        let settings = BootstrapSettings(resamples: 200, seed: 3)
        let metrics = RegressionMetrics.compute(data, bootstrap: settings)
        #expect(metrics == RegressionMetrics.compute(data, bootstrap: settings))
        for estimate in [
            metrics.meanAbsoluteError, metrics.rootMeanSquaredError, metrics.r2, metrics.medianAbsoluteError,
            metrics.meanAbsolutePercentageError,
        ] {
            #expect(estimate.method == .bootstrap)
            let value = try #require(estimate.value), lower = try #require(estimate.lower)
            let upper = try #require(estimate.upper)
            #expect(lower < value && value < upper)
        }
    }

    @Test(arguments: ["rounded", "continuous"])
    func agreesWithScikitLearn(set name: String) throws {
        let set = try #require(try RegressionFixture.load().sets[name])
        let expected = set.sklearn
        let data = try ScoredValues(targets: set.targets, predictions: set.predictions)
        let metrics = RegressionMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 20, seed: 1))
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-12 * max(1, abs(b)) } ?? false }
        #expect(close(metrics.meanAbsoluteError.value, expected.mae))
        #expect(close(metrics.rootMeanSquaredError.value, expected.rmse))
        #expect(close(metrics.r2.value, expected.r2))
        #expect(close(metrics.medianAbsoluteError.value, expected.median_absolute_error))
        #expect(close(metrics.meanAbsolutePercentageError.value, expected.mape))
    }
}
