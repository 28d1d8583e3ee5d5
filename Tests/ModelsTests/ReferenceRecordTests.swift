import Foundation
import Testing

@testable import Models

/// The reference record (the check the Django service modelpress replaces shipped with), on
/// the committed artifacts.
@Suite struct ReferenceRecordTests {
    static let record = [
        "age": "37", "workclass": "Private", "fnlwgt": "34146", "education": "HS-grad", "education-num": "9",
        "marital-status": "Married-civ-spouse", "occupation": "Craft-repair", "relationship": "Husband",
        "race": "White", "sex": "Male", "capital-gain": "0", "capital-loss": "0", "hours-per-week": "68",
        "native-country": "United-States",
    ]

    static func artifact(_ model: String) -> URL {
        Fixtures.repository.appendingPathComponent("research/artifacts/income_classifier/\(model)/1.0.0/model.bin")
    }

    @Test(arguments: ["random_forest", "extra_trees"])
    func referenceRecordIsBelow50K(_ model: String) throws {
        let loaded = try TreeModel(contentsOf: Self.artifact(model))
        let prediction = try loaded.predict(Self.record)
        #expect(prediction.label == "<=50K")
        #expect(loaded.treeCount == 100)
    }

    @Test func committedArtifactsMatchTheirRecords() throws {
        for model in ["random_forest", "extra_trees", "gradient_boosting"] {
            let folder = Self.artifact(model).deletingLastPathComponent()
            let json = try Data(contentsOf: folder.appendingPathComponent("training.json"))
            let record = try TrainingRecord.decode(json)
            #expect(record.algorithm == model)
            let loaded = try TreeModel(contentsOf: Self.artifact(model))
            #expect(loaded.schema == record.schema)
        }
    }
}
