import Testing

@testable import Models

/// `TreeEnsemble.Join`: trees handed over in any order are joined in index order, so a forest's
/// bytes do not depend on which thread finished first.
@Suite struct TreeJoinTests {
    func joined(order: [Int], trees: [TreeNodes], importances: [[Double]]) throws -> ([UInt8], [Double]) {
        let join = TreeEnsemble.Join(isCategorical: [false], trees: trees.count)
        for t in order { join.add(t, tree: trees[t], importances: importances[t]) }
        let ensemble = join.ensemble(
            matrix: BinnedMatrix(rowCount: 0, bins: [], binCounts: [4], isCategorical: [false]),
            schema: Schema(fields: [.numeric("x")], label: "y", labelValues: ["no", "yes"]),
            binning: FeatureBinning(kinds: [.numeric], edges: [[1, 2]], binCounts: [4]), output: .mean,
            baseScores: [], leafWidth: 1, importances: join.importanceSums)
        return (try ensemble.serialized(), join.importanceSums)
    }

    @Test func treesHandedOverOutOfOrderJoinInIndexOrder() throws {
        let trees = [
            TreeNodes.stump(split: 1, low: 0.1, high: 0.9), TreeNodes.stump(split: 2, low: 0.2, high: 0.8),
            TreeNodes.stump(split: 1, low: 0.3, high: 0.7),
        ]
        let importances: [[Double]] = [[0.1], [0.2], [0.7]]
        let inOrder = try joined(order: [0, 1, 2], trees: trees, importances: importances)
        for order in [[2, 0, 1], [1, 2, 0], [2, 1, 0]] {
            let other = try joined(order: order, trees: trees, importances: importances)
            #expect(other.0 == inOrder.0, "order \(order)")
            #expect(other.1 == inOrder.1, "order \(order)")
        }
        // The joined model is the three stumps, each predicting from its own leaves.
        let model = try TreeModel(bytes: inOrder.0)
        #expect(model.treeCount == 3)
        #expect(abs(try model.predict(["x": "0"]).positiveProbability - 0.2) < 1e-12)
        #expect(abs(try model.predict(["x": "3"]).positiveProbability - 0.8) < 1e-12)
    }
}
