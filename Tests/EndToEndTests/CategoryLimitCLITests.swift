import Foundation
import Testing

/// A categorical field of more categories than a model keeps, through the real executables
/// (trial22 #1): `data inspect`, `new` and `train` warn naming the rarest categories and their
/// rows, training.json records them, and `modelpress predict` and predict.cgi say that a version
/// does not keep them, where they used to say another version was trained on them.
@Suite struct CategoryLimitCLITests {
    /// `zip,tenure,label`: 300 zips `Z0000`…`Z0299`; the first 46 in byte order in one row
    /// each, the others in four, so the rarest are the first (a model used to keep the first 254).
    static func csv() -> String {
        var text = "zip,tenure,label\n"
        for c in 0..<300 {
            for r in 0..<(c < 46 ? 1 : 4) {
                text += "Z\(String(format: "%04d", 299 - c)),\(r * 3 + c % 5),\(c % 3 == 0 ? "yes" : "no")\n"
            }
        }
        return text
    }

    @Test func theRarestCategoriesAreWarnedAboutRecordedAndNoted() throws {
        let folder = try DataCommandsTests().scratch(Self.csv())
        defer { folder.remove() }
        let file = "research/data/birds/birds.csv"
        // The rarest are Z0254…Z0299 here (written 299 - c), as in the trial's file.
        let rarest =
            "300 categories, and a model keeps at most 254 (the most frequent): the 46 rarest ('Z0254', 'Z0255', "
            + "'Z0256', 'Z0257', 'Z0258', … (46 in all); "
        let advice =
            "are scored as missing values; group the rare levels into one (such as 'other') before export, or add "
            + "the column to ignore = [...] if it identifies rows"
        let inspected = try run(Executables.modelpress, ["data", "inspect", file], in: folder.url)
        #expect(inspected.status == 0, "\(inspected.errorOutput)")
        #expect(
            inspected.output.contains(
                "\(file) (column 'zip'): \(rarest)46 of 1062 rows, 4.3%) \(advice)"), "\(inspected.output)")

        let created = try run(
            Executables.modelpress, ["new", "churnzip", "--data", file, "--label", "label", "--by", "t"],
            in: folder.url)
        #expect(created.status == 0, "\(created.errorOutput)")
        // `new` holds out a seeded split: the counts are of the training rows, which lack some
        // of the rarest.
        #expect(
            created.errorOutput.contains("categories, and a model keeps at most 254 (the most frequent): the "),
            "\(created.errorOutput)")
        #expect(created.errorOutput.contains(" training rows, "), "\(created.errorOutput)")

        // Trained on the whole file (its own test file), every zip is a training category.
        let pipeline = "research/pipelines/churnzip_random_forest.toml"
        let pipelineURL = folder.url.appendingPathComponent(pipeline)
        let text = try String(contentsOf: pipelineURL, encoding: .utf8)
        #expect(text.contains("training = \"\(file)\"\n"), "\(text)")
        try Data(
            text.replacingOccurrences(
                of: "training = \"\(file)\"\n", with: "training = \"\(file)\"\ntest = \"\(file)\"\n"
            ).utf8
        ).write(to: pipelineURL)
        let trained = try run(Executables.modelpress, ["train", pipeline, "--by", "t"], in: folder.url)
        #expect(trained.status == 0, "\(trained.errorOutput)")
        #expect(
            trained.errorOutput.contains("\(file) (column 'zip'): \(rarest)46 of 1062 rows, 4.3%) \(advice)"),
            "\(trained.errorOutput)")
        let record = try String(
            contentsOf: folder.url.appendingPathComponent(
                "research/artifacts/churnzip/random_forest/1.0.0/training.json"), encoding: .utf8)
        #expect(record.contains("\"categories_not_kept\""), "\(record)")
        #expect(record.contains("\"Z0299\""))

        // Z0299 is in the training file and rare; Z0010 is frequent and kept (it was past the 254th).
        let input = folder.url.appendingPathComponent("zips.csv")
        try Data("zip,tenure\nZ0299,3\nZ0010,3\nZ0254,4\n".utf8).write(to: input)
        let predicted = try run(
            Executables.modelpress, ["predict", "churnzip/random_forest@1.0.0", "--input", input.path], in: folder.url)
        #expect(predicted.status == 0, "\(predicted.errorOutput)")
        #expect(
            predicted.errorOutput.contains(
                "note: zip: 2 values ('Z0299', 'Z0254') are among the 46 rare categories "
                    + "churnzip/random_forest@1.0.0 does not keep (it keeps the 254 most frequent); scored as missing "
                    + "values"), "\(predicted.errorOutput)")
        #expect(!predicted.errorOutput.contains("another version"), "\(predicted.errorOutput)")

        // predict.cgi says the same to a client.
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("var"), withIntermediateDirectories: true)
        let body = #"{"zip":"Z0299","tenure":12}"#
        let result = try run(
            Executables.predictCGI,
            environment: [
                "REQUEST_METHOD": "POST", "PATH_INFO": "/churnzip/predict",
                "QUERY_STRING": "model=random_forest&version=1.0.0", "CONTENT_TYPE": "application/json",
                "CONTENT_LENGTH": "\(body.utf8.count)", "MODELPRESS_DEPLOYMENT": folder.url.path,
            ], input: Data(body.utf8))
        let answer = try #require(result.output.components(separatedBy: "\r\n\r\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])
        let notes = try #require(json["notes"] as? [String], "\(json)")
        #expect(notes.count == 1)
        #expect(
            notes == [
                "zip 'Z0299' is one of the 46 rare categories churnzip/random_forest@1.0.0 does not keep (it keeps the "
                    + "254 most frequent); it was scored as a missing value"
            ])
    }
}
