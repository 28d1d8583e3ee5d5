import TextEscaping

/// Escaping and number formatting for the HTML and XML the pages build in Swift.
enum HTML {
    /// Escapes `text` for element content and double-quoted attribute values (HTML and XML).
    static func escape(_ text: String) -> String {
        Escaping.html(text)
    }

    /// `value` with `digits` decimals, or an em dash when there is none; locale-free.
    static func number(_ value: Double?, digits: Int = 3) -> String {
        guard let value, value.isFinite else { return "—" }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * Double(scale)).rounded()
        // Beyond 2^53 a Double holds no fraction digits worth printing.
        guard abs(scaled) < 9_007_199_254_740_992 else { return "\(value)" }
        // Charts print thousands of coordinates: digits go straight into the string's storage.
        let units = Int64(abs(scaled))
        return String(unsafeUninitializedCapacity: 24 + digits) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func putDigits(_ number: Int64, width: Int) {
                var divisor: Int64 = 1
                var length = 1
                while number / divisor >= 10 || length < width {
                    divisor *= 10
                    length += 1
                }
                while divisor > 0 {
                    put(UInt8(ascii: "0") + UInt8(number / divisor % 10))
                    divisor /= 10
                }
            }
            if scaled < 0 { put(UInt8(ascii: "-")) }  // -0.0 is not below zero: no sign, as wanted
            putDigits(units / scale, width: 1)
            if digits > 0 {
                put(UInt8(ascii: "."))
                putDigits(units % scale, width: digits)
            }
            return count
        }
    }

    /// A byte count for people: `1,068,123 bytes (1.0 MiB)`.
    static func bytes(_ count: Int64) -> String {
        let grouped = String(count).reversed().enumerated().map { index, digit in
            index > 0 && index % 3 == 0 ? ",\(digit)" : String(digit)
        }
        let text = String(grouped.joined().reversed())
        let mebibytes = Double(count) / 1_048_576
        return mebibytes >= 0.1 ? "\(text) bytes (\(number(mebibytes, digits: 1)) MiB)" : "\(text) bytes"
    }

    /// A table from a header row and body rows of already-escaped cell HTML.
    static func table(_ header: [String], _ rows: [[String]], caption: String? = nil) -> String {
        var out = "<div class=\"table-scroll\"><table>\n"
        if let caption { out += "<caption>\(escape(caption))</caption>\n" }
        out +=
            "<thead><tr>" + header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }
}
