import Testing

@testable import Models

/// Boosting's split search estimates the rows a side of a split has from its hessian sum, as
/// LightGBM does (the node's rows shared out in proportion to the hessian), and holds the
/// estimate to `min_samples_leaf`: one numeric field of two occupied bins, each given as (rows,
/// hessian per row), with known answers.
@Suite struct EstimatedRowsTests {
    /// The split of bins 1 | 2 when `min_samples_leaf` allows it; the gradient pulls the bins
    /// apart, so that any allowed split gains.
    func split(_ low: (rows: Int, hessian: Double), _ high: (rows: Int, hessian: Double)) throws -> BoostingSplit? {
        let parameters = try Trainer.boostingParameters(["min_samples_leaf": "20"])
        var histogram = GradientHistogram(bins: 3)
        histogram.sums[1] = SIMD2(-Double(low.rows) * low.hessian, Double(low.rows) * low.hessian)
        histogram.sums[2] = SIMD2(Double(high.rows) * high.hessian, Double(high.rows) * high.hessian)
        let finder = BoostingSplitFinder(binCounts: [3], offsets: [0], isCategorical: [false], parameters: parameters)
        let total = histogram.sums[1] + histogram.sums[2]
        return finder.best(histogram, gradient: total.x, hessian: total.y, count: Int32(low.rows + high.rows))
    }

    /// 10 rows the model is unsure of (hessian ¼) beside 90 it is sure of (0.01): 2.5 of the
    /// 3.4 hessian, so an estimated 74 rows, enough to be a leaf of their own.
    @Test func aFewUncertainRowsCountAsMany() throws {
        let found = try #require(try split((10, 0.25), (90, 0.01)))
        #expect(found.threshold == 1)
        #expect(abs(found.leftHessian - 2.5) < 1e-12)
    }

    /// 30 settled rows (hessian 0.01) beside 70 uncertain ones (¼): an estimated 2 rows, too
    /// few to be cut off, though 30 rows are more than `min_samples_leaf`.
    @Test func manySettledRowsCountAsFew() throws {
        #expect(try split((30, 0.01), (70, 0.25)) == nil)
        #expect(try split((30, 0.25), (70, 0.25)) != nil)
    }

    /// Squared error's hessians are all 1: the estimates are the counts, to the row.
    @Test func unitHessiansAreCountedExactly() throws {
        #expect(try split((19, 1), (81, 1)) == nil)
        #expect(try split((20, 1), (80, 1))?.threshold == 1)
        #expect(try split((80, 1), (20, 1))?.threshold == 1)
        #expect(try split((81, 1), (19, 1)) == nil)
    }
}
