import Foundation
import Testing

@testable import Models
@testable import Pipelines

/// `Pipeline.differences(from:)`: an edited pipeline file is told apart from the record of the
/// version it names, and an unedited one (inferred keys included) is not.
@Suite struct PipelineRecordTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func committed(_ pipelineName: String) throws -> (Pipeline, TrainingRecord) {
        let pipeline = try Pipeline(
            contentsOf: repository.appendingPathComponent("research/pipelines/\(pipelineName).toml"))
        let folder = "research/artifacts/\(pipeline.endpoint)/\(pipeline.model)/\(pipeline.version)"
        let record = try TrainingRecord.decode(
            try Data(contentsOf: repository.appendingPathComponent("\(folder)/training.json")))
        return (pipeline, record)
    }

    @Test(arguments: [
        "income_extra_trees", "income_gradient_boosting", "income_random_forest",
        "penguin_body_mass_gradient_boosting", "penguin_body_mass_random_forest",
        "penguin_species_gradient_boosting", "penguin_species_random_forest",
    ])
    func everyShippedPipelineStillDescribesItsVersion(name: String) throws {
        let (pipeline, record) = try Self.committed(name)
        #expect(pipeline.differences(from: record) == [])
    }

    @Test func eachEditIsNamedWithBothValues() throws {
        var (pipeline, record) = try Self.committed("penguin_species_random_forest")
        pipeline.hyperparameters["trees"] = "300"
        pipeline.hyperparameters["max_depth"] = "8"
        pipeline.seed = 7
        pipeline.data.ignore = []
        pipeline.data.missing = ["", "NA"]
        pipeline.data.kinds["year"] = .categorical
        pipeline.evaluation.slices = [["island"]]
        #expect(
            pipeline.differences(from: record) == [
                "seed: 42 → 7",
                "hyper-parameter max_depth: not set → 8",
                "hyper-parameter trees: 100 → 300",
                "data.missing: [, NA, N/A, ?, null] → [, NA]",
                "data.ignore: [year] → []",
                "data.columns.year: not set → categorical",
                "evaluation.slices: [island, sex] → [island]",
            ])
        record.hyperparameters["trees"] = "300"
        #expect(pipeline.differences(from: record).contains("hyper-parameter trees: 100 → 300") == false)
    }

    @Test func inferredKeysDifferOnlyWhenThePipelineNamesThem() throws {
        var (pipeline, record) = try Self.committed("penguin_body_mass_random_forest")
        pipeline.data.task = nil
        pipeline.data.separator = nil
        #expect(pipeline.differences(from: record) == [])
        pipeline.data.separator = ";"
        pipeline.data.task = .multiclass
        #expect(
            pipeline.differences(from: record) == [
                "data.task: regression → multiclass", "data.separator: \",\" → \";\"",
            ])
        record.data?.test = "research/data/penguins/test.csv"
        #expect(pipeline.differences(from: record).first == "data.test: research/data/penguins/test.csv → not set")
    }

    @Test func recordsFromBeforeDeclaredDataCompareTheTrainingFactsOnly() throws {
        var (pipeline, record) = try Self.committed("income_random_forest")
        #expect(record.data == nil)
        pipeline.data.ignore = ["fnlwgt"]
        #expect(pipeline.differences(from: record) == [])
        pipeline.algorithm = .extraTrees
        #expect(pipeline.differences(from: record) == ["algorithm: random_forest → extra_trees"])
    }
}
