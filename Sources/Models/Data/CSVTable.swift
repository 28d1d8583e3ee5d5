/// Comma-separated text as RFC 4180 writes it, the one CSV reader: fields may be quoted
/// (`"a, b"`, `"say ""hi"""`), lines end with LF or CRLF, and a quoted field may span lines.
/// A `Dialect` adds what other files need (the UCI Adult files: `, ` between cells, `|`
/// comment lines, `?` for a missing value). Foundation-free: predict.cgi's jobs read it too.
public struct CSVTable: Sendable {
    /// What a file's CSV looks like beyond RFC 4180.
    public struct Dialect: Sendable, Equatable {
        /// Spaces and tabs around a field are not part of it (a quote may follow the leading ones).
        public var trimsSpaces: Bool
        /// A line starting with this byte is skipped.
        public var commentPrefix: UInt8?
        /// Cells that stand for a missing value.
        public var missingMarkers: [String]

        public init(trimsSpaces: Bool, commentPrefix: UInt8?, missingMarkers: [String]) {
            self.trimsSpaces = trimsSpaces
            self.commentPrefix = commentPrefix
            self.missingMarkers = missingMarkers
        }

        /// RFC 4180 as it is: batch uploads.
        public static let rfc4180 = Dialect(trimsSpaces: false, commentPrefix: nil, missingMarkers: [""])
        /// The UCI repository's style (`research/data/adult/`): no header, `, ` between cells,
        /// `|` comment lines, `?` or nothing for a missing value.
        public static let uci = Dialect(
            trimsSpaces: true, commentPrefix: UInt8(ascii: "|"), missingMarkers: ["", "?"])
    }

    /// One record and the line of the text it starts on (1-based).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// Where the text is not CSV.
    public struct SyntaxError: Error, CustomStringConvertible, Sendable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The records in text order; blank lines (and comments) are not records.
    public var records: [Record]
    public let dialect: Dialect
    /// The file the text came from, for error messages; empty for text from elsewhere.
    public var file: String = ""

    /// Splits `bytes` into records; blank lines are skipped.
    /// - Throws: `SyntaxError` for a quote that is never closed or text glued to a closing quote.
    /// - Complexity: O(bytes).
    public init(parsing bytes: [UInt8], dialect: Dialect = .rfc4180) throws(SyntaxError) {
        self.dialect = dialect
        records = try Self.records(bytes, dialect)
    }

    /// Whether `cell` stands for a missing value in the table's dialect.
    public func isMissing(_ cell: String) -> Bool {
        dialect.missingMarkers.contains(cell)
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

    private static func records(_ bytes: [UInt8], _ dialect: Dialect) throws(SyntaxError) -> [Record] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        func isSpace(_ byte: UInt8) -> Bool { dialect.trimsSpaces && (byte == 0x20 || byte == 0x09) }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var quoted = false
        var afterQuote = false
        var atLineStart = true
        func endField() {
            if !afterQuote { while let last = field.last, isSpace(last) { field.removeLast() } }
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if atLineStart, let comment = dialect.commentPrefix, byte == comment {
                while index < bytes.count && bytes[index] != newline { index += 1 }
                continue
            }
            atLineStart = false
            if quoted {
                if byte == quote {
                    if index < bytes.count && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case comma:
                endField()
            case newline:
                endRecord()
                line += 1
                recordLine = line
                atLineStart = true
            case carriageReturn where index < bytes.count ? bytes[index] == newline : dialect.trimsSpaces:
                // CRLF ends a line; a trimming dialect also drops a CR that ends the text.
                continue
            case quote where field.isEmpty && !afterQuote:
                quoted = true
            case _ where isSpace(byte) && (field.isEmpty || afterQuote):
                continue
            default:
                if afterQuote {
                    throw SyntaxError(
                        line: line, message: "text after a closing quote; double a quote inside a quoted field")
                }
                field.append(byte)
            }
        }
        if quoted {
            throw SyntaxError(line: recordLine, message: "a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || afterQuote {
            endRecord()
        }
        return records
    }
}
