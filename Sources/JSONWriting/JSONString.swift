/// JSON string literals (RFC 8259 §7) in either dialect of `JSONFormat`.
enum JSONString {
    /// `text` as a literal, quotes included.
    static func quote(_ text: String, _ format: JSONFormat) -> String {
        // Most strings (field names, labels, categories) need no escape: copy them whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C && $0 != 0x2F }) {
            return "\"" + text + "\""
        }
        var out: [UInt8] = []
        append(text, format, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a literal to UTF-8 bytes: runs that need no escape are copied whole,
    /// the rest escaped byte by byte.
    static func append(_ text: String, _ format: JSONFormat, to out: inout [UInt8]) {
        out.append(0x22)
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append($0, format, to: &out) }
        if copied == nil { Array(text.utf8).withUnsafeBufferPointer { append($0, format, to: &out) } }
        out.append(0x22)
    }

    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, _ format: JSONFormat, to out: inout [UInt8]) {
        let encoder = format.dialect == .encoder
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
            case 0x2F where format.escapesSlashes: escape = #"\/"#
            case 0x0A: escape = #"\n"#
            case 0x0D: escape = #"\r"#
            case 0x09: escape = #"\t"#
            case 0x08 where encoder: escape = #"\b"#
            case 0x0C where encoder: escape = #"\f"#
            case 0x00..<0x20: escape = ""
            // U+2028 and U+2029 (E2 80 A8 and E2 80 A9) end a line in JavaScript.
            case 0xE2
            where !encoder && index + 2 < bytes.count && bytes[index + 1] == 0x80
                && bytes[index + 2] | 1 == 0xA9:
                escape = bytes[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#
                length = 3
            default:
                index += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            if escape.utf8CodeUnitCount == 0 {
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
}
