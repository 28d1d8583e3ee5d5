import Foundation
import Testing

/// What `data inspect` warns about and `new` and `train` warn about or refuse, with the same
/// words, through the real executable (trial19 #4, #6, #9, #13): column names with hidden
/// characters, classes and categories that are one number written two ways, a wrong separator,
/// a class too small for the leaf size. A refusal writes nothing.
@Suite struct DataRefusalTests {
    static let file = "research/data/birds/birds.csv"

    /// Whether `new` left anything behind in `folder`: a sums line, a registry, a pipeline, a card.
    static func wroteNothing(_ folder: TemporaryFolder) -> Bool {
        [
            "research/data/birds/SHA256SUMS", "research/data/birds/.gitattributes", "research/registry",
            "research/pipelines", "research/cards", "site",
        ].allSatisfy { path in
            !FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(path).path)
        }
    }

    /// The text of an error line after the file's path: what `new` and `train` both say.
    static func reason(_ output: String) -> String? {
        output.split(separator: "\n").first { $0.contains("birds.csv") && $0.contains("error") }.flatMap { line in
            line.range(of: "birds.csv").map { String(line[$0.upperBound...]) }
        }
    }

    /// A pipeline for `birds/forest@1.0.0` on the scratch file, with `extra` lines in `[data]`.
    static func pipeline(_ extra: String = "", leaf: Int? = nil) -> String {
        DataCommandsTests.pipeline(endpoint: "birds") + "\n" + extra
            + (leaf.map { "\n[hyperparameters]\ntrees = 5\nmin_samples_leaf = \($0)\n" } ?? "")
    }

    /// `new birds` and then `train --no-register` of `pipeline()` on the scratch file, once its
    /// sums are written: both must fail, `new` having written nothing. Their runs and the
    /// pipeline file.
    static func newAndTrainRefuse(
        _ folder: TemporaryFolder
    ) throws -> (
        created: ProcessResult, trained: ProcessResult, pipeline: URL
    ) {
        let created = try run(
            Executables.modelpress, ["new", "birds", "--data", Self.file, "--label", "label"], in: folder.url)
        #expect(created.status == 1)
        #expect(Self.wroteNothing(folder))
        try writeChecksums(of: ["birds.csv"], in: folder.url.appendingPathComponent("research/data/birds"))
        let pipeline = folder.url.appendingPathComponent("p.toml")
        try Data(Self.pipeline().utf8).write(to: pipeline)
        let trained = try run(Executables.modelpress, ["train", pipeline.path, "--no-register"], in: folder.url)
        #expect(trained.status != 0)
        return (created, trained, pipeline)
    }

    @Test func hiddenCharactersInANameAreShownEscapedAndRefusedBeforeAnythingIsWritten() throws {
        var text = "id,\"col\u{7}bell\",note,label\n"
        for i in 0..<30 { text += "\(i % 9),\(["a", "b"][i % 2]),\(i == 3 ? "bidi\u{202E}evil" : "ok"),\(i % 2)\n" }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let inspected = try run(Executables.modelpress, ["data", "inspect", Self.file], in: folder.url)
        #expect(inspected.status == 0, "\(inspected.errorOutput)")
        #expect(!inspected.output.unicodeScalars.contains { $0 == "\u{7}" || $0 == "\u{202E}" }, "\(inspected.output)")
        #expect(inspected.output.contains("'bidi\\u202eevil'"), "\(inspected.output)")
        let said =
            ", column 2 (field 'col\\x07bell'): the column's name has the control character U+0007 at character 4, "
            + "and a field's name must read as typed (forms, JSON, URLs and pages carry it); rename the column in "
            + "the header row, or add it to ignore = [...] if it is no input"
        #expect(inspected.output.contains("birds.csv\(said)"), "\(inspected.output)")

        let (created, trained, pipeline) = try Self.newAndTrainRefuse(folder)
        #expect(Self.reason(created.errorOutput) == said, "\(created.errorOutput)")
        #expect(!created.output.contains("added"), "\(created.output)")
        #expect(Self.reason(trained.errorOutput) == said, "\(trained.errorOutput)")
        // Ignored, the column may keep its name; the kinds line shows names as data inspect does.
        try Data(Self.pipeline("ignore = [\"col\\u0007bell\"]").utf8).write(to: pipeline)
        let ignored = try run(Executables.modelpress, ["train", pipeline.path, "--no-register"], in: folder.url)
        #expect(ignored.status == 0, "\(ignored.errorOutput)")
        #expect(ignored.output.contains("kinds: id numeric, note categorical"), "\(ignored.output)")
    }

    /// A NUL inside a category: inspect warns, `new` refuses before writing anything, and
    /// `train --no-register` refuses too (trial36 #2: `new` stopped at the registry's check,
    /// after writing the pipeline, the card and the site; train kept the category).
    @Test func aControlCharacterInACategoryIsRefusedBeforeAnythingIsWritten() throws {
        var text = "id,colour,label\n"
        for i in 0..<30 { text += "\(i % 9),\(i == 4 ? "re\u{0}d" : ["red", "blue"][i % 2]),\(i % 2)\n" }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let said =
            ":6, column 2 (field 'colour'): the category 're\\x00d' has the control character U+0000 at character 3"
        let inspected = try run(Executables.modelpress, ["data", "inspect", Self.file], in: folder.url)
        #expect(inspected.status == 0, "\(inspected.errorOutput)")
        #expect(inspected.output.contains("birds.csv\(said)"), "\(inspected.output)")
        #expect(!inspected.output.unicodeScalars.contains("\u{0}"))
        let labelled = try run(
            Executables.modelpress, ["data", "inspect", Self.file, "--label", "label"], in: folder.url)
        #expect(labelled.status == 1)
        #expect(
            labelled.errorOutput.contains("new and train refuse this file for the warning above (line 6, column 2)"),
            "\(labelled.errorOutput)")

        let (created, trained, _) = try Self.newAndTrainRefuse(folder)
        #expect(Self.reason(created.errorOutput)?.hasPrefix(said) == true, "\(created.errorOutput)")
        #expect(Self.reason(trained.errorOutput)?.hasPrefix(said) == true, "\(trained.errorOutput)")
    }

    /// The label's name with a hidden character is refused without advising to ignore it (the
    /// label cannot be), and a value with a no-break space is shown escaped, the space named
    /// (trial21 #9).
    @Test func aHiddenCharacterInTheLabelsNameIsRefusedWithoutIgnoreAdvice() throws {
        var text = "amount,\"lab\u{202E}el\"\n"
        for i in 0..<30 { text += "\(1 + i % 9)\u{00A0}\(100 + i * 7),\(i % 2)\n" }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let said =
            ", column 2 (field 'lab\\u202eel'): the column's name has the invisible format character U+202E at "
            + "character 4, and a field's name must read as typed (forms, JSON, URLs and pages carry it); rename the "
            + "column in the header row and name it so in label = \"…\" (--label with data inspect and new)"
        let created = try run(
            Executables.modelpress, ["new", "birds", "--data", Self.file, "--label", "lab\u{202E}el"], in: folder.url)
        #expect(created.status == 1)
        #expect(Self.reason(created.errorOutput) == said, "\(created.errorOutput)")
        let inspected = try run(
            Executables.modelpress, ["data", "inspect", Self.file, "--label", "lab\u{202E}el"], in: folder.url)
        #expect(inspected.output.contains("birds.csv\(said)"), "\(inspected.output)")
        #expect(!inspected.output.unicodeScalars.contains("\u{00A0}"), "\(inspected.output)")
        #expect(
            inspected.output.contains(
                "numbers such as '1\\u00a0100' have no-break spaces (U+00A0) grouping thousands, which modelpress "
                    + "does not read: remove them when exporting (1100)"),
            "\(inspected.output)")
    }

    @Test func classesThatAreOneNumberAreRefusedAndSuchCategoriesWarnedAbout() throws {
        var text = "code,\"a,b\",label\n"
        for i in 0..<40 { text += "\(["2", "2.0", "x"][i % 3]),\(i % 7),\(["0", "0.0", "1", "1.0"][i % 4])\n" }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let created = try run(
            Executables.modelpress, ["new", "birds", "--data", Self.file, "--label", "label"], in: folder.url)
        #expect(created.status == 1)
        #expect(
            Self.reason(created.errorOutput)
                == ", column 3 (field 'label'): the label has classes that read as the same number: '0' (10 rows), "
                + "'0.0' (10 rows); '1' (10 rows), '1.0' (10 rows); one class written two ways would be learned as two, "
                + "and its rows split between them (pandas writes whole numbers as 0.0 in a column with a missing "
                + "value, so joined exports mix both); write each number one way in the file (every '0.0' as '0', "
                + "every '1.0' as '1')", "\(created.errorOutput)")
        #expect(Self.wroteNothing(folder))

        // Written one way, the label trains; the code column's two spellings of 2 are named.
        let fixed = text.replacingOccurrences(of: ",0.0\n", with: ",0\n").replacingOccurrences(
            of: ",1.0\n", with: ",1\n")
        try Data(fixed.utf8).write(to: folder.url.appendingPathComponent(Self.file))
        let again = try run(
            Executables.modelpress, ["new", "birds", "--data", Self.file, "--label", "label"], in: folder.url)
        #expect(again.status == 0, "\(again.errorOutput)")
        #expect(
            again.errorOutput.contains(
                "(column 'code'): categories that read as the same number are learned as different ones: '2' (14 rows), "
                    + "'2.0' (13 rows); write each number one way in the file (every '2.0' as '2')"),
            "\(again.errorOutput)")
        #expect(again.output.contains("kinds: code categorical, 'a,b' numeric"), "\(again.output)")
    }

    @Test func aWrongSeparatorIsNamedByNewAndTrain() throws {
        let folder = try DataCommandsTests().scratch(
            "a,code,y\n" + (0..<30).map { "\($0 % 4),c\($0 % 3),\($0 % 2)\n" }.joined())
        defer { folder.remove() }
        let said =
            " (field 'y'): label 'y' is not a column of the file (its only column is 'a,code,y'); the header is one "
            + "column with 2 commas and no semicolon, so every row is read as one value; declare separator = \",\" "
            + "(--separator ','), or leave it out to have it detected"
        let created = try run(
            Executables.modelpress, ["new", "birds", "--data", Self.file, "--label", "y", "--separator", ";"],
            in: folder.url)
        #expect(created.status == 1)
        #expect(Self.reason(created.errorOutput) == said, "\(created.errorOutput)")
        #expect(Self.wroteNothing(folder))
        try writeChecksums(of: ["birds.csv"], in: folder.url.appendingPathComponent("research/data/birds"))
        let pipeline = folder.url.appendingPathComponent("p.toml")
        try Data(
            Self.pipeline("separator = \";\"").replacingOccurrences(of: "label = \"label\"", with: "label = \"y\"").utf8
        )
        .write(to: pipeline)
        let trained = try run(Executables.modelpress, ["train", pipeline.path, "--no-register"], in: folder.url)
        #expect(trained.status != 0)
        #expect(Self.reason(trained.errorOutput) == said, "\(trained.errorOutput)")
        let tab = try run(
            Executables.modelpress, ["data", "inspect", Self.file, "--separator", "tab"], in: folder.url)
        #expect(tab.output.contains("the header is one column with 2 commas and no tab, so"), "\(tab.output)")
    }

    /// `new` writes min_samples_leaf = 20 for 10,000 rows, so a class of 3 rows can never be
    /// predicted: `new` and `train` say so and what to set; with leaves of 1 the warning is the
    /// small-class one alone.
    @Test func aClassTooSmallForTheLeafSizeIsNamedByNewAndTrain() throws {
        var text = "a,b,label\n"
        for i in 0..<9_997 { text += "\(i % 10),\(i % 7),\(["p", "q", "r"][i % 3])\n" }
        text += "1,1,rare\n2,2,rare\n3,3,rare\n"
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let leaf =
            "with min_samples_leaf = 20 every leaf holds at least 20 training rows, at most 2 of this class, so it is "
            + "never the most frequent class of a leaf and the model (practically) never predicts it; set "
            + "min_samples_leaf = 2 or less in [hyperparameters] for it to be predicted"
        let created = try run(
            Executables.modelpress, ["new", "birds", "--data", Self.file, "--label", "label"], in: folder.url)
        #expect(created.status == 0, "\(created.errorOutput)")
        #expect(created.errorOutput.contains("class 'rare' has 3 rows, 1 of them held out for testing"))
        #expect(created.errorOutput.contains(leaf), "\(created.errorOutput)")
        let written = folder.url.appendingPathComponent("research/pipelines/birds_random_forest.toml")
        #expect(try String(contentsOf: written, encoding: .utf8).contains("min_samples_leaf = 20\n"))
        #expect(try String(contentsOf: written, encoding: .utf8).contains("# min_samples_leaf: 20 for 10,000 rows"))
        let trained = try run(Executables.modelpress, ["train", written.path, "--no-register"], in: folder.url)
        #expect(trained.status == 0, "\(trained.errorOutput)")
        #expect(trained.errorOutput.contains(leaf), "\(trained.errorOutput)")
        let pipeline = folder.url.appendingPathComponent("p.toml")
        try Data(Self.pipeline(leaf: 1).utf8).write(to: pipeline)
        let small = try run(Executables.modelpress, ["train", pipeline.path, "--no-register"], in: folder.url)
        #expect(small.status == 0, "\(small.errorOutput)")
        #expect(small.errorOutput.contains("class 'rare' has 3 rows"), "\(small.errorOutput)")
        #expect(!small.errorOutput.contains("min_samples_leaf"), "\(small.errorOutput)")
    }
}
