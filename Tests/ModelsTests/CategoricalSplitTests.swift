import Basics
import Testing

@testable import Models

/// Boosting's categorical splits on hand-made histograms of one field, with known answers:
/// LightGBM's rules (one category against the rest for small fields, at most
/// `max_cat_threshold` categories from either end of the sorted order, cuts `min_data_per_group`
/// rows apart, missing and rare categories on the right, λ + `cat_l2` for the children).
@Suite struct CategoricalSplitTests {
    /// One categorical field: bin 0 (missing) and then one bin per category, each given as
    /// (gradient sum, row count) with a hessian of a quarter per row (log loss at p = ½), so the
    /// rows the search estimates from the hessians are the counts.
    func best(
        _ bins: [(gradient: Double, count: Int32)], _ values: [String: String] = [:]
    ) throws -> BoostingSplit? {
        var parameters = try Trainer.boostingParameters(["min_samples_leaf": "1", "cat_l2": "0"])
        for (name, value) in values {
            let one = try Trainer.boostingParameters([name: value])
            switch name {
            case "max_cat_to_onehot": parameters.maxCatToOnehot = one.maxCatToOnehot
            case "max_cat_threshold": parameters.maxCatThreshold = one.maxCatThreshold
            case "min_data_per_group": parameters.minDataPerGroup = one.minDataPerGroup
            case "cat_smooth": parameters.catSmooth = one.catSmooth
            case "cat_l2": parameters.catL2 = one.catL2
            default: parameters.minSamplesLeaf = one.minSamplesLeaf
            }
        }
        var histogram = GradientHistogram(bins: bins.count)
        for (b, bin) in bins.enumerated() {
            histogram.sums[b] = SIMD2(bin.gradient, Double(bin.count) / 4)
        }
        let finder = BoostingSplitFinder(
            binCounts: [bins.count], offsets: [0], isCategorical: [true], parameters: parameters)
        return finder.best(
            histogram, gradient: bins.map(\.gradient).reduce(0, +),
            hessian: Double(bins.map(\.count).reduce(0, +)) / 4, count: bins.map(\.count).reduce(0, +))
    }

    func left(_ split: BoostingSplit?) -> [Int] {
        guard let split else { return [] }
        return (0..<256).filter { split.leftBins.contains(UInt8($0)) }
    }

    /// Four categories, two pulling each way: the best partition is two against two, but a
    /// field of at most `max_cat_to_onehot` categories sends one category left.
    @Test func smallFieldsSplitOneCategoryAgainstTheRest() throws {
        let bins: [(gradient: Double, count: Int32)] = [(0, 0), (40, 100), (40, 100), (-40, 100), (-40, 100)]
        let onehot = try best(bins)
        // Every single category gains 40²/25 + 40²/75 − 0; the first one found is kept.
        #expect(left(onehot) == [1])
        #expect(abs((onehot?.gain ?? 0) - (64 + 1600.0 / 75)) < 1e-9)
        #expect(onehot?.childLambda == 0)
        let sorted = try best(bins, ["max_cat_to_onehot": "3", "min_data_per_group": "1"])
        #expect(left(sorted) == [3, 4])
        #expect(abs((sorted?.gain ?? 0) - 256) < 1e-9)
    }

    /// Two categories pull up, four a little down; the up ones sort last, so only the scan
    /// from the high end finds them, and `max_cat_threshold` caps how many go left.
    @Test func atMostMaxCatThresholdCategoriesGoLeftFromEitherEnd() throws {
        let bins: [(gradient: Double, count: Int32)] = [
            (0, 0), (50, 100), (45, 100), (-5, 100), (-5, 100), (-5, 100), (-5, 100),
        ]
        #expect(left(try best(bins, ["min_data_per_group": "1"])) == [1, 2])
        #expect(left(try best(bins, ["min_data_per_group": "1", "max_cat_threshold": "1"])) == [1])
    }

    /// A cut of the sorted categories needs `min_data_per_group` rows since the last cut: the
    /// 50-row category that gains most alone cannot be cut off by itself.
    @Test func cutsAreMinDataPerGroupRowsApart() throws {
        let bins: [(gradient: Double, count: Int32)] = [(0, 0), (-40, 50), (5, 50), (20, 200), (15, 200)]
        let free = try best(bins, ["min_data_per_group": "1", "max_cat_to_onehot": "1"])
        #expect(left(free) == [1])
        #expect(abs((free?.gain ?? 0) - (1600 / 12.5 + 1600 / 112.5)) < 1e-9)
        // {1, 2} and its complement {3, 4} gain the same; the low end's is found first.
        let grouped = try best(bins, ["min_data_per_group": "100", "max_cat_to_onehot": "1"])
        #expect(left(grouped) == [1, 2])
        #expect(abs((grouped?.gain ?? 0) - 61.25) < 1e-9)
        // Fewer than min_data_per_group rows would stay on the right: no split.
        #expect(
            try best([(0, 0), (-40, 150), (40, 60)], ["min_data_per_group": "100", "max_cat_to_onehot": "1"]) == nil)
    }

    /// Missing rows (bin 0) and categories with fewer than `cat_smooth` rows are never sent
    /// left, however strongly they pull; `cat_l2` joins λ in the children's gains and values.
    @Test func missingAndRareCategoriesGoRight() throws {
        let bins: [(gradient: Double, count: Int32)] = [(-90, 100), (-20, 9), (30, 100), (-30, 100), (10, 100)]
        // The candidates sort 3, 4, 2; from the high end {2, 4} leaves −140 on the right.
        let split = try best(bins, ["min_data_per_group": "1", "max_cat_to_onehot": "1"])
        #expect(left(split) == [2, 4])
        // One against the rest: the rare category may go left alone (it gains less), missing never.
        #expect(left(try best(bins, ["min_data_per_group": "1"])) == [2])
        let penalized = try best(bins, ["min_data_per_group": "1", "max_cat_to_onehot": "1", "cat_l2": "10"])
        #expect(left(penalized) == [2, 4])
        #expect(penalized?.childLambda == 10)
        // G = −100, H = 102.25: children at λ + 10, the parent at λ.
        let gain = 1600 / (50 + 10.0) + 19600 / (52.25 + 10) - 10000 / 102.25
        #expect(abs((penalized?.gain ?? 0) - gain) < 1e-9)
    }

    /// The children of a split of several categories take λ + cat_l2 in their values: one
    /// round of one split, learning rate 1, gives −G/(H + cat_l2) on each side.
    @Test func catL2ShrinksTheLeavesOfACategoricalSplit() throws {
        let codes = (0..<400).map { Int32($0 % 8) }
        let labels = codes.map { UInt8($0 < 4 ? 1 : 0) }
        let schema = Schema(
            fields: [.categorical("c", (0..<8).map { "k\($0)" })], label: "y", labelValues: ["no", "yes"])
        let data = Dataset(schema: schema, numbers: [[]], codes: [codes], labels: labels)
        let values = [
            "max_iterations": "1", "max_leaf_nodes": "2", "learning_rate": "1", "early_stopping_rounds": "0",
            "min_samples_leaf": "1", "min_data_per_group": "1",
        ]
        for catL2 in [0.0, 10] {
            var these = values
            these["cat_l2"] = String(catL2)
            let ensemble = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: these, seed: 1)
            // Base score 0 (half the rows positive): every gradient is ∓½, every hessian ¼.
            let leaves = ensemble.nodes.feature.indices.filter { ensemble.nodes.feature[$0] < 0 }
            let values = leaves.map { ensemble.nodes.leafValue($0) }.sorted()
            let expected = 100 / (50 + catL2)
            #expect(values.count == 2)
            #expect(abs(values[0] + expected) < 1e-9 && abs(values[1] - expected) < 1e-9, "\(values)")
        }
    }

    /// Splits of several categories, on nodes large enough for both threads, give the same
    /// bytes on one thread and two.
    @Test func manyCategoriesGiveSameBytesOnAnyThreadCount() throws {
        var generator = SplitMix64(seed: 5)
        var codes: [Int32] = []
        var labels: [UInt8] = []
        for _ in 0..<9000 {
            let code = Int32(generator.below(13)) - 1
            codes.append(code)
            labels.append(UInt8(generator.below(10) < (code < 0 ? 5 : 1 + Int(code) % 8) ? 1 : 0))
        }
        let schema = Schema(
            fields: [.categorical("c", (0..<12).map { "k\($0)" })], label: "y", labelValues: ["no", "yes"])
        let data = Dataset(schema: schema, numbers: [[]], codes: [codes], labels: labels)
        let values = ["max_iterations": "5", "early_stopping_rounds": "0"]
        let one = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 4, threads: 1)
        let two = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 4, threads: 2)
        #expect(try one.serialized() == two.serialized())
        // Some split sends several categories left.
        let splits = one.nodes.feature.indices.filter { one.nodes.feature[$0] >= 0 }
        let widest = splits.map { node in one.nodes.bitsets[Int(one.nodes.split[node])].nonzeroBitCount }.max() ?? 0
        #expect(widest > 1)
    }
}
