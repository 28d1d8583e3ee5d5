import Foundation

/// `value` with exactly `decimals` decimals, as C's `%.Nf` writes it, but never a negative
/// zero: a value that rounds to zero at that precision has no sign (`0.000`, not `-0.000`;
/// trial28 #2 found a slice's R² of −0.0002 printed as `-0.000`). Every fixed-decimal number
/// in the command-line output goes through it (evaluation summaries, metric diffs, A/B
/// reports); the site's pages use `HTML.number`, which has the same rule.
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
