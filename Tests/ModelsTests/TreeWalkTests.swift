import Testing

@testable import Models

/// A one-row prediction walks the trees eight at a time (`TreeModel.forEachLeaf`); each tree
/// must still end at the leaf its own walk reaches, handed over in tree order, whatever the
/// number of trees (not a multiple of eight here), their depths, the task and the kinds of split.
@Suite struct TreeWalkTests {
    static let cases: [(Algorithm, PredictionTask, [String: String])] = [
        (.randomForest, .binary, ["trees": "13"]),
        (.extraTrees, .multiclass, ["trees": "13"]),
        (.randomForest, .regression, ["trees": "9"]),
        (.gradientBoosting, .binary, ["max_iterations": "11"]),
        (.gradientBoosting, .multiclass, ["max_iterations": "5"]),
        (.decisionTree, .binary, [:]),
    ]

    @Test(arguments: 0..<cases.count)
    func eachTreeEndsAtItsOwnLeafInTreeOrder(_ index: Int) throws {
        let (algorithm, task, values) = Self.cases[index]
        let data = Fixtures.mixed(task, rows: 400)
        let model = try TreeModel(bytes: Fixtures.train(data, algorithm, values).serialized())
        let features = model.counts.features
        let bins = model.binnedRows(data)
        var depths = Set<Int>()
        for row in 0..<data.rowCount {
            let rowBins = bins[(row * features)..<((row + 1) * features)]
            try rowBins.withUnsafeBufferPointer { rowBins in
                var walked: [(Int, Int)] = []
                model.forEachLeaf(bins: rowBins) { walked.append(($0, $1)) }
                try #require(walked.count == model.roots.count)
                for (t, root) in model.roots.enumerated() {
                    #expect(walked[t].0 == t)
                    #expect(walked[t].1 == model.leafIndex(root: Int(root), bins: rowBins), "row \(row), tree \(t)")
                    depths.insert(Self.depth(model, root: Int(root), bins: rowBins))
                }
            }
        }
        // The walks side by side ended at different depths, so lanes finished at different steps.
        #expect(depths.count > 1)
    }

    /// The number of splits a row passes from `root` to its leaf.
    static func depth(_ model: TreeModel, root: Int, bins: UnsafeBufferPointer<UInt16>) -> Int {
        var node = root
        var depth = 0
        while true {
            let split = model.nodes[node * 2]
            let link = model.nodes[node * 2 + 1]
            if link & 0xFF == ModelFileLayout.leafField { return depth }
            node +=
                Int(link >> ModelFileLayout.childShift) + (model.goesLeft(split: split, link: link, bins: bins) ? 0 : 1)
            depth += 1
        }
    }
}
