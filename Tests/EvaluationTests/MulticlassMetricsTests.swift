import Foundation
import Testing

@testable import Evaluation

/// Multiclass metrics: a tiny case worked by hand, then scikit-learn's values on the fixture.
@Suite struct MulticlassMetricsTests {
    /// Three classes, six rows. Predicted (argmax): a, b, a, c, c, c; truth: a, a, b, c, c, b.
    static func tiny() throws -> ScoredClasses {
        try ScoredClasses(
            labels: [0, 0, 1, 2, 2, 1],
            probabilities: [
                0.7, 0.2, 0.1,
                0.3, 0.6, 0.1,
                0.5, 0.4, 0.1,
                0.1, 0.2, 0.7,
                0.2, 0.2, 0.6,
                0.1, 0.3, 0.6,
            ], classes: ["a", "b", "c"])
    }

    @Test func tinyCaseByHand() throws {
        let data = try Self.tiny()
        let metrics = MulticlassMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 0))
        // Confusion (rows truth): a → [1, 1, 0], b → [1, 0, 1], c → [0, 0, 2].
        #expect(WeightedClassCounts(data).rows == [[1, 1, 0], [1, 0, 1], [0, 0, 2]])
        #expect(metrics.accuracy.value == 0.5)  // 3 of 6
        // Recalls 1/2, 0, 1: balanced accuracy 1/2.
        #expect(abs((metrics.balancedAccuracy.value ?? 0) - 0.5) < 1e-15)
        // F1: a = 2·1/(2+2) = 1/2, b = 0/(2+1) = 0, c = 2·2/(2+3) = 4/5.
        #expect(metrics.perClass.map(\.f1.value) == [0.5, 0, 0.8])
        #expect(abs((metrics.macroF1.value ?? 0) - 1.3 / 3) < 1e-15)
        // Weighted by support 2, 2, 2: the same as macro here.
        #expect(abs((metrics.weightedF1.value ?? 0) - 1.3 / 3) < 1e-15)
        #expect(metrics.perClass.map(\.precision.value) == [0.5, 0, 2.0 / 3])
        #expect(metrics.perClass.map(\.support) == [2, 2, 2])
        let loss = -[0.7, 0.3, 0.4, 0.7, 0.6, 0.3].map { Foundation.log($0) }.reduce(0, +) / 6
        #expect(abs((metrics.logLoss.value ?? 0) - loss) < 1e-15)
        // Class a against the rest: positives score 0.7, 0.3; negatives 0.5, 0.1, 0.2, 0.1.
        // 0.7 beats all 4, 0.3 beats 3: AUC = 7/8.
        #expect(metrics.perClass[0].rocAUC.value == 7.0 / 8)
        #expect(metrics.perClass[0].rocAUC.note == "no bootstrap resamples requested")
    }

    /// Trial29 #7: the macro averages say what they rest on when classes have too few test rows.
    @Test func macroAveragesNameTheClassesTooSmallToJudge() throws {
        // The tiny case: every class has 2 test rows, fewer than 10.
        let metrics = MulticlassMetrics.compute(try Self.tiny(), bootstrap: BootstrapSettings(resamples: 0))
        #expect(
            EvaluationReport.smallClassNote(metrics.perClass)
                == "every class has fewer than 10 test rows (a: 2, b: 2, c: 2), so macro_f1 and balanced_accuracy "
                + "rest on a few rows of each; accuracy and weighted_f1 weigh classes by their rows")
        // 2 rows of class b among 40 of a and 30 of c.
        let labels = [Int](repeating: 0, count: 40) + [1, 1] + [Int](repeating: 2, count: 30)
        let probabilities = labels.flatMap { label in (0..<3).map { $0 == label ? 0.8 : 0.1 } }
        let large = MulticlassMetrics.compute(
            try ScoredClasses(labels: labels, probabilities: probabilities, classes: ["a", "b", "c"]),
            bootstrap: BootstrapSettings(resamples: 0))
        #expect(
            EvaluationReport.smallClassNote(large.perClass)
                == "macro_f1 and balanced_accuracy weigh each class alike, and 1 of 3 classes has fewer than 10 "
                + "test rows (b: 2): up to 0.333 of each rests on 2 test rows; accuracy and weighted_f1 weigh "
                + "classes by their rows")
        let enough = (0..<30).map { $0 % 3 }
        let even = MulticlassMetrics.compute(
            try ScoredClasses(
                labels: enough, probabilities: enough.flatMap { label in (0..<3).map { $0 == label ? 0.8 : 0.1 } },
                classes: ["a", "b", "c"]),
            bootstrap: BootstrapSettings(resamples: 0))
        #expect(EvaluationReport.smallClassNote(even.perClass) == nil)
        // Class c has no test rows and is never predicted: it is not in the averages, so it is
        // named apart, and the share is of the 2 classes present.
        let two = [Int](repeating: 0, count: 30) + [1, 1]
        let absent = MulticlassMetrics.compute(
            try ScoredClasses(
                labels: two, probabilities: two.flatMap { label in (0..<3).map { $0 == label ? 0.8 : 0.1 } },
                classes: ["a", "b", "c"]),
            bootstrap: BootstrapSettings(resamples: 0))
        #expect(
            EvaluationReport.smallClassNote(absent.perClass)
                == "c has no test rows: balanced_accuracy leaves it out, and macro_f1 counts it only where it was "
                + "predicted, at F1 0; macro_f1 and balanced_accuracy weigh each class alike, and 1 of 2 classes with "
                + "test rows has fewer than 10 test rows (b: 2): up to 0.500 of each rests on 2 test rows; accuracy and "
                + "weighted_f1 weigh classes by their rows")
    }

    @Test func topLabelCalibrationBinsTheHighestProbability() throws {
        let calibration = Calibration(topLabelOf: try Self.tiny(), bins: 10)
        // Highest probabilities 0.7, 0.6, 0.5, 0.7, 0.6, 0.6 (right: yes, no, no, yes, yes, no).
        #expect(calibration.bins[4].count == 1 && calibration.bins[4].positives == 0)
        #expect(calibration.bins[5].count == 3 && calibration.bins[5].positives == 1)
        #expect(calibration.bins[6].count == 2 && calibration.bins[6].positives == 2)
        let ece = (0.5 + abs(1.8 - 1) + abs(1.4 - 2)) / 6
        #expect(abs((calibration.expectedCalibrationError ?? 0) - ece) < 1e-12)
    }

    @Test func badInputIsRefusedWithTheRow() {
        #expect(throws: EvaluationError(.badClass(row: 1, value: 3, classes: 3))) {
            try ScoredClasses(labels: [0, 3], probabilities: [1, 0, 0, 0, 1, 0], classes: ["a", "b", "c"])
        }
        #expect(throws: EvaluationError(.badProbabilities(row: 0, message: "sum to 0.9, not 1"))) {
            try ScoredClasses(labels: [0], probabilities: [0.5, 0.4, 0], classes: ["a", "b", "c"])
        }
        #expect(throws: EvaluationError.self) {
            try ScoredClasses(labels: [0], probabilities: [1, 0], classes: ["a", "b", "c"])
        }
    }

    @Test func intervalsCoverThePointAndRepeat() throws {
        let fixture = try MulticlassFixture.load()
        let set = try #require(fixture.sets["continuous"])
        let data = try ScoredClasses(labels: set.labels, probabilities: set.probabilities, classes: set.classes)
        let settings = BootstrapSettings(resamples: 200, seed: 7)
        let metrics = MulticlassMetrics.compute(data, bootstrap: settings)
        #expect(metrics == MulticlassMetrics.compute(data, bootstrap: settings))
        for estimate in [metrics.macroF1, metrics.logLoss, metrics.macroROCAUC, metrics.perClass[3].rocAUC] {
            #expect(estimate.method == .bootstrap)
            let value = try #require(estimate.value), lower = try #require(estimate.lower)
            let upper = try #require(estimate.upper)
            #expect(lower < value && value < upper)
        }
        #expect(metrics.accuracy.method == .wilson)
    }

    @Test(arguments: ["ties", "continuous"])
    func agreesWithScikitLearn(set name: String) throws {
        let fixture = try MulticlassFixture.load()
        let set = try #require(fixture.sets[name])
        let expected = set.sklearn
        let data = try ScoredClasses(labels: set.labels, probabilities: set.probabilities, classes: set.classes)
        let metrics = MulticlassMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 20, seed: 1))
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-12 } ?? false }
        #expect(WeightedClassCounts(data).rows == expected.confusion)
        #expect(close(metrics.accuracy.value, expected.accuracy))
        #expect(close(metrics.balancedAccuracy.value, expected.balanced_accuracy))
        #expect(close(metrics.macroF1.value, expected.macro_f1))
        #expect(close(metrics.weightedF1.value, expected.weighted_f1))
        #expect(close(metrics.logLoss.value, expected.log_loss))
        #expect(close(metrics.macroROCAUC.value, expected.macro_roc_auc))
        for (c, perClass) in metrics.perClass.enumerated() {
            #expect(perClass.support == expected.support[c])
            #expect(close(perClass.precision.value, expected.precision[c]))
            #expect(close(perClass.recall.value, expected.recall[c]))
            #expect(close(perClass.f1.value, expected.f1[c]))
            #expect(close(perClass.rocAUC.value, expected.roc_auc[c]))
        }
        let calibration = Calibration(topLabelOf: data, bins: 10)
        let filled = calibration.bins.filter { $0.count > 0 }
        try #require(filled.count == expected.top_label_calibration.prob_true.count)
        for (i, bin) in filled.enumerated() {
            #expect(close(bin.fractionPositive, expected.top_label_calibration.prob_true[i]))
            #expect(close(bin.meanScore, expected.top_label_calibration.prob_pred[i]))
        }
    }
}
