import CDecimalDigits

/// The one grammar of a number written as text, wherever text arrives: a training or test CSV's
/// cells (`CSVTable`), a form field, a JSON string, a batch job's or `modelpress predict`'s CSV
/// cell, regression feedback. Training and serving read a value alike only when they share it
/// (trial17 #3: training took `0x10` through strtod as 16, serving refused it; serving took
/// ` 40` as 40, training made the column categorical).
///
/// A number is decimal notation — an optional sign, digits with an optional fraction (`37`,
/// `-0.5`, `.5`, `3.`), an optional exponent (`1e3`, `2.5E-1`) — with any spaces, tabs and line
/// breaks around it, which never change what a number means (so a number reads the same with or
/// without the pipeline's `trim_spaces`, which decides only for text). Not numbers: hexadecimal
/// (`0x10`, `0x1p3`, which Swift's `Double(_:)` and C's strtod take), `inf`, `nan`, thousands
/// separators, a decimal comma (`CSVTable` reads `decimal = ","` files by making the comma a
/// point first). pandas' `read_csv` reads the same cells as numbers and `0x10` as text.
public enum DecimalNumber {
    /// The value `text` spells by the grammar above, or nil. Digits too many for a Double
    /// round to the nearest (`Double(_:)`); an exponent past the range gives an infinity, which
    /// callers refuse as not finite.
    /// - Complexity: O(n) in the text's length.
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// The value `text` spells with the decimal mark a data set declared: with a decimal comma
    /// (`decimal = ","`) one comma is the point (`41,4` is 41.4, and `4.6` still 4.6: files mix
    /// them), and a text with both marks or two commas (`1.234,5`, `1,234,5`) is no number, since
    /// thousands separators are not read; otherwise `parse(_:)`. The one reading of such a value
    /// for a CSV (`CSVTable.number`) and for a form field or JSON string sent to a version
    /// trained so (trial19 #10).
    /// - Complexity: O(n) in the text's length.
    public static func parse(_ text: String, decimalComma: Bool) -> Double? {
        guard decimalComma, let comma = text.firstIndex(of: ",") else { return parse(text) }
        guard !text.utf8.contains(UInt8(ascii: ".")) else { return nil }
        var pointed = text
        pointed.replaceSubrange(comma...comma, with: ".")
        return parse(pointed)
    }

    /// `parse(_:)` of UTF-8 `bytes`, without making a `String` unless the bytes are a number
    /// that `plainValue` cannot read exactly.
    /// - Complexity: O(n) in the number of bytes.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let (number, plain) = trimmedNumber(bytes) else { return nil }
        let digits = UnsafeBufferPointer(rebasing: bytes[number])
        // Only a plain number goes to `plainValue`: the CSV reader calls here when it has failed.
        if plain, let value = plainValue(digits) { return value }
        return Double(String(decoding: digits, as: UTF8.self))
    }

    /// The range of `bytes` that is a number, once the whitespace around it is dropped, and
    /// whether it is plain (no `+` and no exponent, what `plainValue` may read), or nil when the
    /// rest is not one.
    private static func trimmedNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> (Range<Int>, plain: Bool)? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        var index = start
        func digits() -> Int {
            var count = 0
            while index < end, bytes[index] &- UInt8(ascii: "0") < 10 {
                count += 1
                index += 1
            }
            return count
        }
        func sign() {
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        }
        let signed = start < end && bytes[start] == UInt8(ascii: "+")
        sign()
        var mantissa = digits()
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        var exponent = false
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            sign()
            guard digits() > 0 else { return nil }
            exponent = true
        }
        return index == end ? (start..<end, !signed && !exponent && mantissa <= 15) : nil
    }

    /// The number a cell of plain decimal digits spells (`-12`, `3.25`, `.5`), when it has at
    /// most 15 digits; nil for anything else (an exponent, a sign `+`, spaces, more digits),
    /// which `parse(_:)` reads through `Double(_:)`. Exact: the digits as an integer below 2^53
    /// divided by a power of ten below 10^16, both exact in a Double, is one correctly rounded
    /// operation, so it equals strtod's result (Clinger's fast path, "How to read floating
    /// point numbers accurately", PLDI 1990). The CSV reader's hot path: one pass, no allocation;
    /// inlinable so that it stays as fast there as it was inside the reader.
    @inlinable
    public static func plainValue(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
        let negative = cell.count > 0 && cell[0] == UInt8(ascii: "-")
        let start = negative ? 1 : 0
        var mantissa: UInt64 = 0
        var point = -1
        // One branch a digit; the digits and decimals are counted from where the point is.
        var index = start
        while index < cell.count {
            let digit = cell[index] &- UInt8(ascii: "0")
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
            } else if digit == UInt8(ascii: ".") &- UInt8(ascii: "0"), point < 0 {
                point = index
            } else {
                return nil
            }
            index &+= 1
        }
        let digits = cell.count &- start &- (point < 0 ? 0 : 1)
        guard digits > 0, digits <= 15 else { return nil }
        // Below 10^15, so exact as an Int64 and one conversion instruction (a UInt64 takes four).
        var value = Double(Int64(bitPattern: mantissa))
        if point >= 0 && point &+ 1 < cell.count { value /= powerOfTen(cell.count &- point &- 1) }
        return negative ? -value : value
    }

    /// `plainValue(_:)` of `cell`, a part of `text`: sixteen bytes at a time with no branch a
    /// digit (`mp_plain_decimal`, SSE2) when it is at most 16 bytes and the 16 bytes before its
    /// end lie in `text`; else a byte at a time. The CSV reader's call: the same value or nil
    /// as `plainValue(_:)`; a million rows of 16 numbers load in 16% less CPU time (issue 26).
    /// - Complexity: O(n) in the cell's length.
    @inlinable @inline(__always)
    public static func plainValue(_ cell: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Double? {
        if mp_plain_decimal_available() != 0, cell.count > 0, cell.count <= 16,
            let end = cell.baseAddress.map({ $0 + cell.count }), let start = text.baseAddress,
            end - 16 >= start, end <= start + text.count
        {
            let value = mp_plain_decimal(end, Int32(truncatingIfNeeded: cell.count))
            return value.isNaN ? nil : value
        }
        return plainValue(cell)
    }

    /// 10^`power` for `power` in 0...15, exact. A switch the compiler makes a table lookup: a
    /// global array cost a call to its accessor (a `swift_once` check) for every cell read.
    @inlinable @inline(__always)
    static func powerOfTen(_ power: Int) -> Double {
        switch power {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }
}
