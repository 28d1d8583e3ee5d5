import Foundation
import Testing

/// Trial24 #1: a number outside "the training rows' range" is judged against the range of the
/// version that answers (its training.json's, carried in serving.json), not against the range
/// of the endpoint's first version, in predict.cgi's answer and in `modelpress predict`.
@Suite struct TrainingRangeNoteTests {
    /// CategorySpellingTests' rows (spend 10 to 46), then 21 more whose spend runs 100 to 200.
    static func widerCSV() -> String {
        var text = CategorySpellingTests.csv()
        for i in 0...20 { text += "\(200 + i),pro,\(100 + i * 5),yes\n" }
        return text
    }

    @Test func eachVersionIsJudgedByItsOwnTrainingRows() throws {
        let folder = try DataCommandsTests().scratch(CategorySpellingTests.csv())
        defer { folder.remove() }
        let cases = CategorySpellingTests()
        let data = folder.url.appendingPathComponent("research/data/birds")
        try Data(Self.widerCSV().utf8).write(to: data.appendingPathComponent("wider.csv"))
        try writeChecksums(of: ["birds.csv", "wider.csv"], in: data)
        let created = try run(
            Executables.modelpress,
            ["new", "churn", "--data", "research/data/birds/birds.csv", "--label", "label", "--ignore", "id"],
            in: folder.url)
        #expect(created.status == 0, "\(created.errorOutput)")
        for (version, file) in [("1.0.0", "birds.csv"), ("1.1.0", "wider.csv")] {
            let pipeline = folder.url.appendingPathComponent("forest-\(version).toml")
            try Data(CategorySpellingTests.pipeline(version: version, data: file).utf8).write(to: pipeline)
            let trained = try run(Executables.modelpress, ["train", pipeline.path, "--by", "t"], in: folder.url)
            #expect(trained.status == 0, "\(trained.errorOutput)")
        }

        // serving.json carries each version's own range.
        let snapshot = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.url.appendingPathComponent("research/registry/serving.json")))
                as? [String: Any])
        let versions = try #require(
            ((snapshot["endpoints"] as? [String: Any])?["churn"] as? [String: Any])?["versions"] as? [[String: Any]])
        let ranges = versions.map { ($0["training_ranges"] as? [String: [Double]])?["spend"] }
        #expect(ranges == [[10, 46], [10, 200]], "\(versions)")

        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("var"), withIntermediateDirectories: true)
        let inside = try cases.predict(#"{"plan":"pro","spend":150}"#, version: "1.1.0", root: folder.url)
        #expect(inside["status"] as? String == "OK", "\(inside)")
        #expect(inside["notes"] == nil, "150 is within 1.1.0's rows: \(inside)")
        let above = try cases.predict(#"{"plan":"pro","spend":250}"#, version: "1.1.0", root: folder.url)
        #expect(
            above["notes"] as? [String] == [
                "spend 250 is outside the training rows' range (10 to 200); it was scored as the largest (200)"
            ], "\(above)")
        let older = try cases.predict(#"{"plan":"pro","spend":150}"#, version: "1.0.0", root: folder.url)
        #expect(
            older["notes"] as? [String] == [
                "spend 150 is outside the training rows' range (10 to 46); it was scored as the largest (46)"
            ], "\(older)")

        // `modelpress predict` counts against the same range: 1.1.0 scores its own file without a note.
        let own = try run(
            Executables.modelpress, ["predict", "churn/forest@1.1.0", "--input", "research/data/birds/wider.csv"],
            in: folder.url)
        #expect(own.status == 0, "\(own.errorOutput)")
        #expect(!own.errorOutput.contains("training rows' range"), "\(own.errorOutput)")
        let first = try run(
            Executables.modelpress, ["predict", "churn/forest@1.0.0", "--input", "research/data/birds/wider.csv"],
            in: folder.url)
        #expect(
            first.errorOutput.contains(
                "note: spend: 21 values above the training rows' range (10 to 46), scored as the largest (46)"),
            "\(first.errorOutput)")
    }
}
