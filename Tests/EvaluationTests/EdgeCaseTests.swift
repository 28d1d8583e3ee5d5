import Foundation
import Testing

@testable import Evaluation

/// Inputs that break naive metric code: one class only, no rows, bad values.
@Suite struct EdgeCaseTests {
    @Test func oneClassOnlyLeavesRankingMetricsUndefined() throws {
        let data = try ScoredLabels(labels: [1, 1, 1], scores: [0.2, 0.7, 0.9])
        let metrics = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: BootstrapSettings(resamples: 100))
        #expect(metrics.rocAUC.value == nil)
        #expect(metrics.rocAUC.note == "needs both classes")
        #expect(metrics.specificity.value == nil)
        #expect(metrics.mcc.value == nil)
        #expect(metrics.recall.value == 2.0 / 3)
        #expect(metrics.averagePrecision.value == 1)
        #expect(ROCCurve(data).points.isEmpty)
    }

    @Test func reportWithOneClassEncodesAndSaysWhy() throws {
        let data = try ScoredLabels(labels: [0, 0, 0, 0], scores: [0.1, 0.2, 0.6, 0.3])
        let report = try EvaluationReport(
            model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t.csv", sha256: "00"),
            data: data)
        let json = String(decoding: try report.jsonData(), as: UTF8.self)
        #expect(json.contains("\"note\" : \"needs both classes\""))
        #expect(json.contains("\"value\" : null"))
        #expect(report.summary().contains("roc_auc             undefined (needs both classes)"))
        #expect(report.binary?.curves.precisionRecall.points.isEmpty == true)
    }

    @Test func noPredictedPositivesLeavesPrecisionUndefined() throws {
        let data = try ScoredLabels(labels: [1, 0, 1], scores: [0.1, 0.2, 0.3])
        let metrics = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: BootstrapSettings(resamples: 10))
        #expect(metrics.precision.value == nil)
        #expect(metrics.precision.note == "no row is predicted positive")
        #expect(metrics.f1.value == 0)
        // One predicted class correlates with nothing: 0, as scikit-learn's matthews_corrcoef says.
        #expect(metrics.mcc.value == 0)
    }

    /// trial26 #4: a report at another threshold than served labels use says so; at 0.5 it does not.
    @Test func aThresholdOtherThanServedIsForAnalysis() throws {
        let data = try ScoredLabels(labels: [1, 0, 1, 0], scores: [0.9, 0.2, 0.4, 0.6])
        for (threshold, noted) in [(0.5, false), (0.3, true)] {
            let report = try EvaluationReport(
                model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t.csv", sha256: "00"),
                data: data, options: EvaluationOptions(threshold: threshold))
            #expect((report.binary?.thresholdNote != nil) == noted)
            #expect(report.summary().contains("  note: served labels use 0.5 (") == noted)
            #expect(report.summary().contains("this report's threshold 0.3 is for analysis only") == noted)
        }
    }

    /// trial26 #3: one true positive and no false positive. The interval must not start at the
    /// point: the positives' row (1 found, 9 missed) drawn from its Jeffreys posterior
    /// (`ConfusionPosterior`) often finds next to none, so MCC's and F1's intervals reach close to 0.
    @Test func mccIntervalReachesCloseToZeroWithOnePositivePrediction() throws {
        let labels = [1] + Array(repeating: 1, count: 9) + Array(repeating: 0, count: 90)
        let scores = [0.9] + Array(repeating: 0.1, count: 99)
        let data = try ScoredLabels(labels: labels, scores: scores)
        let metrics = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: BootstrapSettings(resamples: 500))
        let mcc = try #require(metrics.mcc.value)
        #expect(mcc > 0.2)
        #expect(try #require(metrics.mcc.lower) < mcc / 4)
        #expect(try #require(metrics.mcc.upper) > mcc)
        let f1 = try #require(metrics.f1.value)
        #expect(try #require(metrics.f1.lower) < f1 / 4)
    }

    @Test func emptyDataHasNoMetricsAndNoCrash() throws {
        let data = try ScoredLabels(labels: [Bool](), scores: [])
        let metrics = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: BootstrapSettings())
        for name in MetricName.allCases {
            #expect(metrics[name].value == nil)
        }
        #expect(Calibration(data).expectedCalibrationError == nil)
        #expect(throws: EvaluationError(.empty)) {
            try EvaluationReport(
                model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t", sha256: ""),
                data: data)
        }
    }

    @Test(arguments: [Double.nan, -0.1, 1.5, Double.infinity])
    func badScoresAreRejected(score: Double) {
        #expect(throws: EvaluationError.self) {
            try ScoredLabels(labels: [1, 0], scores: [0.5, score])
        }
    }

    @Test func badLabelsAndLengthsAreRejected() {
        #expect(throws: EvaluationError(.badLabel(row: 1, value: 2))) {
            try ScoredLabels(labels: [1, 2], scores: [0.5, 0.5])
        }
        #expect(throws: EvaluationError(.lengthMismatch(what: "scores", expected: 2, actual: 1))) {
            try ScoredLabels(labels: [1, 0], scores: [0.5])
        }
    }

    @Test func badOptionsAreRejected() throws {
        let data = try ScoredLabels(labels: [1, 0], scores: [0.5, 0.4])
        #expect(throws: EvaluationError.self) {
            try EvaluationReport(
                model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t", sha256: ""),
                data: data, options: EvaluationOptions(threshold: 2))
        }
    }
}
