import Testing

@testable import Models

/// LightGBM and XGBoost number a multiclass model's classes as scikit-learn's `LabelEncoder`
/// orders them (integers by value); the schema orders them by UTF-8 bytes. With ten or more
/// integer classes the two differ, and each class's trees must move to the schema's place.
@Suite struct ImportedClassOrderTests {
    static let labels = (0..<12).map(String.init).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }

    @Test func integerClassesAreNumberedByValueAndTextByCodePoint() {
        #expect(Self.labels.prefix(4) == ["0", "1", "10", "11"])
        #expect(ImportedTrees.boosterClassOrder(Self.labels) == (0..<12).map(String.init))
        #expect(
            ImportedTrees.boosterClassOrder(["Adelie", "Chinstrap", "Gentoo"]) == ["Adelie", "Chinstrap", "Gentoo"])
        #expect(ImportedTrees.boosterClassOrder(["1", "x"]) == ["1", "x"])
    }

    @Test func eachClassTreesAndBaseScoreMoveToTheSchemasPlace() {
        let schema = Schema(fields: [.numeric("x")], label: "y", labelValues: Self.labels)
        // Two rounds; the source's tree of class k in round r is a leaf worth 100·r + k.
        let trees = (0..<24).map { t in
            SourceTree(nodes: [.init(test: .leaf([Double(100 * (t / 12) + t % 12)]))])
        }
        let source = ImportedTrees(
            schema: schema, rules: [[]], output: .softmax, baseScores: (0..<12).map(Double.init), trees: trees,
            hasCover: false)
        let moved = source.inSchemaClassOrder(from: ImportedTrees.boosterClassOrder(Self.labels))
        for (t, tree) in moved.trees.enumerated() {
            guard case .leaf(let values) = tree.nodes[0].test else {
                Issue.record("tree \(t) is not a leaf")
                continue
            }
            let label = Int(Self.labels[t % 12]) ?? -1
            #expect(values == [Double(100 * (t / 12) + label)], "tree \(t) of class \(Self.labels[t % 12])")
        }
        #expect(moved.baseScores == Self.labels.compactMap { Double($0) })
        let strings = ImportedTrees(
            schema: Schema(fields: [.numeric("x")], label: "y", labelValues: ["a", "b", "c"]), rules: [[]],
            output: .softmax, baseScores: [1, 2, 3], trees: Array(trees.prefix(3)), hasCover: false)
        #expect(strings.inSchemaClassOrder(from: ["a", "b", "c"]).baseScores == [1, 2, 3])
    }
}
