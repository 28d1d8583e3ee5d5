import Basics
import Foundation
import Models
import Testing

@testable import Evaluation

@Suite struct ReferenceDistributionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func artifact(_ id: String) -> URL {
        root.appendingPathComponent("research/artifacts/\(id)")
    }

    /// The model file's own training counts per bin, field by field; nil for a file without them
    /// (format 2, imported models).
    static func modelCounts(_ model: TreeModel) -> [[Int]]? {
        guard !model.referenceCounts.isEmpty else { return nil }
        var offset = 0
        return model.fieldNames.indices.map { f in
            defer { offset += model.binCount(f) }
            return (offset..<(offset + model.binCount(f))).map { Int(model.referenceCounts[$0]) }
        }
    }

    /// The committed versions predate reference.json: it is made again from their declared data,
    /// and the training rows read again are the ones training counted into the model file (where
    /// the file has them: not format 2, nor imported models).
    @Test(arguments: [
        ("penguin_species/random_forest/1.0.0", 275), ("penguin_body_mass/gradient_boosting/1.0.0", 274),
        ("income_classifier/gradient_boosting/1.0.0", 32561), ("penguin_species/lightgbm/1.0.0", 275),
    ])
    func madeAgainFromDeclaredDataMatchesTheModelsCounts(_ id: String, trainingRows: Int) throws {
        let folder = Self.artifact(id)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("reference.json").path))
        let (reference, madeAgain) = try ReferenceDistribution.load(artifactFolder: folder, root: Self.root)
        #expect(madeAgain)
        let model = try TreeModel(contentsOf: folder.appendingPathComponent("model.bin"))
        let counts = Self.modelCounts(model)
        #expect((counts == nil) == (id.hasPrefix("income") || id.contains("lightgbm")))
        for (f, field) in reference.fields.enumerated() {
            #expect(model.fieldNames[f] == field.name)
            #expect(field.rows == trainingRows)
            if field.kind == .numeric {
                if let counts { #expect(field.counts == counts[f], "\(id) \(field.name)") }
                let sample = try #require(field.sample)
                #expect(sample == sample.sorted() && sample.count <= ReferenceDistribution.sampleLimit)
                #expect(sample.count == min(field.rows - field.counts[0], ReferenceDistribution.sampleLimit))
            } else {
                if let counts { #expect(field.counts == counts[f], "\(id) \(field.name)") }
                #expect(field.sample == nil)
            }
        }
        // Made again twice: the same bytes.
        let again = try ReferenceDistribution.load(artifactFolder: folder, root: Self.root).distribution
        #expect(try again.jsonData() == reference.jsonData())
    }

    /// `train` takes the input fields' distributions from the rows and their bins before the
    /// fit, so that the raw columns can go (issue 26): they must be what `make` gives from the
    /// model once it exists. Numeric fields with missing values, a constant one and a
    /// categorical one with a missing cell, for each task.
    @Test(arguments: [PredictionTask.binary, .multiclass, .regression])
    func fieldsTakenBeforeTheFitAreTheModels(_ task: PredictionTask) throws {
        let rows = 600
        var generator = SplitMix64(seed: 11)
        let x = (0..<rows).map { r in r % 17 == 0 ? .nan : Double(generator.below(10_000)) / 100 }
        let few = (0..<rows).map { r in r % 5 == 0 ? .nan : Double(r % 3) }
        let constant = [Double](repeating: 4, count: rows)
        let colour = (0..<rows).map { r in r == 7 ? Int32(-1) : Int32(generator.below(3)) }
        let fields = [
            Field(name: "x", kind: .numeric, categories: []), Field(name: "few", kind: .numeric, categories: []),
            Field(name: "constant", kind: .numeric, categories: []),
            Field(name: "colour", kind: .categorical, categories: ["blue", "green", "red"]),
        ]
        let numbers = [x, few, constant, []]
        let codes: [[Int32]] = [[], [], [], colour]
        let data: Dataset
        switch task {
        case .regression:
            data = Dataset(
                schema: Schema(fields: fields, label: "y", labelValues: []), numbers: numbers, codes: codes,
                targets: (0..<rows).map { r in (x[r].isNaN ? 0 : x[r]) + Double(colour[r]) })
        default:
            let classes = task == .binary ? ["no", "yes"] : ["a", "b", "c"]
            data = Dataset(
                schema: Schema(fields: fields, label: "y", labelValues: classes), numbers: numbers, codes: codes,
                labels: (0..<rows).map { r in UInt8((Int(x[r].isNaN ? 0 : x[r]) + r % 2) % classes.count) })
        }
        let binned = BinnedDataset(data, threads: 1)
        let ensemble = try Trainer.train(
            binned, algorithm: .randomForest, hyperparameters: ["trees": "3"], seed: 3, threads: 1)
        let model = try TreeModel(bytes: ensemble.serialized())
        let id = VersionID(endpoint: "e", model: "m", version: "1.0.0")
        let made = ReferenceDistribution.make(id: id, seed: 9, model: model, training: data, test: data)
        #expect(ReferenceDistribution.fields(of: data, binned: binned, seed: 9) == made.fields)
    }

    @Test func predictionDistributionPerTask() throws {
        let binary = try ReferenceDistribution.load(
            artifactFolder: Self.artifact("income_classifier/gradient_boosting/1.0.0"), root: Self.root
        ).distribution.prediction
        #expect(binary.kind == .numeric && binary.edges == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
        #expect(binary.rows == 16281 && binary.counts[0] == 0)
        #expect(binary.sample?.count == ReferenceDistribution.sampleLimit)
        let multiclass = try ReferenceDistribution.load(
            artifactFolder: Self.artifact("penguin_species/random_forest/1.0.0"), root: Self.root
        ).distribution.prediction
        #expect(multiclass.kind == .categorical && multiclass.categories == ["Adelie", "Chinstrap", "Gentoo"])
        #expect(multiclass.counts[0] == 0 && multiclass.rows > 0)
        let regression = try ReferenceDistribution.load(
            artifactFolder: Self.artifact("penguin_body_mass/random_forest/1.0.0"), root: Self.root
        ).distribution.prediction
        let edges = try #require(regression.edges)
        #expect(edges == edges.sorted() && Set(edges).count == edges.count && edges.count <= 9)
        #expect(regression.sample?.count == regression.rows)
    }

    @Test func writesAndReadsBack() throws {
        let reference = try ReferenceDistribution.load(
            artifactFolder: Self.artifact("penguin_species/random_forest/1.0.0"), root: Self.root
        ).distribution
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("reference.json")
        try reference.jsonData().write(to: file)
        let (read, madeAgain) = try ReferenceDistribution.load(artifactFolder: folder, root: Self.root)
        #expect(!madeAgain && read == reference)
        try Data(#"{"schema_version": 9}"#.utf8).write(to: file)
        #expect(throws: DriftError(.unsupportedSchema(found: 9, supported: 1), file: file.path)) {
            try ReferenceDistribution.read(from: file)
        }
        try Data("{}".utf8).write(to: file)
        #expect(throws: DriftError.self) { try ReferenceDistribution.read(from: file) }
    }

    @Test func unavailableWithoutFileOrData() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = Self.artifact("penguin_species/random_forest/1.0.0")
        for name in ["model.bin", "training.json"] {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        // The data's paths are relative to a root that does not hold them.
        do {
            _ = try ReferenceDistribution.load(artifactFolder: folder, root: folder)
            Issue.record("loaded without its data")
        } catch {
            guard case .unavailable(let detail) = error.reason else {
                Issue.record("\(error)")
                return
            }
            #expect(detail.contains("research/data/penguins/penguins.csv"))
            #expect(error.description.hasPrefix("\(folder.path)/reference.json is missing and cannot be made again"))
        }
    }

    @Test func samplesAreSeededDrawsWithoutReplacement() {
        let values = (0..<12_000).map { Double($0) } + [.nan, .nan]
        let a = ReferenceDistribution.sample(values, seed: 7, salt: "x")
        #expect(a.count == ReferenceDistribution.sampleLimit && a == a.sorted() && Set(a).count == a.count)
        #expect(a == ReferenceDistribution.sample(values, seed: 7, salt: "x"))
        #expect(a != ReferenceDistribution.sample(values, seed: 8, salt: "x"))
        #expect(ReferenceDistribution.sample([3, .nan, 1], seed: 7, salt: "x") == [1, 3])
    }

    @Test func binsByEdgesAndCategories() {
        let edges = ReferenceBins(edges: [0.5, 1])
        #expect(edges.count == 4)
        #expect([0.2, 0.5, 0.7, 1, 3, .nan].map { edges.bin($0) } == [1, 1, 2, 2, 3, 0])
        let categories = ReferenceBins(categories: ["a", "b"])
        #expect(categories.bin(category: "b") == 2 && categories.bin(category: nil) == 0)
        #expect(categories.bin(category: "c") == nil)
        #expect(ReferenceBins(categories: ["0", "1"]).bin(1) == 2)
    }
}
