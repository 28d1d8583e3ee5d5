import Basics
import Foundation

/// `value` with exactly `decimals` decimals, as C's `%.Nf` writes it, but never a negative
/// zero: a value that rounds to zero at that precision has no sign (`0.000`, not `-0.000`;
/// trial28 #2 found a slice's R² of −0.0002 printed as `-0.000`). Every fixed-decimal number
/// in the command-line output goes through it (A/B reports; evaluation summaries and metric
/// diffs through `figure`); the site's pages use `HTML.figure` and `HTML.number`, which have
/// the same rule.
/// - Parameters:
///   - value: any double; a non-finite one is written as `%f` writes it (`inf`, `nan`).
///   - decimals: digits after the decimal point, 0 or more.
///   - signed: `+` before a positive value (`%+.Nf`), for differences; zero still has no sign.
public func fixedDecimals(_ value: Double, _ decimals: Int, signed: Bool = false) -> String {
    let text = String(format: signed ? "%+.\(decimals)f" : "%.\(decimals)f", value)
    guard let sign = text.first, sign == "-" || sign == "+",
        text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
    else { return text }
    return String(text.dropFirst())
}

/// A measured figure as people read it: `decimals` decimals while the whole part has one or
/// two digits, one fewer for each digit beyond, so that no figure shows more than `decimals`
/// + 2 digits, and the whole part grouped by thousands from 10,000 on. A metric in [0, 1]
/// keeps its decimals; a price's error stops carrying cents it cannot know (trial28 #12: an
/// MAE of `18766.4645 [17280.5266, 20461.3121]` reads `18,766.5 [17,280.5, 20,461.3]` at 4
/// decimals, `18,766 [17,281, 20,461]` at 3). Never a negative zero (`fixedDecimals`).
/// Metrics on the command line use 4 decimals, the site's pages 3.
/// - Parameters:
///   - value: any double; a non-finite one is written as `%f` writes it (`inf`, `nan`).
///   - decimals: decimals for values below 100, 0 or more.
///   - signed: `+` before a positive value, for differences (`fixedDecimals`).
///   - scale: the decimals are chosen for the larger of |value| and this, so that figures
///     printed together (an estimate and its interval) share them: `figures`.
public func figure(_ value: Double, decimals: Int, signed: Bool = false, scale: Double = 0) -> String {
    guard value.isFinite else { return fixedDecimals(value, decimals, signed: signed) }
    var wholeDigits = 1
    var magnitude = max(abs(value), scale.isFinite ? abs(scale) : 0).rounded(.down)
    while magnitude >= 10 {
        magnitude = (magnitude / 10).rounded(.down)
        wholeDigits += 1
    }
    let text = fixedDecimals(value, max(0, min(decimals, decimals + 2 - wholeDigits)), signed: signed)
    let sign = text.first.map { $0 == "-" || $0 == "+" } == true ? String(text.prefix(1)) : ""
    let whole = text.dropFirst(sign.count).prefix { $0 != "." }
    guard abs(value) >= 9_999.5, let units = Int64(whole) else { return text }
    return sign + groupedDigits(units) + text.dropFirst(sign.count + whole.count)
}

/// `figure` of each value with the decimals of the largest, for figures read together: an
/// estimate and its interval (`75.00 [-242.66, 392.66]`, not `75.000 [-242.66, 392.66]`).
/// - Parameters:
///   - values: the figures, in the order they are returned.
///   - decimals: decimals for values below 100 (`figure`).
public func figures(_ values: [Double], decimals: Int) -> [String] {
    let scale = values.lazy.filter(\.isFinite).map(abs).max() ?? 0
    return values.map { figure($0, decimals: decimals, scale: scale) }
}
