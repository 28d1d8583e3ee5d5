import Foundation
import Testing

@testable import Evaluation

/// Every metric agrees with scikit-learn's on the committed fixture.
@Suite struct SklearnAgreementTests {
    static let tolerance = 1e-9

    func close(_ a: Double?, _ b: Double, tolerance: Double = tolerance) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    @Test(arguments: ["ties", "continuous"])
    func metricsMatch(set name: String) throws {
        let fixture = try SklearnFixture.load()
        let set = try #require(fixture.sets[name])
        let data = try ScoredLabels(labels: set.labels, scores: set.scores)
        let expected = set.sklearn
        let confusion = ConfusionMatrix(data, threshold: set.threshold)
        #expect(confusion.truePositives == expected.confusion.tp)
        #expect(confusion.falsePositives == expected.confusion.fp)
        #expect(confusion.trueNegatives == expected.confusion.tn)
        #expect(confusion.falseNegatives == expected.confusion.fn)

        let metrics = HeadlineMetrics.compute(
            data, threshold: set.threshold, bootstrap: BootstrapSettings(resamples: 50, seed: 1))
        #expect(close(metrics.accuracy.value, expected.accuracy))
        #expect(close(metrics.balancedAccuracy.value, expected.balanced_accuracy))
        #expect(close(metrics.precision.value, expected.precision))
        #expect(close(metrics.recall.value, expected.recall))
        #expect(close(metrics.specificity.value, expected.specificity))
        #expect(close(metrics.f1.value, expected.f1))
        #expect(close(metrics.mcc.value, expected.mcc))
        #expect(close(metrics.rocAUC.value, expected.roc_auc))
        #expect(close(metrics.averagePrecision.value, expected.average_precision))
        #expect(close(metrics.logLoss.value, expected.log_loss))
        #expect(close(metrics.brierScore.value, expected.brier))
    }

    @Test(arguments: ["ties", "continuous"])
    func curvesMatch(set name: String) throws {
        let fixture = try SklearnFixture.load()
        let set = try #require(fixture.sets[name])
        let data = try ScoredLabels(labels: set.labels, scores: set.scores)
        let expected = set.sklearn

        let roc = ROCCurve(data)
        try #require(roc.points.count == expected.roc_curve.fpr.count)
        for (i, point) in roc.points.enumerated() {
            #expect(close(point.falsePositiveRate, expected.roc_curve.fpr[i]))
            #expect(close(point.truePositiveRate, expected.roc_curve.tpr[i]))
            #expect(point.threshold == expected.roc_curve.thresholds[i])
        }

        // scikit-learn lists the PR curve by ascending threshold with the (recall 0,
        // precision 1) end last; ours is the same sequence reversed.
        let pr = PrecisionRecallCurve(data)
        let precision = Array(expected.pr_curve.precision.reversed())
        let recall = Array(expected.pr_curve.recall.reversed())
        let thresholds = Array(expected.pr_curve.thresholds.reversed())
        try #require(pr.points.count == precision.count)
        for (i, point) in pr.points.enumerated() {
            #expect(close(point.precision, precision[i]))
            #expect(close(point.recall, recall[i]))
            if i > 0 { #expect(point.threshold == thresholds[i - 1]) }
        }

        let calibration = Calibration(data, bins: 10)
        let filled = calibration.bins.filter { $0.count > 0 }
        try #require(filled.count == expected.calibration.prob_true.count)
        for (i, bin) in filled.enumerated() {
            #expect(close(bin.fractionPositive, expected.calibration.prob_true[i]))
            #expect(close(bin.meanScore, expected.calibration.prob_pred[i]))
        }
        #expect(close(calibration.expectedCalibrationError, expected.calibration.ece))
    }
}
