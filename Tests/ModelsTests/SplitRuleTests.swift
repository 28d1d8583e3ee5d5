import Testing

@testable import Models

/// What formats 3 and 4 keep for imported trees: a missing value's direction per split, and each
/// field's comparison and precision.
@Suite struct SplitRuleTests {
    /// One stump on `x` with edge `edge`: bin 1 (at or below the edge) goes left to 0.1, bin 2
    /// right to 0.9.
    func stump(edge: Double, rule: FeatureBinning.EdgeRule = [], missingRight: Bool = false) throws -> TreeModel {
        try TreeModel(bytes: stumpBytes(edge: edge, rule: rule, missingRight: missingRight))
    }

    func stumpBytes(edge: Double, rule: FeatureBinning.EdgeRule = [], missingRight: Bool = false) throws -> [UInt8] {
        let nodes = TreeNodes.stump(split: 1, low: 0.1, high: 0.9, missingRight: missingRight)
        let ensemble = TreeEnsemble(
            schema: Schema(fields: [.numeric("x")], label: "y", labelValues: ["no", "yes"]),
            binning: FeatureBinning(kinds: [.numeric], edges: [[edge]], binCounts: [3], rules: [rule]),
            output: .mean, baseScores: [], roots: [0], nodes: nodes, leafWidth: 1, importances: [1],
            referenceCounts: [[0, 4, 6]])
        return try ensemble.serialized()
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
        let bad = FeatureBinning.EdgeRule(rawValue: 8)
        #expect(throws: ModelFileError.self) { try stump(edge: 5, rule: bad) }
    }

    /// LightGBM's Zero missing type: zero (within ±1e-35) goes where a missing value goes, and
    /// only such a file is format 4.
    @Test func zeroIsMissingOnlyInFormatFour() throws {
        let zero = try stump(edge: 5, rule: .zeroIsMissing, missingRight: true)
        #expect(try zero.predict(["x": "0"]).positiveProbability == 0.9)
        #expect(try zero.predict(["x": "1e-36"]).positiveProbability == 0.9)
        #expect(try zero.predict(["x": "1e-30"]).positiveProbability == 0.1)
        #expect(try stump(edge: 5, missingRight: true).predict(["x": "0"]).positiveProbability == 0.1)
        #expect(try stumpBytes(edge: 5)[8] == 3)
        let bytes = try stumpBytes(edge: 5, rule: .zeroIsMissing)
        #expect(bytes[8] == 4)
        // The same file labelled format 3 (checksum made good) is refused: format 3 has no such bit.
        #expect(throws: ModelFileError(path: "<memory>", reason: .inconsistent("field 0 has an unknown edge rule"))) {
            try TreeModel(bytes: Fixtures.relabelled(bytes, version: 3))
        }
    }
}
