/// Numbers that arrive as text (form fields, JSON strings, CSV cells, regression feedback).
package enum DecimalNumber {
    /// The value of `text` when it is written in decimal notation — an optional sign, digits with
    /// an optional fraction (`37`, `-0.5`, `.5`, `3.`), an optional exponent (`1e3`) — and nil
    /// otherwise. Swift's `Double(_:)` alone (strtod) also takes hexadecimal floats (`0x1p5` is 32),
    /// `inf` and `nan`, which no client means as a number.
    /// - Complexity: O(n) in the text's length.
    package static func parse(_ text: String) -> Double? {
        let bytes = text.utf8
        var index = bytes.startIndex
        func digits() -> Int {
            var count = 0
            while index != bytes.endIndex, bytes[index] &- UInt8(ascii: "0") < 10 {
                count += 1
                bytes.formIndex(after: &index)
            }
            return count
        }
        func skip(_ accepted: UInt8...) {
            if index != bytes.endIndex, accepted.contains(bytes[index]) { bytes.formIndex(after: &index) }
        }
        skip(UInt8(ascii: "+"), UInt8(ascii: "-"))
        var mantissa = digits()
        if index != bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            bytes.formIndex(after: &index)
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if index != bytes.endIndex, bytes[index] | 0x20 == UInt8(ascii: "e") {
            bytes.formIndex(after: &index)
            skip(UInt8(ascii: "+"), UInt8(ascii: "-"))
            guard digits() > 0 else { return nil }
        }
        guard index == bytes.endIndex else { return nil }
        return Double(text)
    }
}
