import Foundation
import Models
import Testing

@testable import Evaluation

/// The constant baseline (scikit-learn's dummy estimators) and when a version falls short of it.
@Suite struct ConstantBaselineTests {
    static func binary(_ labels: [UInt8]) -> Dataset {
        Dataset(
            schema: Schema(fields: [], label: "y", labelValues: ["no", "yes"]), numbers: [], codes: [], labels: labels)
    }

    static func regression(_ targets: [Double]) -> Dataset {
        Dataset(schema: Schema(fields: [], label: "y", labelValues: []), numbers: [], codes: [], targets: targets)
    }

    /// DummyRegressor: the training mean for RMSE and R², the training median for MAE, worked by hand.
    @Test func regressionUsesTheTrainingMeanAndMedian() throws {
        // Training: mean 22, median 3 (a heavy tail). Test targets 1, 3, 5.
        let baseline = try #require(
            ConstantBaseline(training: Self.regression([1, 2, 3, 4, 100]), test: Self.regression([1, 3, 5])))
        // MAE of answering 3: (2 + 0 + 2) / 3; RMSE of answering 22: √((21² + 19² + 17²) / 3).
        #expect(abs(baseline.metrics["mae"]! - 4.0 / 3) < 1e-12)
        #expect(abs(baseline.metrics["rmse"]! - ((441.0 + 361 + 289) / 3).squareRoot()) < 1e-9)
        // R² = 1 − SSE / SST, SST = 8 around the test mean 3.
        #expect(abs(baseline.metrics["r2"]! - (1 - (441.0 + 361 + 289) / 8)) < 1e-9)
        #expect(baseline.metrics["mape"] == nil)
        #expect(
            baseline.answer == "always the training rows' mean 22 (RMSE, R²) or median 3 (MAE, median absolute error)")
    }

    /// DummyClassifier(strategy="prior"): P(positive) is the training share, the label the majority.
    @Test func binaryUsesTheTrainingPrior() throws {
        let training = Self.binary([0, 0, 0, 1])
        let test = Self.binary([0, 0, 0, 0, 0, 0, 0, 1, 1, 1])
        let baseline = try #require(ConstantBaseline(training: training, test: test))
        #expect(baseline.metrics["accuracy"] == 0.7)
        #expect(baseline.metrics["roc_auc"] == 0.5)
        // Every row tied: average precision is the positive share.
        #expect(baseline.metrics["average_precision"] == 0.3)
        #expect(baseline.metrics["recall"] == 0)
        // Nothing predicted positive: precision is undefined, so absent.
        #expect(baseline.metrics["precision"] == nil)
        #expect(baseline.answer == "always P(yes) = 0.25, the training rows' share, so every row is predicted no")
    }

    @Test func multiclassUsesTheMajorityClass() throws {
        let schema = Schema(fields: [], label: "y", labelValues: ["a", "b", "c"])
        let training = Dataset(schema: schema, numbers: [], codes: [], labels: [0, 1, 1, 1, 2])
        let test = Dataset(schema: schema, numbers: [], codes: [], labels: [0, 1, 1, 2])
        let baseline = try #require(ConstantBaseline(training: training, test: test))
        #expect(baseline.metrics["accuracy"] == 0.5)
        #expect(baseline.answer.contains("label b, the majority class, 0.6"))
    }

    @Test(arguments: [
        // A tie does not beat the constant; an error must be lower, a score higher.
        ("rmse", 10.0, "rmse", 10.0), ("roc_auc", 0.5, "roc_auc", 0.5), ("mae", 4.0, "mae", 2.0),
        // R² must be above 0 even when the constant's (the training mean's) is below it.
        ("r2", -0.01, "r2", 0.0),
    ])
    func shortfallsAreFound(metric: String, value: Double, expectedMetric: String, expectedBaseline: Double) {
        let baseline = ConstantBaseline(
            answer: "x", metrics: ["rmse": 10, "roc_auc": 0.5, "mae": 2, "r2": -0.02])
        let shortfall = baseline.shortfall(of: [(metric, value)])
        #expect(shortfall == .init(metric: expectedMetric, value: value, baseline: expectedBaseline))
    }

    @Test func aBetterModelHasNoShortfall() {
        let baseline = ConstantBaseline(answer: "x", metrics: ["rmse": 10, "r2": -0.02, "mae": 2])
        #expect(baseline.shortfall(of: [("rmse", 9), ("r2", 0.1), ("mae", 1.5), ("selection_rate", 0)]) == nil)
        // The first metric that falls short is named.
        #expect(baseline.shortfall(of: [("rmse", 9), ("r2", 0.1), ("mae", 2.5)])?.metric == "mae")
        // Every metric that falls short, in order.
        #expect(
            baseline.shortfalls(of: [("rmse", 11), ("r2", 0.1), ("mae", 2.5)]).map(\.metric) == ["rmse", "mae"])
    }

    /// Trial29 #17: a version that ranks better than the constant but whose probabilities are
    /// worse (an overconfident model) is said to beat it on ranking only.
    @Test func betterRankingWithWorseProbabilitiesIsNoted() throws {
        // Every positive above every negative (ROC AUC 1), but the negatives at 0.9 and 0.95:
        // a log loss far above the constant's, and labels at 0.5 all "yes".
        let data = try ScoredLabels(
            labels: [false, false, false, false, true, true], scores: [0.9, 0.9, 0.92, 0.95, 0.99, 0.99])
        var report = try EvaluationReport(
            model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t.csv", sha256: "00"),
            data: data, options: EvaluationOptions(bootstrap: BootstrapSettings(resamples: 0)))
        report.baseline = ConstantBaseline(
            training: Self.binary([0, 0, 1]), test: Self.binary([0, 0, 0, 0, 1, 1]))
        #expect(report.baselineShortfall == nil)
        let note = try #require(report.baselineNote)
        #expect(
            note.hasPrefix("it beats the constant on roc_auc and average_precision, not on accuracy 0.3333 against "))
        #expect(note.contains("log_loss "))
        #expect(note.contains("brier_score "))
        #expect(note.contains("its labels at threshold 0.5 are no better than the constant's"))
        #expect(note.contains("read them as scores, not as probabilities, until they are calibrated"))
        #expect(report.summary().contains("  note: " + note))
        // A version that beats it on everything has no note; one that does not beat it on
        // ranking has the warning instead.
        let good = try ScoredLabels(labels: [false, false, true, true], scores: [0.1, 0.2, 0.8, 0.9])
        var better = try EvaluationReport(
            model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t.csv", sha256: "00"),
            data: good, options: EvaluationOptions(bootstrap: BootstrapSettings(resamples: 0)))
        better.baseline = ConstantBaseline(training: Self.binary([0, 0, 1]), test: Self.binary([0, 0, 1, 1]))
        #expect(better.baselineNote == nil)
        let worse = try ScoredLabels(labels: [false, false, true, true], scores: [0.9, 0.8, 0.2, 0.1])
        var inverted = try EvaluationReport(
            model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t.csv", sha256: "00"),
            data: worse, options: EvaluationOptions(bootstrap: BootstrapSettings(resamples: 0)))
        inverted.baseline = ConstantBaseline(training: Self.binary([0, 0, 1]), test: Self.binary([0, 0, 1, 1]))
        #expect(inverted.baselineShortfall?.metric == "roc_auc")
        #expect(inverted.baselineNote == nil)
    }

    /// The report keeps the baseline, says it beside every metric, warns when the version falls
    /// short, and reads back to the same bytes.
    @Test func theReportShowsTheBaselineAndWarns() throws {
        let data = try ScoredValues(targets: [1, 3, 5, 7], predictions: [7, 5, 3, 1])
        var report = try EvaluationReport(
            model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t.csv", sha256: "00"),
            data: data, options: EvaluationOptions(bootstrap: BootstrapSettings(resamples: 0)))
        report.baseline = ConstantBaseline(
            training: Self.regression([2, 4, 6]), test: Self.regression([1, 3, 5, 7]))
        let summary = report.summary()
        #expect(summary.contains("constant: always the training rows' mean 4 (RMSE, R²) or median 4"))
        #expect(summary.contains("constant 2.0000"))  // MAE of answering 4
        #expect(report.baselineShortfall?.metric == "rmse")
        #expect(
            summary.contains(
                "warning: this version does not beat a constant: rmse 4.4721 against 2.2361 for the constant "
                    + "(it must be lower)"))
        let json = try report.jsonData()
        #expect(String(decoding: json, as: UTF8.self).contains("\"baseline\" : {"))
        let read = try EvaluationReport.decode(json)
        #expect(read == report)
        #expect(try read.jsonData() == json)
    }
}

/// The rule that makes the summaries headline average precision and balanced accuracy.
@Suite struct RareClassTests {
    @Test(arguments: [
        // (positives, rows, imbalanced, positives rare): under 10% of the rows, on either side.
        (95, 6000, true, true), (9, 100, true, true), (10, 100, false, false), (91, 100, true, false),
        (50, 100, false, false), (0, 0, false, false),
    ])
    func underTenPercentIsRare(positives: Int, rows: Int, imbalanced: Bool, positivesRare: Bool) {
        #expect(RareClass.isImbalanced(positives: positives, rows: rows) == imbalanced)
        #expect(RareClass.positivesAreRare(positives: positives, rows: rows) == positivesRare)
    }
}
