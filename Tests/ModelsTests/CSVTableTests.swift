import Models
import Testing

/// The one CSV reader: RFC 4180 for batch uploads, the UCI dialect for the data files.
@Suite struct CSVTableTests {
    static func records(_ text: String, _ dialect: CSVTable.Dialect = .rfc4180) throws -> [[String]] {
        try CSVTable(parsing: Array(text.utf8), dialect: dialect).records.map(\.fields)
    }

    @Test func handlesQuotesLineEndingsAndBlankLines() throws {
        let text = "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\n\"two\nlines\",3\nlast,"
        let table = try CSVTable(parsing: Array(text.utf8))
        #expect(
            table.records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "3"], ["last", ""]])
        #expect(table.records.map(\.line) == [1, 2, 4, 6])
        for field in ["plain", "a,b", "q\"q", "l\nl", "cr\r\nlf", "", " padded "] {
            let round = try CSVTable(parsing: Array(("x," + CSVTable.escape(field) + "\n").utf8))
            #expect(round.records.first?.fields == ["x", field])
        }
    }

    @Test func rfc4180KeepsSpacesCommentsAndLoneCarriageReturns() throws {
        #expect(try Self.records(" a , b \n|c,d\n   \n") == [[" a ", " b "], ["|c", "d"], ["   "]])
        #expect(try Self.records("a\rb,c\r") == [["a\rb", "c\r"]])
        // A record of one empty field is a blank line, quoted or not.
        #expect(try Self.records("\"\"\n\"\",\n") == [["", ""]])
    }

    @Test(arguments: [
        ("a,b\n\"open,1\n", "line 2: a quoted field is never closed"),
        ("a,b\n\"x\"y,1\n", "line 2: text after a closing quote; double a quote inside a quoted field"),
    ])
    func syntaxErrorsSayTheLine(text: String, message: String) {
        #expect(throws: CSVTable.SyntaxError.self) { try CSVTable(parsing: Array(text.utf8)) }
        do {
            _ = try CSVTable(parsing: Array(text.utf8))
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func uciDialectTrimsSkipsCommentsAndKnowsMissingCells() throws {
        let text = "|1x3 Cross validator\n39, State-gov, ?, <=50K.\r\n \t\n50 ,\t\"Self, emp\" , , >50K\r"
        let table = try CSVTable(parsing: Array(text.utf8), dialect: .uci)
        #expect(table.records.map(\.fields) == [["39", "State-gov", "?", "<=50K."], ["50", "Self, emp", "", ">50K"]])
        #expect(table.records.map(\.line) == [2, 4])
        #expect(table.isMissing("?") && table.isMissing("") && !table.isMissing("0"))
        #expect(try !CSVTable(parsing: [], dialect: .rfc4180).isMissing("?"))
    }

    @Test func aDataFileNamesTheLineOfBrokenQuotes() {
        #expect(
            throws: DataFileError(file: "t.csv", line: 2, reason: .malformed("a quoted field is never closed"))
        ) {
            try CSVTable(text: "1, a\n2, \"b\n", file: "t.csv", columns: 2)
        }
    }
}
