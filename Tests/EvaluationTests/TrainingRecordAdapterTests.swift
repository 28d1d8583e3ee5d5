import Models
import Testing

@testable import Evaluation

@Suite struct TrainingRecordAdapterTests {
    static let schema = Schema(
        fields: [
            Field(name: "age", kind: .numeric, categories: []),
            Field(name: "sex", kind: .categorical, categories: ["Female", "Male"]),
        ],
        label: "income", labelValues: ["<=50K", ">50K"])

    @Test func modelAndDatasetComeFromTheRecord() {
        let record = TrainingRecord(
            endpoint: "income_classifier", model: "random_forest", version: "1.0.0", algorithm: "random_forest",
            hyperparameters: [:], seed: 1,
            trainingData: .init(path: "research/data/adult/adult.data", sha256: "aa"),
            testData: .init(path: "research/data/adult/adult.test", sha256: "bb"),
            trainer: "modelpress-trees/1", trainingSeconds: 1, createdAt: "2026-11-22T03:00:00Z", schema: Self.schema)
        #expect(record.id.description == "income_classifier/random_forest@1.0.0")
        let dataset = EvaluationReport.Dataset(testDataOf: record)
        #expect(dataset.path == "research/data/adult/adult.test")
        #expect(dataset.sha256 == "bb")
        #expect(dataset.positiveLabel == ">50K")
    }

    @Test func schemaDeclaresCategoriesOfSlicedFields() {
        let columns = GroupColumns(values: ["sex": ["Male"], "age": ["30"]], schema: Self.schema)
        #expect(columns.categories == ["sex": ["Female", "Male"]])
    }
}
