import Testing

@testable import Models

/// Where a forest sends a value its node never saw missing: a numeric field missing at
/// prediction, or a category training never had (trial21 #1: a 9%-positive set's unseen
/// categories all scored 0.69). A node whose rows all have the feature sends them to its
/// heavier child, as scikit-learn's trees do.
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
}
