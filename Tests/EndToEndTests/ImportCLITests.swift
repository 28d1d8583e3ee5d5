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
        let folder = try TemporaryFolder.repository("modelpress-import", copying: ["data/penguins", "registry"])
        let research = folder.url.appendingPathComponent("research")
        let imports = research.appendingPathComponent("imports")
        try FileManager.default.createDirectory(at: imports, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.fixtures.appendingPathComponent("\(fixture).txt"),
            to: imports.appendingPathComponent("species.txt"))
        try """
        endpoint = "penguin_species"
        model = "lightgbm"
        version = "0.0.1"
        trained_on = "split"
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
        for file in ["model.bin", "training.json", "evaluation.json", "reference.json"] {
            #expect(FileManager.default.fileExists(atPath: artifact.appendingPathComponent(file).path), "\(file)")
        }
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: artifact.appendingPathComponent("training.json")))
                as? [String: Any])
        let source = try #require(record["source"] as? [String: Any])
        #expect(
            source["library"] as? String == "LightGBM"
                && source["library_version"] as? String == "(library version not recorded; model format v4)")
        #expect(source["trained_on"] as? String == "split")
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

    /// The repository's import pipeline with `text` replaced.
    func edit(_ folder: TemporaryFolder, replacing text: String, with replacement: String) throws -> URL {
        let pipeline = folder.url.appendingPathComponent("research/imports/species.toml")
        try String(contentsOf: pipeline, encoding: .utf8).replacingOccurrences(of: text, with: replacement)
            .write(to: pipeline, atomically: true, encoding: .utf8)
        return pipeline
    }

    func importing(_ arguments: [String], in folder: TemporaryFolder) throws -> ProcessResult {
        try run(Executables.modelpress, ["import"] + arguments + ["--by", "t"], in: folder.url)
    }

    @Test func aMissingFileIsAFileErrorNotAUsageError() throws {
        let folder = try repository("lightgbm-multiclass")
        defer { folder.remove() }
        let missing = try importing(["nosuch.txt", "--pipeline", "research/imports/species.toml"], in: folder)
        #expect(missing.status == 1)
        #expect(
            missing.errorOutput.hasPrefix("error: nosuch.txt: cannot read the model file: no such file (the path is "),
            "\(missing.errorOutput)")
        #expect(!missing.errorOutput.contains("Usage"))
        let folderGiven = try importing(["research", "--pipeline", "research/imports/species.toml"], in: folder)
        #expect(folderGiven.errorOutput.hasPrefix("error: research: cannot read the model file: a folder, not a file"))
    }

    @Test func withoutATestFileThePipelineMustSayTheSplitWasHeldOut() throws {
        let folder = try repository("lightgbm-multiclass")
        defer { folder.remove() }
        let pipeline = try edit(folder, replacing: "trained_on = \"split\"\n", with: "")
        let refused = try importing(["research/imports/species.txt", "--pipeline", pipeline.path], in: folder)
        #expect(refused.status == 1)
        #expect(
            refused.errorOutput.contains(
                "species.toml: [data] has no `test` file, so the model would be evaluated on rows a seeded split holds "
                    + "out of research/data/penguins/penguins.csv"), "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("add `trained_on = \"split\"` to the pipeline"))
        #expect(
            !FileManager.default.fileExists(
                atPath: folder.url.appendingPathComponent("research/artifacts/penguin_species/lightgbm").path))
    }

    @Test func aFeatureThePipelineIgnoresIsNotAdvisedToBeIgnored() throws {
        let folder = try repository("lightgbm-multiclass")
        defer { folder.remove() }
        let pipeline = try edit(
            folder, replacing: "ignore = [\"year\"]", with: "ignore = [\"year\", \"bill_length_mm\"]")
        let refused = try importing(
            ["research/imports/species.txt", "--pipeline", pipeline.path, "--no-register"], in: folder)
        #expect(refused.status == 1)
        #expect(
            refused.errorOutput.contains(
                "error: research/imports/species.txt:8: the model does not match the declared data: the model has the "
                    + "feature 'bill_length_mm', and the pipeline's [data] lists it in `ignore`"),
            "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("remove 'bill_length_mm' from `ignore`"))
    }

    /// An import pipeline in research/imports/ edited after its version was registered is named
    /// with its edits by `import`, `verify` and `registry check`, as a training pipeline is.
    @Test func anEditedImportPipelineIsNamedLikeAnEditedTrainingPipeline() throws {
        let folder = try repository("lightgbm-multiclass")
        defer { folder.remove() }
        let imported = try importing(
            ["research/imports/species.txt", "--pipeline", "research/imports/species.toml"], in: folder)
        try #require(imported.status == 0, "\(imported.errorOutput)")
        _ = try edit(folder, replacing: "ignore = [\"year\"]", with: "ignore = [\"year\"]\ntest_fraction = 0.3")
        let edit = "(recorded → in the file: data.test_fraction: 0.2 → 0.3)"
        let again = try importing(
            ["research/imports/species.txt", "--pipeline", "research/imports/species.toml"], in: folder)
        #expect(again.status == 1)
        #expect(
            again.errorOutput.contains("no longer describes the registered \(Self.version) \(edit)"),
            "\(again.errorOutput)")
        let verified = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(verified.status == 1)
        #expect(verified.output.contains("research/imports/species.toml: no longer describes"), "\(verified.output)")
        #expect(verified.output.contains(edit))
        let checked = try run(Executables.modelpress, ["registry", "check"], in: folder.url)
        #expect(checked.status == 1)
        #expect(checked.output.contains(edit), "\(checked.output)")
    }

    /// A field the endpoint's schema has and no tree splits on (the model was trained without
    /// `year`) is named, since requests must still send it.
    @Test func aFieldNoTreeSplitsOnIsNamed() throws {
        let folder = try repository("lightgbm-multiclass")
        defer { folder.remove() }
        let usual = try importing(
            ["research/imports/species.txt", "--pipeline", "research/imports/species.toml", "--no-register"],
            in: folder)
        #expect(usual.status == 0, "\(usual.errorOutput)")
        #expect(!usual.output.contains("no tree splits on"), "\(usual.output)")
        let pipeline = try edit(folder, replacing: "ignore = [\"year\"]", with: "")
        let imported = try importing(
            ["research/imports/species.txt", "--pipeline", pipeline.path, "--no-register"], in: folder)
        #expect(imported.status == 0, "\(imported.errorOutput)")
        #expect(
            imported.output.contains("note: no tree splits on year; requests must still send it"),
            "\(imported.output)")
    }

    /// LightGBM's binary model of income scores P(>50K); declared with `positive = "<=50K"`, its
    /// ROC AUC on adult.test is far below 0.5, and the import says which positive to declare
    /// (with `>50K`, the fixture tests show, it predicts what LightGBM predicts).
    @Test func aBinaryModelWhoseClassesAreBackwardsIsRefused() throws {
        let folder = try repository("lightgbm-binary")
        defer { folder.remove() }
        try FileManager.default.copyItem(
            at: Executables.repositoryRoot.appendingPathComponent("research/data/adult"),
            to: folder.url.appendingPathComponent("research/data/adult"))
        let pipeline = folder.url.appendingPathComponent("research/imports/income.toml")
        try """
        endpoint = "income_backwards"
        model = "lightgbm"
        version = "0.0.1"
        \(AdultPipeline.data)
        positive = "<=50K"
        """.write(to: pipeline, atomically: true, encoding: .utf8)
        let refused = try importing(
            ["research/imports/species.txt", "--pipeline", pipeline.path, "--no-register"], in: folder)
        #expect(refused.status == 1)
        #expect(
            refused.errorOutput.contains(
                "error: research/imports/species.txt: the model's score ranks the 16281 test rows backwards (ROC AUC 0."
            ),
            "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("declare positive = \">50K\" in [data] of \(pipeline.path)"))
        #expect(
            !FileManager.default.fileExists(
                atPath: folder.url.appendingPathComponent("research/artifacts/income_backwards").path))
    }
}
