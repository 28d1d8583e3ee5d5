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
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let negative = rounded < 0
        let magnitude = abs(rounded)
        let whole = Int64(magnitude.rounded(.down))
        var text = String(whole)
        if digits > 0 {
            let fraction = Int64(((magnitude - Double(whole)) * scale).rounded())
            let digitsText = String(fraction)
            text += "." + String(repeating: "0", count: max(0, digits - digitsText.count)) + digitsText
        }
        return (negative && rounded != 0 ? "-" : "") + text
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
