import Basics
import Evaluation
import TextEscaping

/// Escaping and number formatting for the HTML and XML the pages build in Swift.
enum HTML {
    /// Escapes `text` for element content and double-quoted attribute values (HTML and XML).
    static func escape(_ text: String) -> String {
        Escaping.html(text)
    }

    /// A metric or another measured figure as a page shows it to people (`figure`: 3
    /// decimals, or `decimals`, below 100, fewer above, thousands grouped: `0.853`, `123.46`, `18,766`), or an
    /// em dash when there is none. Coordinates and machine-read values use `number(_:digits:)`.
    static func figure(_ value: Double?, decimals: Int = 3) -> String {
        guard let value, value.isFinite else { return "—" }
        return Evaluation.figure(value, decimals: decimals)
    }

    /// An estimate's value and, when it has one, its interval's bounds, as `figure` shows them
    /// but with the decimals of the largest (`figures`: `75.00 [-242.66, 392.66]`, not
    /// `75.000 [-242.66, 392.66]`); an em dash for a missing value.
    static func figures(_ estimate: MetricEstimate) -> (value: String, interval: (lower: String, upper: String)?) {
        guard let value = estimate.value, value.isFinite else { return ("—", nil) }
        guard let lower = estimate.lower, let upper = estimate.upper else { return (figure(value), nil) }
        let shown = Evaluation.figures([value, lower, upper], decimals: 3)
        return (shown[0], (shown[1], shown[2]))
    }

    /// `value` with `digits` decimals, or an em dash when there is none; locale-free.
    static func number(_ value: Double?, digits: Int) -> String {
        guard let value, value.isFinite else { return "—" }
        guard let scaled = scaled(value, digits: digits) else { return "\(value)" }
        // Charts print thousands of coordinates: digits go straight into the string's storage.
        return String(unsafeUninitializedCapacity: 24 + digits) { format(scaled, digits: digits, into: $0) }
    }

    /// Appends `number(value, digits:)` to UTF-8 bytes (for long runs of numbers, such as a
    /// polyline's points, without a string per number).
    static func appendNumber(_ value: Double, digits: Int, to out: inout [UInt8]) {
        guard value.isFinite, let scaled = scaled(value, digits: digits) else {
            return out += number(value, digits: digits).utf8
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24 + digits) { buffer in
            out += buffer[..<format(scaled, digits: digits, into: buffer)]
        }
    }

    /// `value` × 10^digits rounded, or nil beyond 2^53 (where a Double holds no fraction
    /// digits worth printing).
    private static func scaled(_ value: Double, digits: Int) -> Double? {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded()
        return abs(scaled) < 9_007_199_254_740_992 ? scaled : nil
    }

    /// Writes `scaled` / 10^digits with exactly `digits` decimals; returns the byte count.
    private static func format(_ scaled: Double, digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let units = Int64(abs(scaled))
        var count = 0
        func put(_ byte: UInt8) {
            buffer[count] = byte
            count += 1
        }
        /// `number` in decimal, zero-padded to `width`; written from the last digit back (only
        /// divisions by the constant 10, which compile to multiplications).
        func putDigits(_ number: Int64, width: Int) {
            var length = 1
            var rest = number
            while rest >= 10 {
                rest /= 10
                length += 1
            }
            length = max(length, width)
            rest = number
            for index in stride(from: count + length - 1, through: count, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            count += length
        }
        if scaled < 0 { put(UInt8(ascii: "-")) }  // -0.0 is not below zero: no sign, as wanted
        putDigits(units / scale, width: 1)
        if digits > 0 {
            put(UInt8(ascii: "."))
            putDigits(units % scale, width: digits)
        }
        return count
    }

    /// A count for people, in groups of three digits: `32,561` (`groupedDigits`).
    static func grouped(_ count: Int64) -> String { groupedDigits(count) }

    /// `grouped` for an `Int`.
    static func grouped(_ count: Int) -> String { groupedDigits(count) }

    /// A byte count for people: `1,068,123 bytes (1.0 MiB)`.
    static func bytes(_ count: Int64) -> String {
        let text = grouped(count)
        let mebibytes = Double(count) / 1_048_576
        return mebibytes >= 0.1 ? "\(text) bytes (\(number(mebibytes, digits: 1)) MiB)" : "\(text) bytes"
    }

    /// A table from a header row and body rows of already-escaped cell HTML.
    static func table(_ header: [String], _ rows: [[String]], caption: String? = nil) -> String {
        let cells = rows.reduce(0) { sum, row in row.reduce(sum + 12) { $0 + $1.utf8.count + 9 } }
        var out = Markup(capacity: 256 + cells + header.count * 40)
        out.add("<div class=\"table-scroll\"><table>\n")
        if let caption {
            out.add("<caption>")
            out.add(escaping: caption)
            out.add("</caption>\n")
        }
        out.add("<thead><tr>")
        for cell in header {
            out.add("<th scope=\"col\">")
            out.add(escaping: cell)
            out.add("</th>")
        }
        out.add("</tr></thead>\n<tbody>\n")
        for row in rows {
            out.add("<tr>")
            for cell in row {
                out.add("<td>")
                out.add(cell)
                out.add("</td>")
            }
            out.add("</tr>\n")
        }
        out.add("</tbody>\n</table></div>\n")
        return out.string
    }
}
