import Testing

@testable import Models

/// What format 3 keeps for imported trees: a missing value's direction per split, and each
/// field's comparison and precision.
@Suite struct SplitRuleTests {
    /// One stump on `x` with edge `edge`: bin 1 (at or below the edge) goes left to 0.1, bin 2
    /// right to 0.9.
    func stump(edge: Double, rule: FeatureBinning.EdgeRule = [], missingRight: Bool = false) throws -> TreeModel {
        var nodes = TreeNodes()
        let root = nodes.appendNode(cover: 10)
        let left = nodes.appendNode(cover: 4)
        _ = nodes.appendNode(cover: 6)
        nodes.feature[root] = 0
        nodes.left[root] = UInt32(left)
        nodes.split[root] = 1
        nodes.missingRight[root] = missingRight
        nodes.makeLeaf(left, value: 0.1)
        nodes.makeLeaf(left + 1, value: 0.9)
        let ensemble = TreeEnsemble(
            schema: Schema(fields: [.numeric("x")], label: "y", labelValues: ["no", "yes"]),
            binning: FeatureBinning(kinds: [.numeric], edges: [[edge]], binCounts: [3], rules: [rule]),
            output: .mean, baseScores: [], roots: [0], nodes: nodes, leafWidth: 1, importances: [1],
            referenceCounts: [[0, 4, 6]])
        return try TreeModel(bytes: ensemble.serialized())
    }

    @Test func missingValuesGoWhereTheSplitSays() throws {
        #expect(try stump(edge: 5).predict(["x": ""]).positiveProbability == 0.1)
        #expect(try stump(edge: 5, missingRight: true).predict(["x": ""]).positiveProbability == 0.9)
        #expect(try stump(edge: 5, missingRight: true).predict(["x": "1"]).positiveProbability == 0.1)
        #expect(try stump(edge: 5, missingRight: true).predict(values: ["x": .missing]).positiveProbability == 0.9)
    }

    @Test func aValueOnTheEdgeFollowsTheFieldsComparison() throws {
        #expect(try stump(edge: 5).predict(["x": "5"]).positiveProbability == 0.1)
        #expect(try stump(edge: 5, rule: .strict).predict(["x": "5"]).positiveProbability == 0.9)
        #expect(try stump(edge: 5, rule: .strict).predict(["x": "4.999"]).positiveProbability == 0.1)
    }

    /// XGBoost compares in float32: 0.1 rounds to the float32 edge and is not below it.
    @Test func float32FieldsRoundTheValueFirst() throws {
        let edge = Double(Float(0.1))
        #expect(try stump(edge: edge, rule: .strict).predict(["x": "0.1"]).positiveProbability == 0.1)
        #expect(try stump(edge: edge, rule: [.strict, .float32]).predict(["x": "0.1"]).positiveProbability == 0.9)
    }

    @Test func unknownEdgeRuleBitsAreRefused() throws {
        let bad = FeatureBinning.EdgeRule(rawValue: 4)
        #expect(throws: ModelFileError.self) { try stump(edge: 5, rule: bad) }
    }
}
