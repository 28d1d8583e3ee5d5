/// Escaping for the HTML and XML modelpress writes by hand, shared by predict.cgi and the
/// site build (JSON string literals are `JSONWriter`'s).
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
}
