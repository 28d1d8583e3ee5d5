import Foundation
import Testing

/// Numbers written with a decimal comma or thousands separators, through the real executable
/// (trial20 #1, #2): `new` keeps such a column and gives `data inspect`'s advice, refuses an
/// endpoint with no input and a label of such numbers; `train` refuses a pipeline with no input
/// before training and warns about grouping it would read as decimals.
@Suite struct NumberFormatCLITests {
    static let file = DataRefusalTests.file

    /// `modelpress new birds` on the scratch file with label `label`, and `options`.
    static func new(in folder: TemporaryFolder, _ options: String...) throws -> ProcessResult {
        try run(
            Executables.modelpress, ["new", "birds", "--data", file, "--label", "label"] + options, in: folder.url)
    }

    /// The warning lines of `output` about column `name`, without `warning: `.
    static func warnings(_ output: String, column name: String) -> [String] {
        output.split(separator: "\n").map { String($0) }.compactMap { line in
            let text = line.hasPrefix("warning: ") ? String(line.dropFirst("warning: ".count)) : line
            return text.contains("(column '\(name)')") ? text : nil
        }
    }

    @Test func newKeepsNumbersWithSeparatorsAndGivesInspectsAdvice() throws {
        var text = "w,amount,fr,ch,label\n"
        for i in 0..<60 {
            let amount = i % 5 == 0 ? "\(300 + i)" : "\"\(1 + i % 9),\(100 + i * 7)\""
            // Swiss exports group with apostrophes, typographic ones too (trial21 #2).
            let ch = "\(1 + i % 9)\(i % 2 == 0 ? "'" : "\u{2019}")\(100 + i * 7).\(10 + i)"
            text += "\"\(40 + i),\(i % 10)\",\(amount),\(1 + i % 9) \(100 + i * 7),\(ch),\(i % 2)\n"
        }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let inspected = try run(Executables.modelpress, ["data", "inspect", Self.file], in: folder.url)
        #expect(inspected.status == 0, "\(inspected.errorOutput)")
        let created = try Self.new(in: folder)
        #expect(created.status == 0, "\(created.errorOutput)")
        #expect(!created.output.contains("identifier") && !created.errorOutput.contains("identifier"))
        #expect(created.output.contains("created endpoint birds (4 fields, binary)"), "\(created.output)")
        for (column, words) in [
            ("w", "written with a decimal comma; declare decimal = \",\""), ("amount", "commas grouping thousands"),
            ("fr", "spaces grouping thousands"), ("ch", "apostrophes grouping thousands"),
        ] {
            let said = Self.warnings(inspected.output, column: column)
            #expect(said.count == 1 && said[0].contains(words), "\(inspected.output)")
            #expect(Self.warnings(created.errorOutput, column: column) == said, "\(created.errorOutput)")
        }
    }

    @Test func anEndpointWithNoInputIsRefusedByNewAndTrain() throws {
        let folder = try DataCommandsTests().scratch("id,label\n" + (0..<40).map { "\(100 + $0),\($0 % 2)\n" }.joined())
        defer { folder.remove() }
        let created = try Self.new(in: folder)
        #expect(created.status == 1)
        #expect(
            created.errorOutput.contains(
                "\(Self.file): no input fields are left besides the label 'label', and an endpoint needs at least one "
                    + "(nothing was written): left out as unlikely inputs: 'id' (probably an identifier: nearly "
                    + "consecutive, 100 to 139); keep one with --keep id if it is an input"),
            "\(created.errorOutput)")
        #expect(DataRefusalTests.wroteNothing(folder))
        let kept = try Self.new(in: folder, "--keep", "id")
        #expect(kept.status == 0, "\(kept.errorOutput)")

        let pipeline = folder.url.appendingPathComponent("p.toml")
        try Data(DataRefusalTests.pipeline("ignore = [\"id\"]").utf8).write(to: pipeline)
        let trained = try run(Executables.modelpress, ["train", pipeline.path, "--no-register"], in: folder.url)
        #expect(trained.status != 0)
        #expect(
            trained.errorOutput.contains(
                "no input fields: every column besides the label is in ignore = [...] ('id'), and a model needs at "
                    + "least one; remove an input from ignore = [...]"),
            "\(trained.errorOutput)")
        #expect(!trained.errorOutput.contains("trees") && !trained.output.contains("trees"), "\(trained.output)")
    }

    @Test func aLabelOfNumbersWithSeparatorsIsRefusedByNew() throws {
        var text = "x,label\n"
        for i in 0..<60 { text += "\(i % 7),\"\(1 + i % 9),\(100 + i * 7)\"\n" }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let created = try Self.new(in: folder)
        #expect(created.status == 1)
        #expect(
            created.errorOutput.contains(
                "(field 'label'): the label's values are numbers that are not read as numbers"),
            "\(created.errorOutput)")
        #expect(created.errorOutput.contains("does not tell whether the comma groups thousands"))
        #expect(!created.output.contains("classes"), "\(created.output)")
        #expect(DataRefusalTests.wroteNothing(folder))
    }

    /// A German export declared with `--decimal ,`: the thousands dots of `1.250` are warned
    /// about by `new` and by `train`, not read as 1.25 silently.
    @Test func aThousandsDotUnderADecimalCommaIsWarnedAbout() throws {
        var text = "betrag,label\n"
        for i in 0..<60 { text += (i == 4 ? "1.250" : "\"\(10 + i),\(10 + i % 80)\"") + ",\(i % 2)\n" }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let said =
            "(column 'betrag'): numbers such as '1.250' have a point before exactly three digits beside numbers "
            + "without one such as '10,10': in a file read with decimal = \",\" a point before three digits groups "
            + "thousands (1250), yet it is read as a decimal mark (1.25, 1000 times smaller)"
        let created = try Self.new(in: folder, "--decimal", ",")
        #expect(created.status == 0, "\(created.errorOutput)")
        #expect(created.errorOutput.contains(said), "\(created.errorOutput)")
        let written = folder.url.appendingPathComponent("research/pipelines/birds_random_forest.toml")
        let trained = try run(Executables.modelpress, ["train", written.path, "--no-register"], in: folder.url)
        #expect(trained.status == 0, "\(trained.errorOutput)")
        #expect(trained.errorOutput.contains(said), "\(trained.errorOutput)")
    }
}
