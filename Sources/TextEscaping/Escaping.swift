/// Escaping for the text modelpress writes by hand: HTML/XML and JSON string literals.
/// One place, shared by predict.cgi and the site build.
public enum Escaping {
    /// `text` safe in HTML or XML element content and in quoted attribute values.
    public static func html(_ text: String) -> String {
        // Most text has nothing to escape: return it as it is, without copying. The five
        // characters are ASCII, so the work is on UTF-8 bytes (no grapheme breaking).
        func special(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        }
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` as a JSON string literal, quotes included (RFC 8259 §7; U+2028 and U+2029 are
    /// escaped too, so the literal is also valid JavaScript).
    public static func jsonString(_ text: String) -> String {
        // Most strings (field names, labels, categories) need no escape: copy them whole.
        // U+2028 and U+2029 start with 0xE2, so any byte at or above 0x80 takes the slow path.
        if isPlainJSON(text) { return "\"" + text + "\"" }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Appends `text` as a JSON string literal (as `jsonString` makes it) to UTF-8 bytes,
    /// copying plain text straight in.
    public static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        guard isPlainJSON(text) else { return out += jsonString(text).utf8 }
        out.append(0x22)
        out += text.utf8
        out.append(0x22)
    }

    /// Printable ASCII without `"` or `\`: copied into a JSON literal as it is.
    private static func isPlainJSON(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }
    }
}
