import Foundation
import JSONReading
import Models
import Testing

/// training.json is read with `JSONReader` and written with `JSONWriter`: a committed record
/// reads and writes back to the same bytes.
@Suite struct TrainingRecordReadingTests {
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("research/artifacts")

    @Test func everyCommittedRecordReadsAndWritesBackToItsBytes() throws {
        let files = (FileManager.default.enumerator(atPath: Self.artifacts.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix("training.json") }
        #expect(files.count >= 3)
        for file in files {
            let data = try Data(contentsOf: Self.artifacts.appendingPathComponent(file))
            let ours = try TrainingRecord.decode(data)
            #expect(try ours.jsonData() == data, "\(file)")
            #expect(!ours.schema.fields.isEmpty)
            #expect(try TrainingRecord.trainingSeconds(in: data) == ours.trainingSeconds)
        }
    }

    @Test func theDeclaredSlicesReadBack() throws {
        let file = Self.artifacts.appendingPathComponent("income_classifier/random_forest/1.0.0/training.json")
        var record = try TrainingRecord.decode(Data(contentsOf: file))
        record.evaluation = SliceDeclaration(
            slices: [["sex"], ["age", "sex"]], bands: ["age": .edges([25, 35.5]), "hours": .quantiles(4)])
        let written = try record.jsonData()
        #expect(String(decoding: written, as: UTF8.self).contains(#""quantiles" : 4"#))
        #expect(try TrainingRecord.decode(written) == record)
    }

    @Test func aMissingOrMistypedFieldSaysWhere() throws {
        let file = Self.artifacts.appendingPathComponent("income_classifier/random_forest/1.0.0/training.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let mistyped = text.replacingOccurrences(of: #""seed" : "#, with: #""seed" : -"#)
        let error = try #require(throws: JSONReadError.self) { try TrainingRecord.decode(Data(mistyped.utf8)) }
        #expect(error.message == "expected a non-negative integer that fits in 64 bits")
        let renamed = text.replacingOccurrences(of: #""trainer""#, with: #""coach""#)
        let missing = try #require(throws: JSONReadError.self) { try TrainingRecord.decode(Data(renamed.utf8)) }
        #expect(missing.message == #"the object ending here has no "trainer""#)
    }

    @Test func onlyTheTrainingTimeIsReadWhenThatIsAllThatIsNeeded() throws {
        #expect(
            try TrainingRecord.trainingSeconds(in: Data(#"{"a": [1, {"b": null}], "training_seconds": 2.5}"#.utf8))
                == 2.5)
        #expect(try TrainingRecord.trainingSeconds(in: Data(#"{"model": "m"}"#.utf8)) == nil)
        #expect(throws: JSONReadError.self) { try TrainingRecord.trainingSeconds(in: Data(#"{"a": [1,}"#.utf8)) }
    }
}
