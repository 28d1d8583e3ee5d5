import Foundation
import Testing

@testable import Models

/// The cover of a model file that records none, counted again from its training rows
/// (`TreeModel.recountedCover`, `TreeExplainer.forVersion`), and the copy of a file with it.
@Suite struct RecountedCoverTests {
    static let formatTwoFolder = Fixtures.repository.appendingPathComponent(
        "research/artifacts/income_classifier/random_forest/1.0.0")

    /// Without bootstrap every training row is in every tree's bag with weight 1, so training's
    /// cover is the row count at each node: counting again must give it back exactly.
    @Test(
        arguments: [Algorithm.extraTrees, .randomForest, .decisionTree],
        [PredictionTask.binary, .multiclass, .regression])
    func equalsTheStoredCoverOfATreeTrainedWithoutBootstrap(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let data = Fixtures.mixed(task, rows: 400)
        let model = try TreeModel(
            bytes: Fixtures.train(data, algorithm, ["bootstrap": "false", "max_depth": "8"]).serialized())
        try #require(model.cover.count == model.counts.nodes)
        #expect(model.recountedCover(data) == Array(model.cover))
    }

    /// With bootstrap the counts differ from the in-bag weights, but every node training made
    /// is reached by a training row.
    @Test func reachesEveryNodeOfABootstrappedForest() throws {
        let data = Fixtures.mixed(.binary, rows: 400)
        let model = try TreeModel(bytes: Fixtures.train(data, .randomForest).serialized())
        let counted = model.recountedCover(data)
        #expect(counted.allSatisfy { $0 > 0 })
        #expect(counted != Array(model.cover))
    }

    /// The committed format-2 income forest (no cover in its file) is explained with the cover
    /// counted from adult.data, and every row's contributions add up to the probability it predicts.
    @Test func aFormatTwoArtifactIsExplainedWithItsRecountedCover() throws {
        let model = try TreeModel(contentsOf: Self.formatTwoFolder.appendingPathComponent("model.bin"))
        try #require(model.cover.isEmpty)
        let explainer = try TreeExplainer.forVersion(
            model, folder: Self.formatTwoFolder, root: Fixtures.repository,
            name: "income_classifier/random_forest@1.0.0")
        #expect(explainer.coverWasGiven)
        #expect(explainer.units == .probability)
        let record = try TrainingRecord.decode(
            Data(contentsOf: Self.formatTwoFolder.appendingPathComponent("training.json")))
        let test = try record.testDataset(root: Fixtures.repository)
        let training = try record.trainingDataset(root: Fixtures.repository)
        // Every root is reached by every training row.
        let cover = model.recountedCover(training)
        #expect(model.roots.allSatisfy { cover[Int($0)] == Double(training.rowCount) })
        let bins = model.binnedRows(test)
        let fields = explainer.fieldNames.count
        let probabilities = model.positiveProbabilities(test)
        for r in stride(from: 0, to: test.rowCount, by: 1627) {
            let explanation = bins[(r * fields)..<((r + 1) * fields)].withUnsafeBufferPointer {
                explainer.explanation(bins: $0)
            }
            let total = explanation.expectedValues[0] + explanation.contributions[0].reduce(0, +)
            #expect(abs(total - explanation.rawScores[0]) <= 1e-9)
            #expect(abs(explanation.rawScores[0] - probabilities[r]) <= 1e-12)
        }
        // The expected value is the training rows' mean prediction, as the cover weighs them.
        let mean = model.positiveProbabilities(training).reduce(0, +) / Double(training.rowCount)
        #expect(abs(explainer.expectedValues[0] - mean) <= 1e-9)
    }

    /// The copy with cover (what a deployment's preparation writes) is a valid model file that
    /// predicts as the original and is explained from its own cover exactly as with the cover given.
    @Test func theCopyWithCoverPredictsAndExplainsAsTheOriginal() throws {
        let model = try TreeModel(contentsOf: Self.formatTwoFolder.appendingPathComponent("model.bin"))
        let cover = try TreeExplainer.recountedCover(
            model, folder: Self.formatTwoFolder, root: Fixtures.repository, name: "m@1")
        let copy = try TreeModel(bytes: try #require(model.fileBytes(withCover: cover)))
        #expect(Array(copy.cover) == cover)
        #expect(model.fileBytes(withCover: [1, 2]) == nil)
        let record = try TrainingRecord.decode(
            Data(contentsOf: Self.formatTwoFolder.appendingPathComponent("training.json")))
        let test = try record.testDataset(root: Fixtures.repository)
        #expect(copy.positiveProbabilities(test) == model.positiveProbabilities(test))
        let fromFile = try TreeExplainer(copy)
        let given = try TreeExplainer(model, cover: cover)
        #expect(!fromFile.coverWasGiven)
        #expect(fromFile.expectedValues == given.expectedValues)
        let row = ["age": "44", "workclass": "Private", "capital-gain": "7688", "relationship": "Husband"]
        #expect(try fromFile.explain(row) == given.explain(row))
    }

    /// Without the declared training data a cover-less file is refused, naming what to restore.
    @Test func aCoverlessModelWithoutItsDataIsRefusedClearly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cover-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("research/artifacts/income_classifier/random_forest/1.0.0")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["model.bin", "training.json"] {
            try FileManager.default.copyItem(
                at: Self.formatTwoFolder.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let model = try TreeModel(contentsOf: folder.appendingPathComponent("model.bin"))
        let error = try #require(throws: ExplanationError.self) {
            try TreeExplainer.forVersion(
                model, folder: folder, root: root, name: "income_classifier/random_forest@1.0.0")
        }
        guard case .noCoverNorData(let why) = error.reason else {
            Issue.record("expected .noCoverNorData, got \(error.reason)")
            return
        }
        #expect(why.contains("adult.data"), "\(why)")
        #expect(error.description.hasPrefix("income_classifier/random_forest@1.0.0: cannot explain its predictions"))
        #expect(error.description.contains("Restore those data files"))
        // Without training.json at all, likewise.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("training.json"))
        #expect(throws: ExplanationError.self) {
            try TreeExplainer.forVersion(model, folder: folder, root: root, name: "m@1")
        }
    }

    @Test func aCoverOfTheWrongLengthOrWithAnUnreachedSplitIsRefused() throws {
        let model = try SplitRuleTests().stump(edge: 5)
        #expect(throws: ExplanationError(model: "s", reason: .wrongCoverCount(expected: 3, actual: 1))) {
            try TreeExplainer(model, cover: [1], name: "s")
        }
        #expect(throws: ExplanationError(model: "s", reason: .unusableCover(node: 0, value: 0))) {
            try TreeExplainer(model, cover: [0, 0, 0], name: "s")
        }
        // The cover given wins over the file's: 5 left and 5 right instead of 4 and 6.
        let even = try TreeExplainer(model, cover: [10, 5, 5])
        #expect(abs(even.expectedValues[0] - 0.5) <= 1e-15)
    }
}
