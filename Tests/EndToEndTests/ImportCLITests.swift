import Foundation
import Testing

/// `modelpress import` on a copy of the repository's penguin data and registry, with the
/// committed LightGBM fixtures, then `verify`, `ls` and `predict` on what it made.
@Suite struct ImportCLITests {
    static let version = "penguin_species/lightgbm@0.0.1"
    static let fixtures = Executables.repositoryRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/import")

    /// A repository with the penguin data, the committed registry, a pipeline for import and
    /// the LightGBM model `fixture` under research/imports/.
    func repository(_ fixture: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder("modelpress-import")
        let research = folder.url.appendingPathComponent("research")
        try FileManager.default.createDirectory(
            at: research.appendingPathComponent("data"), withIntermediateDirectories: true)
        for part in ["data/penguins", "registry"] {
            try FileManager.default.copyItem(
                at: Executables.repositoryRoot.appendingPathComponent("research/\(part)"),
                to: research.appendingPathComponent(part))
        }
        let imports = research.appendingPathComponent("imports")
        try FileManager.default.createDirectory(at: imports, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.fixtures.appendingPathComponent("\(fixture).txt"),
            to: imports.appendingPathComponent("species.txt"))
        try """
        endpoint = "penguin_species"
        model = "lightgbm"
        version = "0.0.1"
        [data]
        training = "research/data/penguins/penguins.csv"
        label = "species"
        task = "multiclass"
        ignore = ["year"]
        """.write(to: imports.appendingPathComponent("species.toml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func importsRegistersVerifiesAndPredictsLikeLightGBM() throws {
        let folder = try repository("lightgbm-multiclass")
        defer { folder.remove() }
        let imported = try run(
            Executables.modelpress,
            ["import", "research/imports/species.txt", "--pipeline", "research/imports/species.toml", "--by", "t"],
            in: folder.url)
        try #require(imported.status == 0, "\(imported.output)\(imported.errorOutput)")
        #expect(imported.output.contains("[\(Self.version)] registered in testing"))
        let artifact = folder.url.appendingPathComponent("research/artifacts/penguin_species/lightgbm/0.0.1")
        for file in ["model.bin", "training.json", "evaluation.json"] {
            #expect(FileManager.default.fileExists(atPath: artifact.appendingPathComponent(file).path), "\(file)")
        }
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: artifact.appendingPathComponent("training.json")))
                as? [String: Any])
        let source = try #require(record["source"] as? [String: Any])
        #expect(source["library"] as? String == "LightGBM" && source["library_version"] as? String == "v4")
        #expect(source["path"] as? String == "research/imports/species.txt" && source["kept"] as? Bool == true)
        #expect(
            record["hyperparameters"] as? [String: String] == [:]
                && record["trainer"] as? String == "modelpress-import/1")

        let listed = try run(Executables.modelpress, ["ls"], in: folder.url)
        #expect(listed.output.contains("lightgbm@0.0.1") && listed.output.contains("testing"))
        let verified = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(verified.status == 0, "\(verified.errorOutput)")
        #expect(
            verified.output.hasPrefix(
                "\(Self.version): imported: research/imports/species.txt converts to the same bytes again"))

        // The first fixture row, as `modelpress predict` scores it, is LightGBM's prediction.
        let expected = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.fixtures.appendingPathComponent("lightgbm-multiclass.expected.json")))
                as? [String: Any])
        let fields = try #require(expected["fields"] as? [String])
        let row = try #require((expected["rows"] as? [[String]])?.first)
        let scores = try #require((expected["scores"] as? [[Double]])?.first)
        let input = folder.url.appendingPathComponent("row.csv")
        try (fields.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let predicted = try run(
            Executables.modelpress, ["predict", Self.version, "--input", input.path], in: folder.url)
        #expect(predicted.status == 0, "\(predicted.errorOutput)")
        let lines = predicted.output.split(separator: "\n")
        let header = try #require(lines.first).split(separator: ",").map(String.init)
        let cells = try #require(lines.dropFirst().first).split(separator: ",").map(String.init)
        for (c, name) in ["probability_Adelie", "probability_Chinstrap", "probability_Gentoo"].enumerated() {
            let column = try #require(header.firstIndex(of: name))
            #expect(abs((Double(cells[column]) ?? .nan) - scores[c]) <= 1e-6, "\(name)")
        }
    }

    @Test func refusesOneVersusAllAndLeavesNothing() throws {
        let folder = try repository("lightgbm-multiclassova")
        defer { folder.remove() }
        let imported = try run(
            Executables.modelpress,
            ["import", "research/imports/species.txt", "--pipeline", "research/imports/species.toml", "--by", "t"],
            in: folder.url)
        #expect(imported.status != 0)
        #expect(
            imported.errorOutput.contains(
                "research/imports/species.txt:7: not supported: objective 'multiclassova' (one-vs-all"),
            "\(imported.errorOutput)")
        #expect(
            !FileManager.default.fileExists(
                atPath: folder.url.appendingPathComponent("research/artifacts/penguin_species/lightgbm").path))
        let listed = try run(Executables.modelpress, ["ls"], in: folder.url)
        #expect(!listed.output.contains("lightgbm@0.0.1"))
    }
}
