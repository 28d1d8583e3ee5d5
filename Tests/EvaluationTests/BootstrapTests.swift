import Basics
import Foundation
import Testing

@testable import Evaluation

@Suite struct BootstrapTests {
    /// 2,000 rows with ties: scores on a 0.01 grid.
    static func sample() throws -> ScoredLabels {
        var generator = SplitMix64(seed: 99)
        var labels: [Bool] = [], scores: [Double] = []
        for _ in 0..<2000 {
            let positive = generator.below(10) < 3
            labels.append(positive)
            let base = positive ? 60 : 35
            scores.append(Double(min(100, base + generator.below(40) - 20)) / 100)
        }
        return try ScoredLabels(labels: labels, scores: scores)
    }

    @Test func sameSeedGivesTheSameIntervals() throws {
        let data = try Self.sample()
        let settings = BootstrapSettings(resamples: 200, seed: 7)
        let first = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: settings)
        let second = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: settings)
        #expect(first == second)
        let other = HeadlineMetrics.compute(data, threshold: 0.5, bootstrap: BootstrapSettings(resamples: 200, seed: 8))
        #expect(other.rocAUC.lower != first.rocAUC.lower)
        #expect(other.rocAUC.value == first.rocAUC.value)
    }

    @Test func resamplesDoNotDependOnTheThreadCount() throws {
        let ranked = RankedScores(try Self.sample(), threshold: 0.5)
        let settings = BootstrapSettings(resamples: 101, seed: 3)
        let one = Bootstrap.resample(ranked, settings: settings, salt: "all", threads: 1)
        #expect(one[.rocAUC]?.count == 101)
        for threads in [2, 3, 8] {
            #expect(Bootstrap.resample(ranked, settings: settings, salt: "all", threads: threads) == one)
        }
    }

    @Test func intervalsContainTheEstimateAndAreOrdered() throws {
        let metrics = HeadlineMetrics.compute(
            try Self.sample(), threshold: 0.5, bootstrap: BootstrapSettings(resamples: 300))
        for name in MetricName.allCases {
            let estimate = metrics[name]
            let value = try #require(estimate.value, "\(name)")
            let lower = try #require(estimate.lower, "\(name)")
            let upper = try #require(estimate.upper, "\(name)")
            #expect(lower <= value && value <= upper, "\(name): \(lower) ≤ \(value) ≤ \(upper)")
            #expect(estimate.method == (Bootstrap.metrics.contains(name) ? .bootstrap : .wilson))
        }
    }

    /// The group-count pass agrees with the definitions on an explicit resample.
    @Test func weightedPassEqualsExpandedRows() throws {
        let data = try ScoredLabels(labels: [1, 0, 1, 0, 1], scores: [0.9, 0.9, 0.4, 0.3, 0.1])
        // Rows drawn: the first positive twice, the 0.1 positive once, the 0.3 negative twice.
        let expanded = try ScoredLabels(labels: [1, 1, 1, 0, 0], scores: [0.9, 0.9, 0.1, 0.3, 0.3])
        let ranked = RankedScores(data, threshold: 0.5)
        // Groups by descending score: 0.9, 0.4, 0.3, 0.1.
        let positives: [UInt32] = [2, 0, 0, 1]
        let negatives: [UInt32] = [0, 0, 2, 0]
        let weighted = positives.withUnsafeBufferPointer { p in
            negatives.withUnsafeBufferPointer { n in ranked.pass(positives: p, negatives: n) }
        }
        let direct = RankedScores(expanded, threshold: 0.5).pointPass()
        #expect(weighted.auc == direct.auc)
        #expect(weighted.averagePrecision == direct.averagePrecision)
        #expect(weighted.logLoss == direct.logLoss)
        #expect(weighted.brierScore == direct.brierScore)
        #expect(weighted.counts.f1 == direct.counts.f1)
    }

    @Test func percentileInterpolatesLikeNumPy() {
        // numpy.percentile([1, 2, 3, 4], [2.5, 97.5]) → [1.075, 3.925]
        let interval = Bootstrap.percentileInterval([4, 1, 3, 2], confidence: 0.95)
        #expect(abs((interval?.lower ?? 0) - 1.075) < 1e-12)
        #expect(abs((interval?.upper ?? 0) - 3.925) < 1e-12)
        #expect(Bootstrap.percentileInterval([1], confidence: 0.95) == nil)
    }
}
