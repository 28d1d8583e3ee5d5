import Basics
import Foundation

/// How numbers that a decimal point does not read are written in a column (or a file's
/// field): with a decimal comma (`41,4`), with commas grouping thousands (`1,950`), or with a
/// decimal comma and dots grouping thousands (`1.356,31`). The one judgement behind every
/// piece of advice about `decimal = ","`: `data inspect`, `new` and `train` warnings, a
/// regression label's error, `modelpress predict`'s note and a CSV job's 400.
///
/// A cell whose every comma is followed by exactly three digits, with one to three digits
/// (not a leading zero) before the first (`^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$`), may be a
/// decimal comma with three decimals or thousands grouping; when every comma cell of a
/// column has that shape, grouping is by far the likelier (amounts exported by a spreadsheet),
/// and reading it with a decimal comma would make `1,950` 1.95 beside `975`. modelpress reads
/// no thousands separators, so the advice is to remove them when exporting.
public enum NumberMarks: Equatable, Sendable {
    /// `41,4`: a decimal comma, which `decimal = ","` reads.
    case decimalComma(example: String)
    /// `1,950`: every comma cell groups thousands (or has exactly three decimals).
    case thousandsCommas(example: String)
    /// `1.356,31` or `1.356.310`: dots group thousands, before a decimal comma when there is one.
    case thousandsDots(example: String)

    /// The cell the advice cites.
    public var example: String {
        switch self {
        case .decimalComma(let example), .thousandsCommas(let example), .thousandsDots(let example): example
        }
    }

    /// How the present values `cells` (no missing markers) write their numbers, when every one
    /// is a number read with a decimal point or written in one of the shapes above and at least
    /// one is not read with a decimal point; nil otherwise (text, or plain numbers).
    /// A dot-grouped cell makes the judgement `thousandsDots`; else a comma cell not shaped as
    /// grouping makes it `decimalComma`; else `thousandsCommas`. The example is the smallest
    /// cell of its shape in UTF-8 byte order (the same whatever the row order).
    /// - Complexity: O(total length of `cells`).
    public static func judge(_ cells: some Sequence<String>) -> NumberMarks? {
        var dots: String?
        var commas: String?
        var decimals: String?
        func least(_ current: String?, _ cell: String) -> String {
            guard let current else { return cell }
            return ColumnProfile.byteOrder(cell, current) ? cell : current
        }
        for cell in cells {
            if CSVTable.number(cell) != nil { continue }
            if isGrouped(cell, thousands: ".", decimal: ",") {
                dots = least(dots, cell)
            } else if isGrouped(cell, thousands: ",", decimal: ".") {
                commas = least(commas, cell)
            } else if CSVTable.decimalCommaNumber(cell) != nil {
                decimals = least(decimals, cell)
            } else {
                return nil
            }
        }
        if let dots { return .thousandsDots(example: dots) }
        if let decimals { return .decimalComma(example: decimals) }
        return commas.map { .thousandsCommas(example: $0) }
    }

    /// Whether `character` is an ASCII digit.
    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }

    /// Whether `cell` (spaces around it and a sign allowed) is a whole part of one to three
    /// digits (no leading zero) then groups of three after `thousands`, then optionally
    /// `decimal` and digits; with dots as the grouping and no decimal part, at least two
    /// groups (`1.356` alone is a decimal point).
    static func isGrouped(_ cell: String, thousands: Character, decimal: Character) -> Bool {
        var text = Substring(cell.trimmingCharacters(in: .whitespaces))
        if text.first == "+" || text.first == "-" { text = text.dropFirst() }
        let parts = text.split(separator: decimal, maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy(isDigit) { return false }
        let groups = parts[0].split(separator: thousands, omittingEmptySubsequences: false)
        guard groups.count >= (thousands == "." && parts.count == 1 ? 3 : 2), let first = groups.first,
            (1...3).contains(first.count), first.first != "0", first.allSatisfy(isDigit)
        else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(isDigit) }
    }

    /// What the cells are and what to do, one clause for a message: a decimal comma ends with
    /// `readDecimalComma(example)`, the channel's way to read one (`declare decimal = ","`,
    /// `read them with --decimal ,`, `write them as 41.4`); nil when the file is already read
    /// with a decimal comma. Thousands grouping is never advised to be read as a decimal comma.
    public func advice(readDecimalComma: ((String) -> String)?) -> String {
        switch self {
        case .decimalComma(let example):
            return "numbers such as \(CategoryName.cited(example)) are written with a decimal comma"
                + (readDecimalComma.map { "; \($0(example))" } ?? "")
        case .thousandsCommas(let example):
            let plain = example.filter { $0 != "," }
            let misread = CSVTable.decimalCommaNumber(example).map {
                " (decimal = \",\" would read it as \(numberText($0)))"
            }
            return
                "numbers such as \(CategoryName.cited(example)) have commas grouping thousands (every comma is followed "
                + "by three digits), which modelpress does not read\(misread ?? ""): remove the separators when exporting "
                + "(\(plain))"
        case .thousandsDots(let example):
            let plain = example.filter { $0 != "." }
            return "numbers such as \(CategoryName.cited(example)) are written with a decimal comma and dots grouping "
                + "thousands, which modelpress does not read: remove the dots when exporting (\(plain))"
                + (readDecimalComma.map { plain.contains(",") ? ", then \($0(plain))" : "" } ?? "")
        }
    }
}
