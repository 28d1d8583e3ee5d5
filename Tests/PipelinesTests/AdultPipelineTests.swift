import Foundation
import Testing

@testable import Models
@testable import Pipelines

/// The income pipelines declare the UCI Adult files with `[data]` keys only; these tests hold
/// that to what the Adult-specific code it replaced gave: the committed training records'
/// schema, and the same typed columns and labels.
@Suite struct AdultPipelineTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let loaded: Result<LoadedData, any Error> = Result {
        let pipeline = try Pipeline(
            contentsOf: repository.appendingPathComponent("research/pipelines/income_random_forest.toml"))
        return try pipeline.loadData(root: repository)
    }

    /// The committed record of a version trained by the code that knew Adult.
    static func committedRecord() throws -> TrainingRecord {
        let url = repository.appendingPathComponent(
            "research/artifacts/income_classifier/random_forest/1.0.0/training.json")
        return try TrainingRecord.decode(try Data(contentsOf: url))
    }

    /// A file read as that code read it: no header, the UCI dialect, the schema's fields in
    /// order, then the label.
    static func readAsBefore(_ name: String, schema: Schema) throws -> Dataset {
        let url = repository.appendingPathComponent("research/data/adult/\(name)")
        let table = try CSVTable(contentsOf: url, columns: schema.fields.count + 1, dialect: .uci)
        return try Dataset(table: table, schema: schema)
    }

    static func expectSame(_ a: Dataset, _ b: Dataset) {
        #expect(a.rowCount == b.rowCount)
        #expect(a.labels == b.labels)
        #expect(a.codes == b.codes)
        #expect(a.numbers.count == b.numbers.count)
        for (x, y) in zip(a.numbers, b.numbers) {
            #expect(x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }

    @Test func theDeclaredSchemaIsTheCommittedOne() throws {
        let data = try Self.loaded.get()
        let committed = try Self.committedRecord().schema
        let schema = data.train.schema
        #expect(schema.label == committed.label)
        #expect(schema.labelValues == committed.labelValues)
        #expect(schema.labelValues == ["<=50K", ">50K"])
        #expect(schema.task == .binary)
        #expect(schema.fields.map(\.name) == committed.fields.map(\.name))
        #expect(schema.fields.map(\.kind) == committed.fields.map(\.kind))
        #expect(schema.fields.map(\.categories) == committed.fields.map(\.categories))
        // What the declared path adds: where missing values were seen, and the training ranges.
        #expect(schema.fields.filter(\.nullable).map(\.name) == ["workclass", "occupation", "native-country"])
        #expect(schema.field(named: "age")?.trainingMinimum == 17)
        #expect(schema.field(named: "age")?.trainingMaximum == 90)
        #expect(data.declaration.positive == ">50K")
    }

    @Test func theDeclaredDataIsTheDataReadBefore() throws {
        let data = try Self.loaded.get()
        let schema = try Self.committedRecord().schema
        #expect(data.train.rowCount == 32_561)
        #expect(data.test.rowCount == 16_281)
        Self.expectSame(data.train, try Self.readAsBefore("adult.data", schema: schema))
        Self.expectSame(data.test, try Self.readAsBefore("adult.test", schema: schema))
        #expect(data.trainingFile.path == "research/data/adult/adult.data")
        #expect(data.testFile.path == "research/data/adult/adult.test")
        #expect(data.split == nil)
    }

    @Test func aRecordWithoutDataIsReadAsBefore() throws {
        let record = try Self.committedRecord()
        #expect(record.data == nil)
        let test = try record.testDataset(root: Self.repository)
        Self.expectSame(test, try Self.readAsBefore("adult.test", schema: record.schema))
        let pipeline = Pipeline(record: record, algorithm: .randomForest, file: "training.json")
        let data = try pipeline.loadData(root: Self.repository)
        Self.expectSame(data.train, try Self.readAsBefore("adult.data", schema: record.schema))
    }

    @Test func everyIncomePipelineReadsTheSameDeclaration() throws {
        let folder = Self.repository.appendingPathComponent("research/pipelines")
        let names = ["income_random_forest.toml", "income_extra_trees.toml", "income_gradient_boosting.toml"]
        let declarations = try names.map { try Pipeline(contentsOf: folder.appendingPathComponent($0)).data }
        #expect(Set(declarations.map(\.training)).count == 1)
        #expect(declarations.allSatisfy { $0 == declarations[0] })
    }
}
