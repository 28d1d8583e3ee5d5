import Foundation
import Testing

/// Numbers written with a decimal comma or thousands separators, through the real executable
/// (trial20 #1, #2): `new` gives `data inspect`'s advice (leaving out a column such numbers
/// make nearly a category per row, trial23 #1), refuses an
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

    /// Read as text, numbers nearly all distinct are a category per row, most of them refused
    /// later: `new` leaves them out in a warning whose reason is `data inspect`'s advice and its
    /// cost (trial23 #1), and keeps a column of a few repeated numbers, with the advice.
    @Test func newLeavesOutNumbersReadAsTextAndKeepsRepeatedOnesWithInspectsAdvice() throws {
        var text = "w,amount,fr,ch,x,label\n"
        for i in 0..<60 {
            let amount = i % 5 == 0 ? "\(300 + i % 3)" : "\"\(1 + i % 3),\(100 + (i % 4) * 7)\""
            // Swiss exports group with apostrophes, typographic ones too (trial21 #2).
            let ch = "\(1 + i % 9)\(i % 2 == 0 ? "'" : "\u{2019}")\(100 + i * 7).\(10 + i)"
            text += "\"\(40 + i),\(i % 10)\",\(amount),\(1 + i % 9) \(100 + i * 7),\(ch),\(i % 7),\(i % 2)\n"
        }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let inspected = try run(Executables.modelpress, ["data", "inspect", Self.file], in: folder.url)
        #expect(inspected.status == 0, "\(inspected.errorOutput)")
        let created = try Self.new(in: folder)
        #expect(created.status == 0, "\(created.errorOutput)")
        #expect(!created.output.contains("identifier") && !created.errorOutput.contains("identifier"))
        #expect(created.output.contains("created endpoint birds (2 fields, binary)"), "\(created.output)")
        let opening = "the column is read as text with 60 categories: "
        for (column, words) in [
            ("w", "written with a decimal comma; declare decimal = \",\""), ("fr", "spaces grouping thousands"),
            ("ch", "apostrophes grouping thousands"),
        ] {
            let said = Self.warnings(inspected.output, column: column)
            #expect(said.count == 1 && said[0].contains(words), "\(inspected.output)")
            #expect(said.first?.hasSuffix("so most later values would be refused") == true, "\(said)")
            // new says inspect's advice and its cost as the reason it leaves the column out.
            let reason = try #require(said.first?.components(separatedBy: opening).last)
            #expect(created.errorOutput.contains("'\(column)' (\(reason))"), "\(created.errorOutput)")
            #expect(Self.warnings(created.errorOutput, column: column).isEmpty, "\(created.errorOutput)")
        }
        #expect(
            created.errorOutput.contains("warning: left out of the inputs (ignore = [...] in the pipeline): 'w' ("),
            "\(created.errorOutput)")
        #expect(created.errorOutput.contains("; keep one with --keep w\n"), "\(created.errorOutput)")
        let amount = Self.warnings(inspected.output, column: "amount")
        #expect(amount.count == 1 && amount[0].contains("commas grouping thousands"), "\(inspected.output)")
        #expect(!amount[0].contains("refused"), "\(amount)")
        #expect(Self.warnings(created.errorOutput, column: "amount") == amount, "\(created.errorOutput)")
        // Kept when asked: new warns of the cost as train does.
        let kept = try run(
            Executables.modelpress,
            ["new", "birds_ch", "--data", Self.file, "--label", "label", "--keep", "ch"], in: folder.url)
        #expect(kept.status == 0, "\(kept.errorOutput)")
        #expect(kept.output.contains("created endpoint birds_ch (3 fields, binary)"), "\(kept.output)")
        #expect(
            Self.warnings(kept.errorOutput, column: "ch") == Self.warnings(inspected.output, column: "ch"),
            "\(kept.errorOutput)")
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
