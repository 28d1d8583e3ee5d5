import Foundation
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

    @Test func rfc4180KeepsSpacesAndCommentsAndEndsLinesAtALoneCarriageReturn() throws {
        #expect(try Self.records(" a , b \n|c,d\n   \n") == [[" a ", " b "], ["|c", "d"], ["   "]])
        #expect(try Self.records("a\rb,c\r") == [["a"], ["b", "c"]])
        // A blank line is no record; `""` alone is a record of one empty field, as in Python.
        #expect(try Self.records("\"\"\n\n\"\",\n") == [[""], ["", ""]])
        // A quote inside an unquoted field is text.
        #expect(try Self.records("a\"b, \"c\"\n") == [["a\"b", " \"c\""]])
    }

    @Test func aByteOrderMarkIsSkippedOnlyAtTheStart() throws {
        #expect(try Self.records("\u{FEFF}a,b\r\n1,\u{FEFF}\r\n") == [["a", "b"], ["1", "\u{FEFF}"]])
        #expect(try Self.records("\u{FEFF}\"q\",b\n") == [["q", "b"]])
    }

    @Test(arguments: [
        ("a;b;c\n1,5;2;3\n", ";", [["a", "b", "c"], ["1,5", "2", "3"]]),
        ("a\tb\n\"x\ty\"\t2\n", "\t", [["a", "b"], ["x\ty", "2"]]),
        ("\n\"a;b\",c\n", ",", [["a;b", "c"]]),
        // A tie goes to the comma, then the semicolon; no separator at all is one column.
        ("a,b;c\n", ",", [["a", "b;c"]]),
        ("a;b\tc\n", ";", [["a", "b\tc"]]),
        ("alone\n", ",", [["alone"]]),
    ])
    func detectsTheSeparatorFromTheFirstRecord(text: String, separator: Character, records: [[String]]) throws {
        let dialect = CSVTable.Dialect(separator: nil, trimsSpaces: false, commentPrefix: nil, missingMarkers: [""])
        let table = try CSVTable(parsing: Array(text.utf8), dialect: dialect)
        #expect(table.separator == separator.asciiValue)
        #expect(table.records.map(\.fields) == records)
    }

    @Test func aDeclaredSeparatorIsTheOnlyOne() throws {
        let dialect = CSVTable.Dialect(
            separator: UInt8(ascii: ";"), trimsSpaces: false, commentPrefix: nil, missingMarkers: [""])
        let table = try CSVTable(parsing: Array("a,b;c\n".utf8), dialect: dialect)
        #expect(table.records.map(\.fields) == [["a,b", "c"]])
    }

    @Test func uciDialectTrimsSkipsCommentsAndKnowsMissingCells() throws {
        let text = "|1x3 Cross validator\n39, State-gov, ?, <=50K.\r\n \t\n50 ,\t\"Self, emp\" , , >50K\r"
        let table = try CSVTable(parsing: Array(text.utf8), dialect: .uci)
        #expect(table.records.map(\.fields) == [["39", "State-gov", "?", "<=50K."], ["50", "Self, emp", "", ">50K"]])
        #expect(table.records.map(\.line) == [2, 4])
        #expect(table.isMissing("?") && table.isMissing("") && !table.isMissing("0"))
        #expect(try !CSVTable(parsing: [], dialect: .rfc4180).isMissing("?"))
    }

    @Test func aDataFileNamesTheLineAndColumnOfBrokenQuotes() {
        #expect(
            throws: DataFileError(
                file: "t.csv", line: 2, column: 2,
                reason: .malformed(
                    "the quoted field opened here is never closed before the end of the file; end it with a quote, "
                        + "and double a quote inside it"))
        ) {
            try CSVTable(text: "1, a\n2, \"b\n", file: "t.csv", columns: 2)
        }
    }

    @Test func aHeaderNamesTheColumns() throws {
        let text = "\u{FEFF}species;bill length;sex\r\nAdelie;39,1;male\r\n\r\nGentoo;\"NA\";\r\n"
        let dialect = CSVTable.Dialect(separator: nil, trimsSpaces: false, commentPrefix: nil, missingMarkers: ["NA"])
        let table = try CSVTable(bytes: Array(text.utf8), file: "p.csv", header: .firstRecord, dialect: dialect)
        #expect(table.columns == ["species", "bill length", "sex"])
        #expect(table.records.map(\.fields) == [["Adelie", "39,1", "male"], ["Gentoo", "NA", ""]])
        #expect(table.records.map(\.line) == [2, 4])
        #expect(table.file == "p.csv" && table.isMissing("NA"))
    }

    @Test func declaredColumnsNameAHeaderlessFile() throws {
        let table = try CSVTable(
            bytes: Array("|comment\n39, Private\n".utf8), file: "a.data", header: .declared(["age", "workclass"]),
            dialect: .uci)
        #expect(table.columns == ["age", "workclass"])
        #expect(table.records.map(\.fields) == [["39", "Private"]])
    }

    @Test(
        arguments: [
            ("", .firstRecord, "f.csv: the file is empty; a CSV file starts with a header row naming its columns"),
            (
                "\r\n\n", .firstRecord,
                "f.csv: the file is empty; a CSV file starts with a header row naming its columns"
            ),
            ("a,,c\n", .firstRecord, "f.csv:1, column 2: column 2 of the header has no name; name every column"),
            (
                "\na,b,a\n", .firstRecord,
                "f.csv:2, column 3: column 3 of the header repeats 'a' (column 1); give each column its own name"
            ),
            (
                "a,b,c\n1,2,3\n1,2\n", .firstRecord,
                "f.csv:3, column 3: found 2 values, expected 3: column 3 ('c') has no value; give every row one value "
                    + "per column of the header (an empty one when it is missing)"
            ),
            (
                "a,b\n1,2,3\n", .firstRecord,
                "f.csv:2, column 3: found 3 values, expected 2: value 3 ('3') is past the last column of the header "
                    + "('b'); quote a value that holds the separator"
            ),
            (
                "1\n", .declared(["x", "y"]),
                "f.csv:1, column 2: found 1 value, expected 2: column 2 ('y') has no value; give every row one value "
                    + "per column of the declared columns (an empty one when it is missing)"
            ),
            (
                "a\n\"b\n\nc\r\n", .firstRecord,
                "f.csv:2, column 1: the quoted field opened here is never closed before the end of the file (line 4); "
                    + "end it with a quote, and double a quote inside it"
            ),
            (
                "a,b\r\n1,\"x\r\ny\"z w,9\r\n\"u\nv", .firstRecord,
                "f.csv:3, column 2: the quoted field opened at line 2, column 2 closes at line 3 and text follows its "
                    + "closing quote ('z w'): a quote left unclosed, or one inside it not doubled? Quote the whole "
                    + "field and double each quote inside it"
            ),
            (
                "a,b\n\"p\nq\",\"he said \"hi\"\"\n", .firstRecord,
                "f.csv:3, column 2: the quoted field closes and text follows its closing quote ('hi\"\"'): a quote "
                    + "inside it not doubled? Quote the whole field and double each quote inside it"
            ),
        ] as [(String, CSVTable.Header, String)])
    func badFilesSayWhereAndWhatToDo(text: String, header: CSVTable.Header, message: String) {
        do {
            _ = try CSVTable(bytes: Array(text.utf8), file: "f.csv", header: header)
            Issue.record("\(text.debugDescription) was read")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aHeaderFileIsReadFromDisk() throws {
        let file = Fixtures.temporaryFile("headed.csv")
        try Data("a,b\r\n1,2\r\n".utf8).write(to: file)
        let table = try CSVTable(contentsOf: file, header: .firstRecord)
        #expect(table.columns == ["a", "b"] && table.records.map(\.fields) == [["1", "2"]])
        #expect(throws: DataFileError(file: "/no/such.csv", reason: .missing)) {
            try CSVTable(contentsOf: URL(fileURLWithPath: "/no/such.csv"), header: .firstRecord)
        }
    }
}
