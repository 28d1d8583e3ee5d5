import Basics

/// Comma-separated text as RFC 4180 writes it, the one CSV reader: fields may be quoted
/// (`"a, b"`, `"say ""hi"""`), a quoted field may span lines, and a record may be a header
/// naming the columns. A `Dialect` adds what other files need: `;` or tab between fields (declared
/// or detected), and the UCI Adult files' `, ` between cells, `|` comment lines and `?` for a
/// missing value. Foundation-free, on bytes: predict.cgi's jobs read it too.
///
/// Where RFC 4180 is silent, the reader does what Python's `csv.reader` does (default `excel`
/// dialect with the given delimiter, `strict=True`, on a file opened with `newline=''` and
/// `encoding='utf-8-sig'`), checked by a property test on generated files:
/// - a line ends at LF, CRLF or a lone CR, also the last one (RFC 4180 only has CRLF);
/// - spaces are part of a field, and a quote inside an unquoted field (`a"b`, ` "a"`) is text;
/// - a line holding only `""` is a record of one empty field;
/// - a leading UTF-8 byte order mark (Excel's "CSV UTF-8") is not part of the first field.
///
/// It differs from Python on purpose in three places:
/// - a blank line is no record (Python yields an empty list, which no table can hold; pandas
///   skips blank lines too);
/// - text after a closing quote (`"a"b`) and a quote never closed are errors, as with
///   `strict=True`; Python's default glues the text on (`ab`) or takes the rest of the file
///   as the field, which hides a broken file;
/// - a field that is not UTF-8 is an error naming its place, where Python's decoder fails on the
///   whole file.
///
/// Why our own reader, on bytes: measured on Adult's adult.data repeated 30 times (976,830
/// rows × 15 fields, 119 MB; release build, 2 cores, CPU seconds of the whole process, median of
/// 5, on a loaded machine), the first version of this reader, which made a `String` per cell,
/// took 2.5 s, pandas 3.1.1's `read_csv` 2.4 s (0.6 s of it importing pandas), SwiftCSV 0.10.0
/// 16 s and CSV.swift 2.5.2 26 s, so neither package comes close. Where its time went (perf):
/// the byte loop 40%, making 14.6 million `String`s 15%, growing the field buffer and the
/// records' arrays most of the rest, in 612 MiB. So the reader keeps the text and where each
/// record starts, finds a block of records' cells again when they are read, and makes text only
/// when asked: `records` for small inputs, `columns(_:numeric:threads:partRecords:)` for a data
/// set, which reads a column's distinct values once each. A data file's text is the file mapped
/// in place, whose pages each pass gives back (`Text`): a million rows of 21 columns loaded in
/// 240 MB, where the text, 4 bytes a cell of cell ends and the typed columns took 439 MB at once.
public struct CSVTable: Sendable {
    /// What a file's CSV looks like beyond RFC 4180.
    public struct Dialect: Sendable, Equatable {
        /// The byte between fields (`,`, `;` or tab); nil to detect it from the first record.
        public var separator: UInt8?
        /// Spaces and tabs around a field are not part of it (a quote may follow the leading ones).
        public var trimsSpaces: Bool
        /// A line starting with this byte is skipped.
        public var commentPrefix: UInt8?
        /// Cells that stand for a missing value.
        public var missingMarkers: [String]
        /// Numbers may be written with a decimal comma (`41,4`), as German or French exports
        /// write them (`number(_:)`).
        public var decimalComma: Bool

        public init(
            separator: UInt8? = UInt8(ascii: ","), trimsSpaces: Bool, commentPrefix: UInt8?, missingMarkers: [String],
            decimalComma: Bool = false
        ) {
            self.separator = separator
            self.trimsSpaces = trimsSpaces
            self.commentPrefix = commentPrefix
            self.missingMarkers = missingMarkers
            self.decimalComma = decimalComma
        }

        /// RFC 4180 as it is: batch uploads.
        public static let rfc4180 = Dialect(trimsSpaces: false, commentPrefix: nil, missingMarkers: [""])
        /// The UCI repository's style (`research/data/adult/`): no header, `, ` between cells,
        /// `|` comment lines, `?` or nothing for a missing value.
        public static let uci = Dialect(
            trimsSpaces: true, commentPrefix: UInt8(ascii: "|"), missingMarkers: ["", "?"])

        /// The separators `detectSeparator` chooses from, in the order that breaks ties.
        static let detectable: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
    }

    /// One record and the line of the text it starts on (1-based).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// Where the text is not CSV: the line and the column (1-based field number) and what to do.
    /// A quoted field that goes wrong is also named by the line its opening quote is on, as the
    /// fault is often there (a quote left unclosed) rather than where the reader stops.
    public struct SyntaxError: Error, CustomStringConvertible, Sendable {
        public var line: Int
        public var column: Int
        public var message: String { fault.message(line: line, column: column) }
        public var description: String { "line \(line), column \(column): \(message)" }
        let fault: Fault

        public init(line: Int, column: Int, message: String) {
            self.init(line: line, column: column, fault: .other(message))
        }

        init(line: Int, column: Int, fault: Fault) {
            (self.line, self.column, self.fault) = (line, column, fault)
        }

        /// What is wrong; the lines in it are of the same text as `line`.
        enum Fault: Sendable {
            case other(String)
            /// Text (`following`, as written) after the closing quote, on `line`, of a quoted
            /// field whose opening quote is on `openingLine`.
            case textAfterQuote(openingLine: Int, following: String)
            /// The quoted field opened on `line` is never closed; the text ends on `lastLine`.
            case neverClosed(lastLine: Int)

            func message(line: Int, column: Int) -> String {
                switch self {
                case .other(let message):
                    return message
                case .textAfterQuote(let openingLine, let following):
                    let text = "text follows its closing quote (\(CategoryName.cited(following)))"
                    let fix = "Quote the whole field and double each quote inside it"
                    guard openingLine != line else {
                        return "the quoted field closes and \(text): a quote inside it not doubled? \(fix)"
                    }
                    return
                        "the quoted field opened at line \(openingLine), column \(column) closes at line \(line) and "
                        + "\(text): a quote left unclosed, or one inside it not doubled? \(fix)"
                case .neverClosed(let lastLine):
                    let end = lastLine == line ? "" : " (line \(lastLine))"
                    return "the quoted field opened here is never closed before the end of the file\(end); "
                        + "end it with a quote, and double a quote inside it"
                }
            }

            /// The fault with its lines moved down by `lines`.
            func shifted(by lines: Int) -> Fault {
                switch self {
                case .other: self
                case .textAfterQuote(let openingLine, let following):
                    .textAfterQuote(openingLine: openingLine + lines, following: following)
                case .neverClosed(let lastLine): .neverClosed(lastLine: lastLine + lines)
                }
            }
        }
    }

    /// The text the cells are in (without a byte order mark).
    let text: Text
    /// Per record (after the header, when the table has one): where it starts, how many cells
    /// it has and its line; its cells are found again when read (`blockCells(_:text:)`).
    var spans: [RecordSpan]
    public let dialect: Dialect
    /// The separator the text was read with: the dialect's, or the one detected.
    public let separator: UInt8
    /// The columns' names: the header's, or the declared ones; empty when the table was parsed
    /// without names (`init(parsing:dialect:)`, `init(text:file:columns:dialect:)`).
    public internal(set) var columns: [String] = []
    /// The file the text came from, for error messages; empty for text from elsewhere.
    public var file: String = ""

    /// Splits `bytes` into records; blank lines are skipped and no record is taken as a header.
    /// - Throws: `SyntaxError` for a quote that is never closed, text glued to a closing quote
    ///   or a field that is not UTF-8.
    /// - Complexity: O(bytes).
    public init(parsing bytes: [UInt8], dialect: Dialect = .rfc4180) throws(SyntaxError) {
        try self.init(parsing: Text(bytes), dialect: dialect)
    }

    /// Splits the text of a mapped file into records, as `init(parsing:dialect:)`; the parse
    /// gives back each page of the mapping once it has read it (`Text.release(_:)`).
    /// - Throws: `SyntaxError` as `init(parsing:dialect:)`.
    init(parsing text: Text, dialect: Dialect) throws(SyntaxError) {
        self.dialect = dialect
        let separator = text.withUnsafeBufferPointer { text in
            dialect.separator ?? Self.detectSeparator(text, commentPrefix: dialect.commentPrefix)
        }
        self.separator = separator
        spans = try text.withUnsafeBufferPointer { bytes throws(SyntaxError) in
            try Self.spans(bytes, dialect, separator: separator, release: { text.release($0) })
        }
        self.text = text
    }

    /// Whether `cell` stands for a missing value in the table's dialect.
    public func isMissing(_ cell: String) -> Bool {
        dialect.missingMarkers.contains(cell)
    }

    /// The finite number `cell` spells in the table's dialect, or nil. With a decimal comma,
    /// `41,4` is 41.4 and `4.6` still 4.6 (files mix them); a cell with both marks or two
    /// commas (`1.234,5`, `1,234,5`) is no number: thousands separators are not read.
    public func number(_ cell: String) -> Double? {
        dialect.decimalComma ? Self.decimalCommaNumber(cell) : Self.number(cell)
    }

    /// The finite number `cell` spells with a decimal point (`DecimalNumber`, the grammar
    /// serving reads numbers by: no hexadecimal, spaces around it allowed), or nil.
    public static func number(_ cell: String) -> Double? {
        guard let value = DecimalNumber.parse(cell), value.isFinite else { return nil }
        return value
    }

    /// `number(_:)` of a cell's UTF-8 bytes: without a `String` unless the dialect has a
    /// decimal comma.
    @inline(__always)
    func number(bytes cell: UnsafeBufferPointer<UInt8>) -> Double? {
        if dialect.decimalComma { return number(String(decoding: cell, as: UTF8.self)) }
        guard let value = DecimalNumber.parse(cell), value.isFinite else { return nil }
        return value
    }

    /// The finite number `cell` spells with a decimal comma (`41,4`, `-0,5`) or a point, or nil.
    static func decimalCommaNumber(_ cell: String) -> Double? {
        guard let value = DecimalNumber.parse(cell, decimalComma: true), value.isFinite else { return nil }
        return value
    }

    /// `field` as one CSV field: quoted when it holds a comma, a quote or a line break.
    public static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return field }
        var out = "\""
        out.reserveCapacity(field.utf8.count + 4)
        for character in field {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        return out + "\""
    }

    /// The separator of `bytes`: of `Dialect.detectable`, the one found most often outside quotes
    /// in the first record that is not blank or a comment; a tie goes to the earlier in that
    /// list (`,` before `;` before tab), and a record with none of them (one column) is read
    /// with `,`. Python's `csv.Sniffer` guesses from many lines and other characters too; one
    /// record is what a header row gives, and it is the whole rule.
    /// - Complexity: O(bytes of the first record).
    static func detectSeparator(_ bytes: UnsafeBufferPointer<UInt8>, commentPrefix: UInt8?) -> UInt8 {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var counts = [Int](repeating: 0, count: Dialect.detectable.count)
        var quoted = false
        var lineStart = true
        var seenText = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if lineStart, let commentPrefix, byte == commentPrefix {
                while index < bytes.endIndex && bytes[index] != newline && bytes[index] != carriageReturn { index += 1 }
                continue
            }
            lineStart = false
            if byte == quote {
                quoted.toggle()
            } else if !quoted && (byte == newline || byte == carriageReturn) {
                if seenText { break }
                lineStart = true
                continue
            } else if !quoted, let which = Dialect.detectable.firstIndex(of: byte) {
                counts[which] += 1
            }
            seenText = true
        }
        var best = 0
        for which in counts.indices where counts[which] > counts[best] { best = which }
        return Dialect.detectable[best]
    }
}
