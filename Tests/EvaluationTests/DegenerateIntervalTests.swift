import Basics
import Foundation
import JSONReading
import Testing

@testable import Evaluation

/// A bootstrap interval is never of zero width: the metrics of the confusion matrix draw each
/// class's row from its Jeffreys posterior (`ConfusionPosterior`), and a metric whose resamples
/// all agree is given without an interval, with the reason.
@Suite struct DegenerateIntervalTests {
    /// The shape of a user's trial: 300 rows of five classes, every class's rows all right except
    /// class 3's three rows, all predicted 2; each class's rows share their probabilities, and the
    /// probability of each class ranks its own rows first (every one-vs-rest AUC is 1).
    static func trial() throws -> ScoredClasses {
        let supports = [80, 60, 145, 3, 12]
        var labels: [Int] = [], probabilities: [Double] = []
        for (c, support) in supports.enumerated() {
            for _ in 0..<support {
                labels.append(c)
                var row = [Double](repeating: 0.02, count: 5)
                if c == 3 {
                    row[2] = 0.5
                    row[3] = 0.44
                } else {
                    row[c] = 0.92
                }
                probabilities += row
            }
        }
        return try ScoredClasses(labels: labels, probabilities: probabilities, classes: ["0", "1", "2", "3", "4"])
    }

    /// `lower < upper` and the point inside, or no interval with the reason.
    static func isHonest(_ estimate: MetricEstimate) -> Bool {
        guard let value = estimate.value else { return false }
        if let lower = estimate.lower, let upper = estimate.upper {
            return lower < upper && lower <= value && value <= upper
        }
        return estimate.method == MetricEstimate.Method.none && estimate.note == MetricEstimate.sameInEveryResample
    }

    @Test func theTrialsConfusionMetricsHaveIntervalsOfPositiveWidth() throws {
        let data = try Self.trial()
        let metrics = MulticlassMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 1000))
        #expect(WeightedClassCounts(data).rows[3] == [0, 0, 3, 0, 0])
        // Recalls 1, 1, 1, 0, 1.
        #expect(abs((metrics.balancedAccuracy.value ?? 0) - 0.8) < 1e-15)
        let confusion = [metrics.balancedAccuracy, metrics.macroF1, metrics.weightedF1] + metrics.perClass.map(\.f1)
        for estimate in confusion {
            let value = try #require(estimate.value)
            let lower = try #require(estimate.lower, "\(estimate)")
            let upper = try #require(estimate.upper, "\(estimate)")
            #expect(estimate.method == .bootstrap)
            #expect(upper - lower > 0.001, "\(lower) … \(upper)")
            #expect(lower <= value && value <= upper, "\(lower) ≤ \(value) ≤ \(upper)")
        }
        // Class 3's F1 is 0 and its rows are 3: the interval reaches well above 0.
        #expect((metrics.perClass[3].f1.upper ?? 0) > 0.1)
        // Each class's rows are all right: balanced accuracy's interval reaches its bound of 1 from
        // below, not past it.
        #expect((metrics.balancedAccuracy.upper ?? 2) <= 1)
    }

    @Test func theTrialsPerfectRankingHasNoIntervalAndSaysWhy() throws {
        let metrics = MulticlassMetrics.compute(try Self.trial(), bootstrap: BootstrapSettings(resamples: 200))
        // Every resample of rows ranks each class's rows first: AUC 1 in every one.
        #expect(metrics.macroROCAUC.value == 1)
        #expect(metrics.macroROCAUC.lower == nil && metrics.macroROCAUC.upper == nil)
        #expect(metrics.macroROCAUC.method == MetricEstimate.Method.none)
        #expect(metrics.macroROCAUC.note == MetricEstimate.sameInEveryResample)
        // So does log loss: each class's rows share their probabilities and the counts are fixed.
        for estimate in [metrics.logLoss] + metrics.perClass.map(\.rocAUC) {
            #expect(Self.isHonest(estimate), "\(estimate)")
        }
    }

    /// The metrics of 40 rows, 12 positive, every positive scored `positivesScore` and every
    /// negative `negativesScore`, at threshold 0.5.
    static func slice(positivesScore: Double, negativesScore: Double) throws -> HeadlineMetrics {
        let labels = (0..<40).map { $0 < 12 }
        let scores = labels.map { $0 ? positivesScore : negativesScore }
        return HeadlineMetrics.compute(
            try ScoredLabels(labels: labels, scores: scores), threshold: 0.5,
            bootstrap: BootstrapSettings(resamples: 500))
    }

    /// A binary slice where the model is always right: 40 rows, scores separated at 0.5.
    @Test func aBinarySliceAlwaysRightHasIntervalsOrReasons() throws {
        let metrics = try Self.slice(positivesScore: 0.9, negativesScore: 0.1)
        for name in Bootstrap.confusionMetrics {
            let estimate = metrics[name]
            #expect(estimate.value == 1, "\(name)")
            let lower = try #require(estimate.lower, "\(name)")
            #expect(lower < 1 && estimate.upper == 1, "\(name): [\(lower), \(estimate.upper ?? .nan)]")
        }
        #expect(metrics.rocAUC.value == 1 && metrics.rocAUC.note == MetricEstimate.sameInEveryResample)
        for name in MetricName.allCases { #expect(Self.isHonest(metrics[name]), "\(name)") }
    }

    /// And always wrong: F1 0 and recall 0, with room above 0.
    @Test func aBinarySliceAlwaysWrongHasIntervalsAboveZero() throws {
        let metrics = try Self.slice(positivesScore: 0.2, negativesScore: 0.7)
        #expect(metrics.f1.value == 0 && metrics.f1.lower == 0 && (metrics.f1.upper ?? 0) > 0.01)
        #expect(metrics.balancedAccuracy.value == 0 && (metrics.balancedAccuracy.upper ?? 0) > 0.01)
        for name in MetricName.allCases { #expect(Self.isHonest(metrics[name]), "\(name)") }
    }

    /// On ordinary data the posterior's intervals are those of resampled rows, within the noise of
    /// 1,000 resamples.
    @Test func onOrdinaryDataThePosteriorMatchesResampledRows() throws {
        let data = try BootstrapTests.sample()
        let settings = BootstrapSettings(resamples: 1000, seed: 11)
        let ranked = RankedScores(data, threshold: 0.5)
        let rows = Bootstrap.resample(
            strata: [ranked.groupOfPositive, ranked.groupOfNegative.map { $0 + Int32(ranked.groupCount) }],
            buckets: 2 * ranked.groupCount, width: Bootstrap.confusionMetrics.count, settings: settings, salt: "all"
        ) { counts in
            let result = ranked.pass(
                positives: UnsafeBufferPointer(rebasing: counts[0..<ranked.groupCount]),
                negatives: UnsafeBufferPointer(rebasing: counts[ranked.groupCount...]))
            return Bootstrap.confusionMetrics.map { result.value(of: $0) ?? .nan }
        }
        let drawn = Bootstrap.drawConfusion(ranked.pointPass().counts, settings: settings, salt: "all")
        for (name, resampled) in zip(Bootstrap.confusionMetrics, rows) {
            let byRows = try #require(Bootstrap.percentileInterval(resampled, confidence: 0.95))
            let byPosterior = try #require(Bootstrap.percentileInterval(drawn[name] ?? [], confidence: 0.95))
            let width = byRows.upper - byRows.lower
            #expect(width > 0)
            #expect(
                abs((byPosterior.upper - byPosterior.lower) / width - 1) < 0.15, "\(name): \(byRows) \(byPosterior)")
            #expect(abs(byPosterior.lower - byRows.lower) < 0.15 * width, "\(name): \(byRows) \(byPosterior)")
            #expect(abs(byPosterior.upper - byRows.upper) < 0.15 * width, "\(name): \(byRows) \(byPosterior)")
        }
    }

    @Test func posteriorDrawsRepeatAndFollowTheSeed() throws {
        let data = try Self.trial()
        let settings = BootstrapSettings(resamples: 300, seed: 5)
        let first = MulticlassMetrics.compute(data, bootstrap: settings)
        #expect(MulticlassMetrics.compute(data, bootstrap: settings) == first)
        let other = MulticlassMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 300, seed: 6))
        #expect(other.macroF1.value == first.macroF1.value && other.macroF1.lower != first.macroF1.lower)
    }

    /// Gamma(a) has mean a and variance a: 40,000 draws land within five standard errors.
    @Test(arguments: [0.5, 1.0, 3.5, 40.5])
    func gammaDrawsHaveTheirMoments(shape: Double) {
        var generator = SplitMix64(seed: 123)
        let n = 40_000
        let draws = (0..<n).map { _ in ConfusionPosterior.gamma(shape, using: &generator) }
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(draws.allSatisfy { $0 > 0 && $0.isFinite })
        #expect(abs(mean - shape) < 5 * (shape / Double(n)).squareRoot(), "mean \(mean)")
        // The variance of a sample variance of a gamma: (2a² + 6a) / n, roughly (its fourth cumulant).
        #expect(
            abs(variance - shape) < 5 * ((2 * shape * shape + 6 * shape) / Double(n)).squareRoot(), "var \(variance)")
    }

    /// A report written before the posterior can hold a zero-width bootstrap interval: it reads
    /// as no interval, with the reason.
    @Test func anOldZeroWidthIntervalReadsAsNoInterval() throws {
        let old = try Self.read(#"{"lower": 0.7474, "method": "bootstrap", "upper": 0.7474, "value": 0.7474}"#)
        #expect(old == MetricEstimate(value: 0.7474, note: MetricEstimate.sameInEveryResample))
        let wide = try Self.read(#"{"lower": 0.7, "method": "bootstrap", "upper": 0.8, "value": 0.75}"#)
        #expect(wide == MetricEstimate(value: 0.75, lower: 0.7, upper: 0.8, method: .bootstrap))
    }

    static func read(_ text: String) throws -> MetricEstimate {
        try Array(text.utf8).withUnsafeBytes { bytes in
            try JSONReader.read(bytes) { reader throws(JSONReadError) in try MetricEstimate(reading: &reader) }
        }
    }

    @Test func aPriorThatIsNotPositiveIsRefused() throws {
        let data = try ScoredLabels(labels: [1, 0], scores: [0.9, 0.1])
        for prior in [0, -0.5, Double.nan] {
            var options = EvaluationOptions()
            options.bootstrap.confusionRowPrior = prior
            #expect(throws: EvaluationError.self) {
                try EvaluationReport(
                    model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "t", sha256: ""),
                    data: data, options: options)
            }
        }
    }

    @Test func theSummaryShowsTheReasonInsteadOfAnInterval() {
        let line = EvaluationReport.describe(MetricEstimate(value: 1, note: MetricEstimate.sameInEveryResample))
        #expect(line == "1.0000  (" + MetricEstimate.sameInEveryResample + ")")
        #expect(!line.contains("["))
    }
}
