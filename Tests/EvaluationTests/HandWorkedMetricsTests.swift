import Foundation
import Testing

@testable import Evaluation

/// Six rows worked out by hand (see the comments for the arithmetic).
@Suite struct HandWorkedMetricsTests {
    // Sorted by score: 0.9 P, 0.6 N, 0.5 P+N (a tie), 0.4 P, 0.2 N.
    static let labels = [1, 1, 0, 0, 1, 0]
    static let scores = [0.9, 0.4, 0.6, 0.2, 0.5, 0.5]

    func data() throws -> ScoredLabels {
        try ScoredLabels(labels: Self.labels, scores: Self.scores)
    }

    @Test func confusionAtHalf() throws {
        // Score > 0.5 is positive (the served rule; the tie at 0.5 is negative):
        // TP = {0.9}, FP = {0.6}, TN = {0.2, 0.5}, FN = {0.4, 0.5}.
        let matrix = ConfusionMatrix(try data(), threshold: 0.5)
        #expect(matrix == ConfusionMatrix(truePositives: 1, falsePositives: 1, trueNegatives: 2, falseNegatives: 2))
        #expect(matrix.accuracy == 0.5)
        #expect(matrix.precision == 0.5)
        #expect(matrix.recall == 1.0 / 3)
        #expect(matrix.specificity == 2.0 / 3)
        #expect(matrix.balancedAccuracy == 0.5)
        #expect(matrix.f1 == 2.0 / 5)  // 2·1 / (2·1 + 1 + 2)
        #expect(matrix.mcc == 0)  // (1·2 − 1·2) / √(2·3·3·4)
        #expect(matrix.selectionRate == 2.0 / 6)
    }

    @Test func rankingAndProbabilityMetrics() throws {
        let metrics = HeadlineMetrics.compute(try data(), threshold: 0.5, bootstrap: BootstrapSettings(resamples: 0))
        // Of 9 positive–negative pairs, positives win 3 (0.9) + 1 (0.4 > 0.2) + 1.5 (0.5 > 0.2, tie).
        #expect(abs((metrics.rocAUC.value ?? 0) - 5.5 / 9) < 1e-12)
        // Recall steps of 1/3 at precisions 1 (0.9), 2/4 (0.5) and 3/5 (0.4).
        #expect(abs((metrics.averagePrecision.value ?? 0) - 0.7) < 1e-12)
        #expect(abs((metrics.brierScore.value ?? 0) - 1.27 / 6) < 1e-12)
        let loss = -[0.9, 0.4, 0.4, 0.8, 0.5, 0.5].map { Foundation.log($0) }.reduce(0, +) / 6
        #expect(abs((metrics.logLoss.value ?? 0) - loss) < 1e-12)
        #expect(metrics.rocAUC.method == .none)
        #expect(metrics.rocAUC.note == "no bootstrap resamples requested")
    }

    @Test func allScoresTiedGiveChanceAUCAndPrevalenceAP() throws {
        let data = try ScoredLabels(labels: [1, 0, 0, 1, 0], scores: [0.3, 0.3, 0.3, 0.3, 0.3])
        let metrics = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: BootstrapSettings(resamples: 0))
        #expect(metrics.rocAUC.value == 0.5)
        #expect(metrics.averagePrecision.value == 0.4)
        #expect(ROCCurve(data).points.count == 2)  // (0, 0) and (1, 1)
    }

    @Test func logLossClipsCertainMistakes() throws {
        let data = try ScoredLabels(labels: [1, 0], scores: [0, 1])
        let metrics = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: BootstrapSettings(resamples: 0))
        let value = try #require(metrics.logLoss.value)
        #expect(value.isFinite)
        #expect(abs(value - -Foundation.log(Double.ulpOfOne)) < 1e-9)
    }

    @Test func calibrationBinsAndECE() throws {
        // 0.05 and 0.15 fall in bins 0 and 1; 0.1 sits on an inner edge and belongs to bin 0.
        let data = try ScoredLabels(labels: [0, 1, 0, 1], scores: [0.05, 0.1, 0.15, 1.0])
        let calibration = Calibration(data, bins: 10)
        #expect(calibration.bins.map(\.count) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(calibration.bins[0].fractionPositive == 0.5)
        // Per bin |Σ scores − positives|: |0.15 − 1| + |0.15 − 0| + |1 − 1|, over 4 rows.
        #expect(abs((calibration.expectedCalibrationError ?? 0) - 1.0 / 4) < 1e-12)
        #expect(calibration.bins[1].meanScore == 0.15)
        #expect(calibration.bins[2].meanScore == nil)
    }

    @Test func histogramCountsEveryRowOnce() throws {
        let data = try ScoredLabels(labels: [0, 1, 1, 0], scores: [0, 0.5, 1, 0.99])
        let histogram = ScoreHistogram(data, bins: 4)
        #expect(histogram.edges == [0, 0.25, 0.5, 0.75, 1])
        #expect(histogram.positive == [0, 0, 1, 1])
        #expect(histogram.negative == [1, 0, 0, 1])
    }

    @Test func curvesAreDownsampledKeepingTheEnds() throws {
        let n = 1000
        let data = try ScoredLabels(
            labels: (0..<n).map { $0 % 3 == 0 }, scores: (0..<n).map { Double($0) / Double(n) })
        let roc = ROCCurve(data)
        #expect(roc.points.count == n + 1)
        let small = roc.downsampled(to: 200)
        #expect(small.points.count == 200)
        #expect(small.points.first == roc.points.first)
        #expect(small.points.last == roc.points.last)
        #expect(PrecisionRecallCurve(data).downsampled(to: 200).points.count == 200)
    }

    @Test(arguments: [
        (successes: 0, trials: 10, lower: 0.0, upper: 0.27753279986288355),
        (successes: 10, trials: 10, lower: 0.7224672001371165, upper: 1.0),
        (successes: 5, trials: 10, lower: 0.23659309051257, upper: 0.76340690948743),
        // At k = n the lower bound is n / (n + z²).
        (successes: 1, trials: 1, lower: 1 / (1 + 1.959963984540054 * 1.959963984540054), upper: 1.0),
    ])
    func wilsonInterval(successes: Int, trials: Int, lower: Double, upper: Double) throws {
        let interval = try #require(WilsonInterval(successes: successes, trials: trials))
        #expect(abs(interval.lower - lower) < 1e-9)
        #expect(abs(interval.upper - upper) < 1e-9)
    }

    @Test func wilsonUndefinedWithoutTrials() {
        #expect(WilsonInterval(successes: 0, trials: 0) == nil)
        let estimate = MetricEstimate.wilson(successes: 0, trials: 0, undefinedNote: "no rows")
        #expect(estimate.value == nil)
        #expect(estimate.note == "no rows")
    }
}
