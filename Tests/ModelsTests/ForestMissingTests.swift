import Testing

@testable import Models

/// Where a forest sends a missing value: a node whose rows miss a number sends them to the
/// side its split learned (before trainer 9 they went left, with the lowest values); one whose
/// rows all have the feature sends a value missing at prediction, or a category training never
/// had (trial21 #1: a 9%-positive set's unseen categories all scored 0.69), to its heavier
/// child, as scikit-learn's trees do.
@Suite struct ForestMissingTests {
    /// One stump: a decision tree of depth 1 and leaves of at least 5 rows.
    func stump(_ data: Dataset) throws -> TreeModel {
        try TreeModel(
            bytes: Fixtures.train(data, .decisionTree, ["max_depth": "1", "min_samples_leaf": "5"]).serialized())
    }

    /// 10 positives among 100 rows, at the low end of `x`: the stump's left child is the light
    /// one, so a missing `x` goes right, with the 90 negatives.
    @Test func aMissingNumberGoesToTheHeavierChild() throws {
        let x = (0..<100).map(Double.init)
        let model = try stump(Fixtures.numeric([x], labels: x.map { $0 < 10 ? 1 : 0 }))
        #expect(try model.predict(["x0": "3"]).probabilities.last == 1)
        #expect(try model.predict(["x0": ""]).probabilities.last == 0)
        // With the positives at the high end the heavier child is the left one.
        let high = try stump(Fixtures.numeric([x], labels: x.map { $0 >= 90 ? 1 : 0 }))
        #expect(try high.predict(["x0": ""]).probabilities.last == 0)
    }

    /// Twenty categories, two of them positive: an unseen category scores as the negatives'
    /// side, whichever side the subset search put them on.
    @Test(arguments: [Algorithm.decisionTree, .randomForest, .extraTrees])
    func anUnseenCategoryGoesToTheHeavierChild(_ algorithm: Algorithm) throws {
        let names = (0..<20).map { "c\($0)" }
        let codes = (0..<400).map { Int32($0 % 20) }
        let schema = Schema(fields: [.categorical("c", names)], label: "y", labelValues: ["no", "yes"])
        let data = Dataset(
            schema: schema, numbers: [[]], codes: [codes], labels: codes.map { $0 < 2 ? 1 : 0 })
        let model = try TreeModel(
            bytes: Fixtures.train(data, algorithm, ["min_samples_leaf": "5"]).serialized())
        #expect(try #require(model.predict(["c": "c0"]).probabilities.last) > 0.5)
        #expect(try #require(model.predict(["c": "c7"]).probabilities.last) < 0.5)
        let unseen = try #require(model.predict(["c": "never-seen"]).probabilities.last)
        #expect(unseen < 0.2, "an unseen category scored \(unseen), the positives' side")
    }

    /// 100 rows of `x` from 0 to 99 and 20 without it: `x` below 34 is one label, 34 to 66
    /// another (multiclass; the first otherwise), 67 and above a third, which the missing rows
    /// share. A stump that learns their side sends them right with the high values; one that
    /// puts them with the lowest (trainer 8) has a left leaf where they are the minority.
    static func informativeMissing(_ task: PredictionTask) -> Dataset {
        let x = (0..<100).map(Double.init) + [Double](repeating: .nan, count: 20)
        // 0: low, 1: middle, 2: high or missing.
        let group = x.map { $0.isNaN || $0 >= 67 ? 2 : $0 >= 34 ? 1 : 0 }
        switch task {
        case .binary: return Fixtures.numeric([x], labels: group.map { $0 == 2 ? 1 : 0 })
        case .multiclass: return Fixtures.classes([x], labels: group.map { [0, 2, 1][$0] }, classes: 3)
        case .regression: return Fixtures.regression([x], targets: group.map { [0, 4, 10][$0] })
        }
    }

    /// How a model scores a row whose `x` is `text`: the positive class's probability, the
    /// probability of `c1` (the high and missing rows' class) or the value.
    func score(_ model: TreeModel, _ task: PredictionTask, x text: String = "") throws -> Double {
        let prediction = try model.predict(["x0": text])
        switch task {
        case .binary: return prediction.positiveProbability
        case .multiclass: return prediction.probabilities[1]
        case .regression: return try #require(prediction.value)
        }
    }

    /// Decision-tree and random-forest stumps split `x` at 67 with the missing rows on the
    /// right, so a missing `x` scores as the high values do: the best split of every stump.
    @Test(arguments: [Algorithm.decisionTree, .randomForest], [PredictionTask.binary, .multiclass, .regression])
    func stumpsLearnWhereMissingNumbersGo(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let data = Self.informativeMissing(task)
        let ensemble = try Fixtures.train(data, algorithm, ["max_depth": "1"])
        for root in ensemble.roots.map(Int.init) {
            #expect(ensemble.nodes.missingRight[root], "a stump sent its missing rows left")
        }
        let model = try TreeModel(bytes: ensemble.serialized())
        // Every stump's right leaf holds the high and missing rows only.
        let high = task == .regression ? 9.99 : 0.999
        let missing = try score(model, task)
        #expect(missing > high, "a missing x scored \(missing)")
        #expect(try score(model, task, x: "80") > high)
        // The left leaf: the low and middle rows (0 and 4 for regression, about 2 on average).
        #expect(try score(model, task, x: "10") < (task == .regression ? 3 : 0.001))
    }

    /// Extra trees do as scikit-learn's (≥ 1.6): a random cut of the present values, the
    /// missing rows sent to a side drawn at random; so about half of 200 stumps send them
    /// right. Grown out, the trees score a missing `x` about as its class: a node left with the
    /// missing rows and one present value does not split on `x` when the draw sends them left
    /// too (`onePresentValueAndMissingOnes`), so a few leaves keep a low row with them.
    @Test(arguments: [PredictionTask.binary, .multiclass, .regression])
    func extraTreesSendMissingNumbersToARandomSide(_ task: PredictionTask) throws {
        let data = Self.informativeMissing(task)
        let stumps = try Fixtures.train(data, .extraTrees, ["max_depth": "1", "trees": "200"])
        let right = stumps.roots.filter { stumps.nodes.missingRight[Int($0)] }.count
        #expect((60...140).contains(right), "\(right) of 200 stumps sent the missing rows right")
        let model = try TreeModel(bytes: Fixtures.train(data, .extraTrees).serialized())
        let missing = try score(model, task)
        #expect(missing > (task == .regression ? 9 : 0.9), "a missing x scored \(missing)")
    }

    /// A node whose rows have one present value of `x` besides missing ones: an extra tree
    /// splits the two apart when it draws the missing rows to the right, and does not split
    /// on `x` when it draws them left (scikit-learn's RandomSplitter); a decision tree always
    /// splits them.
    @Test func onePresentValueAndMissingOnes() throws {
        let x = [Double](repeating: 1, count: 30) + [Double](repeating: .nan, count: 30)
        let data = Fixtures.numeric([x], labels: x.map { $0.isNaN ? 1 : 0 })
        let tree = try TreeModel(bytes: Fixtures.train(data, .decisionTree).serialized())
        #expect(try tree.predict(["x0": ""]).positiveProbability == 1)
        #expect(try tree.predict(["x0": "1"]).positiveProbability == 0)
        let stumps = try Fixtures.train(data, .extraTrees, ["max_depth": "1", "trees": "100", "bootstrap": "false"])
        let splits = stumps.roots.filter { stumps.nodes.feature[Int($0)] >= 0 }
        #expect((20...80).contains(splits.count), "\(splits.count) of 100 stumps split")
        for root in splits.map(Int.init) { #expect(stumps.nodes.missingRight[root]) }
    }
}
