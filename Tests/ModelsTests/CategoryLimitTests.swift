import Foundation
import Testing

@testable import Models

/// A categorical field of more categories than a model keeps (254, a byte per row while it
/// trains; trial22 #1): a model keeps the most frequent, as LightGBM does, and says which it
/// leaves out; it used to keep the first 254 in byte order and leave the rest out in silence.
@Suite struct CategoryLimitTests {
    /// 300 categories `z000`…`z299` in byte order: the first 46 in one row each (the rarest),
    /// the others in three; the odd ones positive.
    static func data() -> Dataset {
        let names = (0..<300).map { "z" + String(format: "%03d", $0) }
        var codes: [Int32] = []
        for c in 0..<300 { codes += repeatElement(Int32(c), count: c < 46 ? 1 : 3) }
        let schema = Schema(fields: [.categorical("zip", names)], label: "y", labelValues: ["no", "yes"])
        return Dataset(schema: schema, numbers: [[]], codes: [codes], labels: codes.map { UInt8($0 % 2) })
    }

    @Test func theMostFrequentAreKeptTiesInSchemaOrder() {
        // At most 254: every one, in order.
        #expect(FeatureBinning.keptCategories(rowCounts: [0, 5, 1]) == [0, 1, 2])
        // 256 categories: the two with fewest rows go; among equal counts the later ones go first.
        var counts = [Int](repeating: 2, count: 256)
        counts[3] = 1
        #expect(FeatureBinning.keptCategories(rowCounts: counts) == Array(0..<3) + Array(4..<255))
        counts[3] = 9
        #expect(FeatureBinning.keptCategories(rowCounts: counts) == Array(0..<254))
        #expect(FeatureBinning.keptFirst(["a", "b", "c"], kept: [0, 2]) == ["a", "c", "b"])
        #expect(FeatureBinning.categoryBins(kept: [0, 2], categoryCount: 3) == [1, 0, 2])
    }

    @Test(arguments: [Algorithm.decisionTree, .gradientBoosting])
    func aModelKeepsTheFrequentCategoriesAndTellsTheRareFromTheUnseen(_ algorithm: Algorithm) throws {
        let data = Self.data()
        let hyperparameters =
            algorithm == .decisionTree
            ? ["max_depth": "1", "min_samples_leaf": "1"]
            : [
                "max_iterations": "20", "min_samples_leaf": "1", "max_leaf_nodes": "2", "early_stopping_rounds": "0",
                "min_data_per_group": "1", "cat_smooth": "0", "max_cat_threshold": "300",
            ]
        let ensemble = try Fixtures.train(data, algorithm, hyperparameters)
        #expect(ensemble.categoriesNotKept == ["zip": (0..<46).map { "z" + String(format: "%03d", $0) }])
        let model = try TreeModel(bytes: ensemble.serialized())
        // The late categories in byte order are kept (they were the ones left out) and learned.
        #expect(model.categoryStanding("z299", field: "zip") == .kept)
        #expect(model.categoryStanding("z046", field: "zip") == .kept)
        #expect(try #require(model.predict(["zip": "z299"]).probabilities.last) > 0.5)
        #expect(try #require(model.predict(["zip": "z298"]).probabilities.last) < 0.5)
        // A rare one is scored as missing, and known as one the model does not keep.
        #expect(model.categoryStanding("z001", field: "zip") == .notKept(kept: 254, left: 46))
        #expect(model.categoryStanding(" z001 ", field: "zip") == .notKept(kept: 254, left: 46))
        #expect(
            try model.predict(["zip": "z001"]).probabilities == model.predict(["zip": ""]).probabilities)
        #expect(model.categoryStanding("z300", field: "zip") == .unseen)
        #expect(model.categoryStanding("z001", field: "nope") == nil)
        // The model file lists all 300, the kept ones first.
        #expect(model.schema.fields[0].categories.count == 300)
        #expect(model.schema.fields[0].categories.prefix(2) == ["z046", "z047"])
    }

    @Test func aFieldOfAtMost254CategoriesKeepsItsOrderAndBytes() throws {
        let names = (0..<254).map { "c" + String(format: "%03d", $0) }
        let codes = (0..<1016).map { Int32(($0 * 7) % 254) }
        let schema = Schema(fields: [.categorical("c", names)], label: "y", labelValues: ["no", "yes"])
        let data = Dataset(schema: schema, numbers: [[]], codes: [codes], labels: codes.map { UInt8($0 % 2) })
        let binned = BinnedDataset(data, threads: 1)
        #expect(binned.schema == data.schema)
        #expect(binned.binning.binCounts == [255])
        #expect(Array(binned.matrix.bins.prefix(4)) == codes.prefix(4).map { UInt8($0 + 1) })
        #expect(try Fixtures.train(data, .decisionTree, ["max_depth": "2"]).categoriesNotKept == nil)
    }

    @Test func trainingWarnsNamingTheRarestAndTheirRows() throws {
        var text = "zip,tenure,y\n"
        for c in 0..<300 {
            for r in 0..<(c < 46 ? 2 : 5) {
                text += "Z\(String(format: "%04d", c)),\(r),\(c % 2 == 0 ? "no" : "yes")\n"
            }
        }
        let root = try root(["z.csv": text, "t.csv": text])
        let declaration = DataDeclaration(training: "data/z.csv", test: "data/t.csv", label: "y")
        let data = try declaration.load(seed: 1, root: root)
        let warning =
            "data/z.csv (column 'zip'): 300 categories, and a model keeps at most 254 (the most frequent): the 46 "
            + "rarest ('Z0000', 'Z0001', 'Z0002', 'Z0003', 'Z0004', … (46 in all); 92 of 1362 rows, 6.8%) are scored "
            + "as missing values; group the rare levels into one (such as 'other') before export, or add the column "
            + "to ignore = [...] if it identifies rows"
        #expect(data.warnings.contains { $0.hasSuffix(warning) }, "\(data.warnings)")
        // `data inspect` (no label) says the same of the whole file.
        var unlabelled = declaration
        unlabelled.label = ""
        #expect(try unlabelled.profile(root: root).warnings.contains { $0.hasSuffix(warning) })
        // With a held-out split, of the training rows.
        let split = try DataDeclaration(training: "data/z.csv", label: "y").load(seed: 1, root: root)
        #expect(split.warnings.contains { $0.contains("training rows, ") }, "\(split.warnings)")
    }

    @Test func aModelFileKeepsTheRecordOfWhatWasLeftOut() throws {
        var record = TrainingRecord(
            endpoint: "e", model: "m", version: "1", algorithm: "random_forest", hyperparameters: [:], seed: 1,
            trainingData: .init(path: "a.csv", sha256: "0"), testData: .init(path: "a.csv", sha256: "0"),
            trainer: "t", trainingSeconds: 0, createdAt: "2026-01-01T00:00:00Z",
            schema: Self.data().schema)
        // Nothing left out: no key, so records keep their bytes.
        #expect(!String(decoding: try record.jsonData(), as: UTF8.self).contains("categories_not_kept"))
        record.categoriesNotKept = ["zip": ["z000", "z001"]]
        let bytes = try record.jsonData()
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"categories_not_kept\""))
        #expect(try TrainingRecord.decode(bytes).categoriesNotKept == ["zip": ["z000", "z001"]])
    }

    /// An imported model with a 300-level field: taken when no tree splits on it (it keeps no
    /// category, every value scores alike and no note is due), refused saying what to do when
    /// one does (trial22 #1: `import` refused an occupation-only model over `zip`).
    @Test func anImportedModelTakesAFieldOfManyCategoriesItDoesNotUse() throws {
        let schema = Schema(
            fields: [.categorical("zip", Self.data().schema.fields[0].categories), .numeric("tenure")], label: "y",
            labelValues: ["no", "yes"])
        func trees(splittingOn test: SourceTree.Node.Test) -> ImportedTrees {
            let nodes = [
                SourceTree.Node(test: test, left: 1, right: 2), SourceTree.Node(test: .leaf([-1])),
                SourceTree.Node(test: .leaf([1])),
            ]
            return ImportedTrees(
                schema: schema, rules: [[], []], output: .logit, baseScores: [0], trees: [SourceTree(nodes: nodes)],
                hasCover: false)
        }
        let model = try TreeModel(
            bytes: trees(splittingOn: .numeric(field: 1, threshold: 12)).ensemble(file: "m.txt").serialized())
        #expect(model.categoryStanding("z299", field: "zip") == .unused)
        #expect(try model.predict(["zip": "z299", "tenure": "3"]) == model.predict(["zip": "z001", "tenure": "3"]))
        #expect(throws: ImportError.self) {
            try trees(splittingOn: .categorical(field: 0, left: [1, 2])).ensemble(file: "m.txt")
        }
        do {
            _ = try trees(splittingOn: .categorical(field: 0, left: [1, 2])).ensemble(file: "m.txt")
        } catch {
            #expect(
                error.reason
                    == .unsupported(
                        "field 'zip' has 300 categories and the model splits on it, and a model file keeps at most 254 "
                            + "categories of a field (a byte per value, 0 for missing); group the rarest levels into one "
                            + "(such as 'other') in the data and train the model again, or train it without the field "
                            + "(and add it to ignore = [...])"))
        }
    }
}
