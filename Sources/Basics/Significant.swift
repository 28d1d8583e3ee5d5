#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `value` to `digits` significant digits, written as people write figures: never in
/// exponent notation for the sizes data holds, without a trailing `.0`, and a whole number
/// when the digits run out before the decimal point (387.1881438471568 → `387.188`,
/// 4523.0 → `4523`, 1234567.8 → `1234568`, 440305.57 at 4 digits → `440306`).
/// One of 1e15 or more in size is written with its significant digits and an exponent
/// (`1.53324e+34`, where Swift writes `1.5332435966550489e+34`; trial35: a regression label near
/// 1e36 gave its baseline's mean so).
/// - Parameters:
///   - value: any double; a non-finite one, or one so small that 10 to the power of its
///     decimals is past a double's range (below about 1e-300), is written as Swift writes it
///     (`1e-310`, where the scaling gave infinity over infinity: `nan`; trial34).
///   - digits: significant digits kept after the decimal point, at least 1.
public func significant(_ value: Double, digits: Int = 6) -> String {
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : String(value) }
    let decimals = digits - 1 - Int(log10(abs(value)).rounded(.down))
    guard decimals > 0 else {
        guard abs(value) >= 1e15 else { return String(Int64(value.rounded())) }
        // The digits of value / 10^exponent, in [1, 10); one that rounds up to 10 moves the exponent.
        var exponent = Int(log10(abs(value)).rounded(.down))
        var digitsText = significant(value / pow(10, Double(exponent)), digits: digits)
        if let rounded = Double(digitsText), abs(rounded) >= 10 {
            exponent += 1
            digitsText = significant(value / pow(10, Double(exponent)), digits: digits)
        }
        return "\(digitsText)e+\(exponent)"
    }
    let scale = pow(10, Double(decimals))
    // value × scale is about 10^(digits − 1), so only the scale itself can overflow.
    guard scale.isFinite else { return String(value) }
    let text = String((value * scale).rounded() / scale)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

/// A number as people and JSON clients write it: a whole number without `.0` (`3` for 3.0;
/// a JSON number that was sent keeps its own text, `InputNumber`), else Swift's shortest round-trip digits (`2.5`);
/// beyond 1e15, as Swift writes it.
public func numberText(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
