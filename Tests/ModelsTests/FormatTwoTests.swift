import Foundation
import Testing

@testable import Models

/// The committed income_classifier artifacts are format-2 files (modelpress-trees/2), and one
/// is in production: they load and predict exactly what they predicted when format 2 was
/// current. The expected figures were printed by the format-2 reader (the last commit with
/// `ModelFileLayout.formatVersion` 2) on adult.test: the sum of every row's positive-class
/// probability, in row order, and rows 0–4 and 16,280 (row 4 has a missing value).
@Suite struct FormatTwoTests {
    /// adult.test as the committed random forest's training record reads it.
    static let record: TrainingRecord? = try? TrainingRecord.decode(
        Data(
            contentsOf: Fixtures.repository.appendingPathComponent(
                "research/artifacts/income_classifier/random_forest/1.0.0/training.json")))
    static let test: Dataset? = try? record?.testDataset(root: Fixtures.repository)

    static let expected: [(model: String, sum: Double, rows: [Int: Double])] = [
        (
            "random_forest", 3874.064936718678,
            [
                0: 0.0, 1: 0.18859422450885177, 2: 0.4102547878958285, 3: 0.9466470272094011, 4: 0.0,
                16280: 0.717165335714817,
            ]
        ),
        (
            "extra_trees", 3870.437689488162,
            [
                0: 0.001166145158931613, 1: 0.1742700361274183, 2: 0.47050085082650184, 3: 0.8439040021598339,
                4: 2.560819499194622e-05, 16280: 0.7153652161359787,
            ]
        ),
        (
            "gradient_boosting", 3827.929065664696,
            [
                0: 0.002111129043305349, 1: 0.1693523775659213, 2: 0.27461019983045515, 3: 0.994452222511883,
                4: 0.000796018864007853, 16280: 0.7598953205793381,
            ]
        ),
    ]

    static func url(_ model: String) -> URL {
        Fixtures.repository.appendingPathComponent("research/artifacts/income_classifier/\(model)/1.0.0/model.bin")
    }

    @Test(arguments: expected.indices)
    func committedArtifactsPredictAsBefore(_ index: Int) throws {
        let (name, sum, rows) = Self.expected[index]
        let bytes = try Data(contentsOf: Self.url(name))
        #expect(bytes[8] == 2, "the committed artifact is no longer a format-2 file")
        let model = try TreeModel(contentsOf: Self.url(name))
        #expect(model.task == .binary)
        #expect(model.labelValues == ["<=50K", ">50K"])
        #expect(model.schema.fields.map(\.name) == Self.record?.schema.fields.map(\.name))
        #expect(model.cover.isEmpty && model.referenceCounts.isEmpty)
        let test = try #require(Self.test)
        let probabilities = model.positiveProbabilities(test)
        #expect(probabilities.reduce(0, +) == sum)
        let predictions = model.predict(test)
        for (row, expected) in rows {
            #expect(probabilities[row] == expected)
            #expect(predictions[row].positiveProbability == expected)
            #expect(predictions[row].label == (expected > 0.5 ? ">50K" : "<=50K"))
            var values: [String: FieldValue] = [:]
            for (f, field) in test.schema.fields.enumerated() {
                let code = test.codes[f].isEmpty ? -1 : Int(test.codes[f][row])
                values[field.name] =
                    field.kind == .numeric
                    ? (test.numbers[f][row].isNaN ? .missing : .number(test.numbers[f][row]))
                    : code >= 0 ? .category(field.categories[code]) : .missing
            }
            #expect(try model.predict(values: values) == predictions[row])
        }
    }

    @Test func aDamagedFormatTwoFileIsRefused() throws {
        var bytes = [UInt8](try Data(contentsOf: Self.url("gradient_boosting")))
        bytes[bytes.count / 2] ^= 0x10
        #expect(throws: ModelFileError(path: "m.bin", reason: .checksumMismatch)) {
            try TreeModel(bytes: bytes, name: "m.bin")
        }
        #expect(throws: ModelFileError(path: "m.bin", reason: .wrongLength(expected: 80, actual: 40))) {
            try TreeModel(bytes: Array(bytes.prefix(40)), name: "m.bin")
        }
    }
}
