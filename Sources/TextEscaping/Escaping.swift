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
        if isPlainJSON(text) { return "\"" + text + "\"" }
        var out: [UInt8] = []
        appendJSONString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal (as `jsonString` makes it) to UTF-8 bytes:
    /// runs that need no escape are copied whole, the rest escaped byte by byte (a card's prose
    /// went through a `String` built one scalar at a time).
    public static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &out) }
        if copied == nil { Array(text.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &out) } }
        out.append(0x22)
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count + 2)
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var length = 1
            let escape: StaticString
            switch byte {
            case 0x22: escape = #"\""#
            case 0x5C: escape = #"\\"#
            case 0x0A: escape = #"\n"#
            case 0x0D: escape = #"\r"#
            case 0x09: escape = #"\t"#
            case 0x00..<0x20: escape = ""
            // U+2028 and U+2029: E2 80 A8 and E2 80 A9.
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] | 1 == 0xA9:
                escape = bytes[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#
                length = 3
            default:
                index += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            if byte < 0x20, escape.utf8CodeUnitCount == 0 {
                func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? 0x30 + digit : 0x57 + digit }
                out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex(byte >> 4), hex(byte & 0xF)]
            } else {
                escape.withUTF8Buffer { out.append(contentsOf: $0) }
            }
            index += length
            start = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }

    /// Printable ASCII without `"` or `\`: copied into a JSON literal as it is.
    private static func isPlainJSON(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }
    }
}
