/// Comma-separated text as RFC 4180 writes it: fields may be quoted (`"a, b"`, `"say ""hi"""`),
/// lines end with LF or CRLF, and a quoted field may span lines.
struct CSVTable: Sendable {
    /// One record and the line of the text it starts on (1-based).
    struct Record: Sendable {
        var line: Int
        var fields: [String]
    }

    var records: [Record]

    /// Where the text is not CSV.
    struct SyntaxError: Error, CustomStringConvertible, Sendable {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// Splits `bytes` into records; blank lines are skipped.
    /// - Throws: `SyntaxError` for a quote that is never closed or text glued to a closing quote.
    /// - Complexity: O(bytes).
    init(parsing bytes: [UInt8]) throws(SyntaxError) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var quoted = false
        var afterQuote = false
        func endField() {
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
            case carriageReturn where index < bytes.count && bytes[index] == newline:
                continue
            case quote where field.isEmpty && !afterQuote:
                quoted = true
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
        self.records = records
    }

    /// `field` as one CSV field: quoted when it holds a comma, a quote or a line break.
    static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count + 2)
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
