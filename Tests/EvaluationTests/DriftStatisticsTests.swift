import Basics
import Foundation
import Testing

@testable import Evaluation

/// The committed fixture `Fixtures/scipy-drift.json`, written by `scripts/make-drift-fixtures`.
struct DriftFixture: Decodable {
    struct ChiSquared: Decodable {
        var statistic: Double?
        var degrees: Int
        var p_value: Double
    }

    struct Counts: Decodable {
        var reference: [Int]
        var current: [Int]
        var psi: Double
        var chisquare: ChiSquared
        var jensenshannon: Double
    }

    struct KS: Decodable {
        var statistic: Double
        var p_value: Double
        var auto_p_value: Double
    }

    struct Samples: Decodable {
        var reference: [Double]
        var current: [Double]
        var ks: KS
        var wasserstein: Double
        var wasserstein_normed: Double
    }

    /// Two samples binned as Evidently's PSI and Jensen–Shannon tests bin a numeric field.
    struct Histogram: Decodable {
        var reference: [Double]
        var current: [Double]
        var reference_counts: [Int]
        var current_counts: [Int]
        var psi: Double
        var jensenshannon: Double
    }

    struct ZTest: Decodable {
        var reference_hits: Int
        var reference_rows: Int
        var current_hits: Int
        var current_rows: Int
        var p_value: Double
    }

    var counts: [String: Counts]
    var samples: [String: Samples]
    var histograms: [String: Histogram]
    var ztests: [String: ZTest]

    static func load() throws -> DriftFixture {
        try FixtureFile.decode("scipy-drift")
    }
}

@Suite struct DriftStatisticsTests {
    static let fixture = Result { try DriftFixture.load() }
    static let countCases = (try? fixture.get().counts.keys.sorted()) ?? []
    static let sampleCases = (try? fixture.get().samples.keys.sorted()) ?? []
    static let histogramCases = (try? fixture.get().histograms.keys.sorted()) ?? []
    static let zTestCases = (try? fixture.get().ztests.keys.sorted()) ?? []

    /// Agreement within `relative` of the larger magnitude, or 1e-300 for values near zero.
    func close(_ a: Double, _ b: Double, relative: Double) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }

    @Test func fixtureHasCases() throws {
        #expect(Self.countCases.count >= 8)
        #expect(Self.sampleCases.count >= 8)
        #expect(Self.histogramCases.count >= 6)
        #expect(Self.zTestCases.count >= 6)
    }

    /// Evidently's bins for a numeric field (Sturges over both samples, or one per distinct
    /// value), and PSI and Jensen–Shannon over them, as numpy and scipy compute them.
    @Test(arguments: histogramCases) func histogramAgreesWithNumpy(_ name: String) throws {
        let h = try #require(try Self.fixture.get().histograms[name])
        let bins = try DriftStatistics.histogram(reference: h.reference, current: h.current)
        #expect(bins.reference == h.reference_counts, "\(name): reference counts")
        #expect(bins.current == h.current_counts, "\(name): current counts")
        let psi = try DriftStatistics.populationStabilityIndex(reference: bins.reference, current: bins.current)
        #expect(abs(psi - h.psi) < 1e-6, "\(name): PSI \(psi) vs \(h.psi)")
        let js = try DriftStatistics.jensenShannonDistance(reference: bins.reference, current: bins.current)
        #expect(abs(js - h.jensenshannon) < 1e-6, "\(name): Jensen–Shannon \(js) vs \(h.jensenshannon)")
    }

    @Test(arguments: zTestCases) func proportionZTestAgreesWithScipy(_ name: String) throws {
        let z = try #require(try Self.fixture.get().ztests[name])
        let p = try DriftStatistics.proportionZTest(
            referenceHits: z.reference_hits, referenceRows: z.reference_rows, currentHits: z.current_hits,
            currentRows: z.current_rows)
        #expect(abs(p - z.p_value) < 1e-6 && close(p, z.p_value, relative: 1e-6), "\(name): p \(p) vs \(z.p_value)")
    }

    @Test(arguments: countCases) func binnedStatisticsAgreeWithScipy(_ name: String) throws {
        let c = try #require(try Self.fixture.get().counts[name])
        let psi = try DriftStatistics.populationStabilityIndex(reference: c.reference, current: c.current)
        #expect(abs(psi - c.psi) < 1e-12, "\(name): PSI \(psi) vs \(c.psi)")
        let js = try DriftStatistics.jensenShannonDistance(reference: c.reference, current: c.current)
        #expect(abs(js - c.jensenshannon) < 1e-12, "\(name): Jensen–Shannon \(js) vs \(c.jensenshannon)")
        let chi = try DriftStatistics.chiSquared(reference: c.reference, current: c.current)
        #expect(chi.degrees == c.chisquare.degrees)
        let statistic = try #require(c.chisquare.statistic)
        #expect(close(chi.statistic, statistic, relative: 1e-12), "\(name): χ² \(chi.statistic) vs \(statistic)")
        #expect(
            close(chi.pValue, c.chisquare.p_value, relative: 1e-9), "\(name): p \(chi.pValue) vs \(c.chisquare.p_value)"
        )
    }

    @Test(arguments: sampleCases) func sampleStatisticsAgreeWithScipy(_ name: String) throws {
        let s = try #require(try Self.fixture.get().samples[name])
        let ks = try DriftStatistics.kolmogorovSmirnov(reference: s.reference, current: s.current)
        #expect(abs(ks.statistic - s.ks.statistic) < 1e-12, "\(name): D \(ks.statistic) vs \(s.ks.statistic)")
        #expect(close(ks.pValue, s.ks.p_value, relative: 1e-9), "\(name): p \(ks.pValue) vs \(s.ks.p_value)")
        // scipy's default agrees up to 10,000 values a side, and roughly above.
        let relative = max(s.reference.count, s.current.count) <= 10_000 ? 1e-9 : 1e-2
        #expect(close(ks.pValue, s.ks.auto_p_value, relative: relative))
        let w = try DriftStatistics.wassersteinDistance(s.reference, s.current)
        #expect(close(w, s.wasserstein, relative: 1e-10), "\(name): W \(w) vs \(s.wasserstein)")
        let normed = try DriftStatistics.normalisedWassersteinDistance(reference: s.reference, current: s.current)
        #expect(close(normed, s.wasserstein_normed, relative: 1e-10))
    }

    @Test func handWorkedCases() throws {
        // Shares 0.5/0.5 against 0.25/0.75: (0.25)·ln 2 + (−0.25)·ln(2/3) = 0.25·ln 3.
        let psi = try DriftStatistics.populationStabilityIndex(reference: [2, 2], current: [1, 3])
        #expect(abs(psi - 0.25 * log(3.0)) < 1e-15)
        // The table [[2, 2], [1, 3]]: bin totals 3 and 5 of 8, so 1.5 and 2.5 expected in each
        // row; χ² = 2·(0.5²/1.5) + 2·(0.5²/2.5) = 8/15 with one degree of freedom,
        // p = erfc(√(4/15)) = 0.4652088184521417 (scipy's chi2_contingency, correction=False).
        let chi = try DriftStatistics.chiSquared(reference: [2, 2], current: [1, 3])
        #expect(abs(chi.statistic - 8.0 / 15) < 1e-15 && chi.degrees == 1)
        #expect(abs(chi.pValue - 0.4652088184521417) < 1e-14)
        // Disjoint supports: the Jensen–Shannon distance is √ln 2.
        let js = try DriftStatistics.jensenShannonDistance(reference: [5, 0], current: [0, 7])
        #expect(abs(js - log(2.0).squareRoot()) < 1e-15)
        // One point moved by 3: the distance is 3/n.
        #expect(try DriftStatistics.wassersteinDistance([0, 1, 2], [0, 1, 5]) == 1)
        // Samples of two that do not overlap: D = 1, p = 2 / C(4, 2) = 1/3.
        let ks = try DriftStatistics.kolmogorovSmirnov(reference: [1, 2], current: [3, 4])
        #expect(ks.statistic == 1 && abs(ks.pValue - 1.0 / 3) < 1e-15)
        // One value in either sample: identical samples, p = 1.
        #expect(try DriftStatistics.kolmogorovSmirnov(reference: [1, 2, 3], current: [2]).statistic < 1)
        #expect(try DriftStatistics.kolmogorovSmirnov(reference: [1, 2, 3], current: [1, 2, 3]).pValue == 1)
    }

    /// Both sides drawn from the same four-class distribution, a 600-row reference (the size of a
    /// test file's predictions, where Evidently picks this test) and windows of 691 requests: the
    /// test must alarm at about its 5% level. Taking the reference's shares as exact, as
    /// Evidently's chisquare does, alarmed in 30% of such windows (trial24).
    @Test func chiSquaredAlarmsAtItsLevelWhenNothingChanged() throws {
        var generator = SplitMix64(seed: 24)
        let shares = [0.28, 0.13, 0.27, 0.32]
        func draw(_ n: Int) -> [Int] {
            var counts = [0, 0, 0, 0]
            for _ in 0..<n {
                var u = Double(generator.below(1_000_000)) / 1_000_000
                var bin = 0
                while bin < 3 && u >= shares[bin] {
                    u -= shares[bin]
                    bin += 1
                }
                counts[bin] += 1
            }
            return counts
        }
        let windows = 1_000
        var alarms = 0
        for _ in 0..<windows
        where try DriftStatistics.chiSquared(reference: draw(600), current: draw(691)).pValue < 0.05 {
            alarms += 1
        }
        // 5% of 1,000 is 50 ± 6.9; 80 is more than four standard errors above it, 300 far beyond.
        #expect(alarms < 80, "\(alarms) of \(windows) unchanged windows alarmed")
        #expect(alarms > 20, "\(alarms) of \(windows): a test that never alarms is no test")
    }

    @Test func chiSquaredTailKnownValues() {
        // scipy.stats.chi2.sf(x, k) (scipy 1.17.1): a tail in the series region, one in the continued fraction,
        // and one far out where only relative precision matters.
        #expect(abs(ChiSquaredDistribution.survival(3, degrees: 5) - 0.6999858358786276) < 1e-14)
        #expect(abs(ChiSquaredDistribution.survival(20, degrees: 4) - 0.0004993992273873336) < 1e-16)
        #expect(close(ChiSquaredDistribution.survival(900, degrees: 3), 8.851690237125443e-195, relative: 1e-9))
    }

    @Test func badInputIsRefused() {
        #expect(throws: EvaluationError.self) {
            try DriftStatistics.populationStabilityIndex(reference: [1, 2], current: [1, 2, 3])
        }
        #expect(throws: EvaluationError.self) { try DriftStatistics.chiSquared(reference: [0, 0], current: [1, 2]) }
        #expect(throws: EvaluationError.self) {
            try DriftStatistics.jensenShannonDistance(reference: [-1, 2], current: [1, 2])
        }
        #expect(throws: EvaluationError.self) { try DriftStatistics.kolmogorovSmirnov(reference: [], current: [1]) }
        #expect(throws: EvaluationError.self) { try DriftStatistics.wassersteinDistance([1, .nan], [1]) }
    }

    @Test func defaultMethodsAndVerdicts() {
        #expect(DriftMethod.chosen(numeric: true, referenceRows: 1000) == .ks)
        #expect(DriftMethod.chosen(numeric: false, referenceRows: 1000) == .chisquare)
        #expect(DriftMethod.chosen(numeric: true, referenceRows: 1001) == .wasserstein)
        #expect(DriftMethod.chosen(numeric: false, referenceRows: 32_561) == .jensenshannon)
        // Evidently's distinct-value rule: few-valued numeric fields are treated as categorical,
        // two-valued ones get the z-test up to 1,000 reference rows.
        #expect(DriftMethod.chosen(numeric: true, referenceRows: 640, distinctValues: 2) == .ztest)
        #expect(DriftMethod.chosen(numeric: true, referenceRows: 640, distinctValues: 5) == .chisquare)
        #expect(DriftMethod.chosen(numeric: true, referenceRows: 640, distinctValues: 6) == .ks)
        #expect(DriftMethod.chosen(numeric: false, referenceRows: 640, distinctValues: 2) == .ztest)
        #expect(DriftMethod.chosen(numeric: false, referenceRows: 640, distinctValues: 3) == .chisquare)
        #expect(DriftMethod.chosen(numeric: true, referenceRows: 2400, distinctValues: 5) == .jensenshannon)
        #expect(DriftMethod.chosen(numeric: true, referenceRows: 2400, distinctValues: 6) == .wasserstein)
        #expect(DriftMethod.chosen(numeric: false, referenceRows: 2400, distinctValues: 2) == .jensenshannon)
        #expect(DriftMethod.ks.drifted(0.049, threshold: 0.05))
        #expect(DriftMethod.ztest.drifted(0.049, threshold: 0.05) && DriftMethod.ztest.isPValue)
        #expect(!DriftMethod.ks.drifted(0.05, threshold: 0.05))
        #expect(DriftMethod.wasserstein.drifted(0.1, threshold: 0.1))
        #expect(!DriftMethod.jensenshannon.drifted(0.099, threshold: 0.1))
    }
}
