import Basics
import Foundation
import Scoring
import Testing

@testable import Models

/// Bins read off buckets of a column's range (`FeatureBinning.bucketedBins`) are the bins of
/// the column sorted whole (`sortedBins`), edges and midpoints bit for bit, for every kind of
/// column the buckets take, and the buckets give way where they cannot.
@Suite struct BucketedBinsTests {
    /// A standard normal draw (Box–Muller), rounded to six significant digits when `rounded`.
    static func normal(_ generator: inout SplitMix64, rounded: Bool = false) -> Double {
        let u = (Double(generator.next() >> 11) + 0.5) / Double(1 << 53)
        let v = Double(generator.next() >> 11) / Double(1 << 53)
        let value = (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        guard rounded, value != 0 else { return value }
        let scale = pow(10, 5 - floor(log10(abs(value))))
        return (value * scale).rounded() / scale
    }

    /// The columns the buckets are tried on, by name, 20,000 rows each.
    static func columns(seed: UInt64) -> [(String, [Double])] {
        var g = SplitMix64(seed: seed)
        let n = 20_000
        func column(_ make: (inout SplitMix64) -> Double) -> [Double] { (0..<n).map { _ in make(&g) } }
        return [
            ("normal", column { normal(&$0) }),
            ("normal, six digits", column { normal(&$0, rounded: true) }),
            (
                "normal with missing, infinite and both zeros",
                column { g in
                    switch g.below(20) {
                    case 0: return .nan
                    case 1: return g.below(2) == 0 ? .infinity : -.infinity
                    case 2: return 0
                    case 3: return -0.0
                    default: return normal(&g)
                    }
                }
            ),
            ("three tenths zeros", column { g in g.below(10) < 3 ? 0 : abs(normal(&g)) * 1_000 }),
            (
                "five values in a twentieth of the rows each",
                column { g in g.below(4) == 0 ? Double(g.below(5)) / 4 : normal(&g) }
            ),
            ("whole numbers, 300 of them", column { g in Double(g.below(300)) - 100 }),
            ("whole numbers, 5,000 of them", column { g in Double(g.below(5_000)) }),
            (
                "a few ulps apart around one, and spread",
                column { g in
                    g.below(2) == 0 ? Double(bitPattern: (1.0).bitPattern &+ UInt64(g.below(400))) : normal(&g)
                }
            ),
            ("negative only", column { g in -abs(normal(&g)) - 3 }),
            (
                "a range of a few thousand ulps",
                column { g in Double(bitPattern: (5.0).bitPattern &+ UInt64(g.below(3_000))) }
            ),
            ("log-normal", column { g in exp(3 * normal(&g)) }),
            ("uniform", column { g in Double(g.next() >> 11) / Double(1 << 53) }),
        ]
    }

    /// Where two lists of numbers first differ bit for bit (their shorter one's length when one
    /// begins the other), nil when they are the same.
    static func firstDifference(_ a: [Double], _ b: [Double]) -> Int? {
        let common = min(a.count, b.count)
        return (0..<common).first { a[$0].bitPattern != b[$0].bitPattern } ?? (a.count == b.count ? nil : common)
    }

    @Test(arguments: [4_096, 16_384, 65_536])
    func bucketsGiveTheSortsBins(bucketCount: Int) {
        var taken = 0
        for (name, column) in Self.columns(seed: UInt64(bucketCount)) {
            let sorted = FeatureBinning.sortedBins(column)
            guard let bucketed = FeatureBinning.bucketedBins(column, bucketCount: bucketCount) else { continue }
            taken += 1
            #expect(Self.firstDifference(bucketed.edges, sorted.edges) == nil, "edges, \(name), \(bucketCount)")
            #expect(
                Self.firstDifference(bucketed.midpoints, sorted.midpoints) == nil, "midpoints, \(name), \(bucketCount)")
        }
        #expect(taken >= 8, "the buckets took \(taken) of the columns")
    }

    /// The buckets take continuous columns, with or without a heavy value, when they are many
    /// enough that a bucket rarely holds a bin's share of the rows (a standard normal column's
    /// fullest bucket holds ~1,000 / `bucketCount` shares); they give way to the full sort where
    /// a column may have few distinct values or piles into a few buckets.
    @Test func bucketsTakeWhatTheyCanAndNoMore() {
        let columns = Dictionary(uniqueKeysWithValues: Self.columns(seed: 1))
        for name in ["normal", "normal, six digits", "three tenths zeros", "uniform", "negative only"] {
            #expect(FeatureBinning.bucketedBins(columns[name]!, bucketCount: 16_384) != nil, "\(name)")
        }
        #expect(FeatureBinning.bucketedBins(columns["normal"]!, bucketCount: 256) == nil)
        // 300 whole numbers fill at most 300 of 64 buckets: too few to know they are many.
        #expect(FeatureBinning.bucketedBins(columns["whole numbers, 300 of them"]!, bucketCount: 64) == nil)
        var g = SplitMix64(seed: 2)
        let few = (0..<20_000).map { _ in Double(g.below(200)) }
        #expect(FeatureBinning.bucketedBins(few, bucketCount: 4_096) == nil)
        // One far value puts every other in the first bucket.
        let outlier = (0..<20_000).map { _ in Self.normal(&g) } + [1e12]
        #expect(FeatureBinning.bucketedBins(outlier, bucketCount: 4_096) == nil)
        #expect(FeatureBinning.bucketedBins([-1e308, 1e308] + few, bucketCount: 4_096) == nil)
        #expect(FeatureBinning.bucketedBins([.nan, .infinity], bucketCount: 64) == nil)
        #expect(FeatureBinning.bucketedBins([Double](repeating: 3, count: 1_000), bucketCount: 64) == nil)
    }

    /// `numericBins` reads a column of `bucketedMinimumCount` rows or more off buckets, to the
    /// sort's bins.
    @Test func aLongColumnsBinsAreTheSortsBins() {
        var g = SplitMix64(seed: 5)
        let column = (0..<FeatureBinning.bucketedMinimumCount).map { _ in
            g.below(10) == 0 ? 0 : Self.normal(&g, rounded: true)
        }
        #expect(FeatureBinning.bucketedBins(column, bucketCount: FeatureBinning.bucketCount) != nil)
        let bins = FeatureBinning.numericBins(column)
        let sorted = FeatureBinning.sortedBins(column)
        #expect(Self.firstDifference(bins.edges, sorted.edges) == nil)
        #expect(Self.firstDifference(bins.midpoints, sorted.midpoints) == nil)
        #expect(bins.edges.count == FeatureBinning.maximumBins - 2)
    }
}
