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
/// no thousands separators, so the advice is to remove them when exporting. When no cell of the
/// column is another number (`975`, `4.6`) and none has a decimal part after its groups, the
/// data does not decide (`1,071` … `19,973` are concentrations as often as amounts): the advice
/// names both readings and asks (trial20 #2b). Spaces grouping thousands (`1 228`, also with
/// U+00A0 or U+202F, as French exports write them) are judged as commas are (trial20 #10), and
/// so are apostrophes (`1'078.72`, also the typographic U+2019, as Swiss exports write them;
/// trial21 #2).
///
/// A column that is read as numbers may still hold grouping read as a decimal mark
/// (`misreadGrouping`): the other judgement here, behind the warnings of `data inspect`, `new`
/// and `train`.
public enum NumberMarks: Equatable, Sendable {
    /// `41,4`: a decimal comma, which `decimal = ","` reads.
    case decimalComma(example: String)
    /// `1,950`: every comma cell groups thousands (or has exactly three decimals).
    case thousandsCommas(example: String)
    /// `1.356,31` or `1.356.310`: dots group thousands, before a decimal comma when there is one.
    case thousandsDots(example: String)
    /// `1 228` or `1 228,5`: spaces (or U+00A0, U+202F) group thousands.
    case thousandsSpaces(example: String)
    /// `1'078.72`: apostrophes (or U+2019) group thousands.
    case thousandsApostrophes(example: String)
    /// `1,071` in a column where every cell is so shaped: thousands, or three decimals.
    case ambiguousCommas(example: String)

    /// The cell the advice cites.
    public var example: String {
        switch self {
        case .decimalComma(let example), .thousandsCommas(let example), .thousandsDots(let example),
            .thousandsSpaces(let example), .thousandsApostrophes(let example), .ambiguousCommas(let example):
            example
        }
    }

    /// How the present values `cells` (no missing markers) write their numbers, when every one
    /// is a number read with a decimal point or written in one of the shapes above and at least
    /// one is not read with a decimal point; nil otherwise (text, or plain numbers).
    /// A dot-grouped cell makes the judgement `thousandsDots`; else a space-grouped one
    /// `thousandsSpaces`; else an apostrophe-grouped one `thousandsApostrophes`; else a comma cell
    /// not shaped as grouping makes it `decimalComma`; else `thousandsCommas`, or
    /// `ambiguousCommas` when no cell is a number read with a decimal point and every comma cell
    /// has one comma and no decimal part: the evidence does not decide (trial28 #2: `1,000,112`,
    /// with two, was cited as what might be a decimal comma). The example is the smallest cell of its
    /// shape in UTF-8 byte order (the same whatever the row order).
    ///
    /// `cells` stand for the column: every present value, or a sample of those the reader's
    /// decimal mark did not read together with one it did when there is one (a CSV job's,
    /// `InputCSV.numberMarks`), so that the lack of a plain number means the data does not decide.
    /// - Complexity: O(total length of `cells`).
    public static func judge(_ cells: some Sequence<String>) -> NumberMarks? {
        var dots: String?
        var spaces: String?
        var apostrophes: String?
        var commas: String?
        var decimals: String?
        var otherNumbers = false
        var groupingShown = false
        func least(_ current: String?, _ cell: String) -> String {
            guard let current else { return cell }
            return ColumnProfile.byteOrder(cell, current) ? cell : current
        }
        for cell in cells {
            if CSVTable.number(cell) != nil {
                otherNumbers = true
                continue
            }
            if isGrouped(cell, thousands: ".", decimal: ",") {
                dots = least(dots, cell)
            } else if spaceMarks.contains(where: { space in
                isGrouped(cell, thousands: space, decimal: ",") || isGrouped(cell, thousands: space, decimal: ".")
            }) {
                spaces = least(spaces, cell)
            } else if apostropheMarks.contains(where: { mark in
                isGrouped(cell, thousands: mark, decimal: ".") || isGrouped(cell, thousands: mark, decimal: ",")
            }) {
                apostrophes = least(apostrophes, cell)
            } else if isGrouped(cell, thousands: ",", decimal: ".") {
                commas = least(commas, cell)
                // A decimal part after the groups, or two groups (`1,000,112`), cannot be a decimal comma.
                if cell.contains(".") || cell.count(where: { $0 == "," }) > 1 { groupingShown = true }
            } else if CSVTable.decimalCommaNumber(cell) != nil {
                decimals = least(decimals, cell)
            } else {
                return nil
            }
        }
        if let dots { return .thousandsDots(example: dots) }
        if let spaces { return .thousandsSpaces(example: spaces) }
        if let apostrophes { return .thousandsApostrophes(example: apostrophes) }
        if let decimals { return .decimalComma(example: decimals) }
        guard let commas else { return nil }
        return otherNumbers || groupingShown
            ? .thousandsCommas(example: commas) : .ambiguousCommas(example: commas)
    }

    /// The spaces that group thousands (`DigitGrouping.spaces`).
    static let spaceMarks = DigitGrouping.spaces

    /// The apostrophes that group thousands (`DigitGrouping.apostrophes`).
    static let apostropheMarks = DigitGrouping.apostrophes

    /// The marks of `example` among `marks`, named for advice: the typographic and invisible
    /// ones with their code points (`no-break spaces (U+00A0)`), since a user searching the
    /// file for the ordinary character would not find them (trial21 #9).
    static func markNames(in example: String, among marks: [Character], plural: String) -> String {
        let named = marks.filter(example.contains).map { mark -> String in
            switch mark {
            case "\u{00A0}": "no-break spaces (U+00A0)"
            case "\u{202F}": "narrow no-break spaces (U+202F)"
            case "\u{2019}": "typographic apostrophes (U+2019)"
            default: plural
            }
        }
        return named.isEmpty ? plural : named.joined(separator: " and ")
    }

    /// Whether `character` is an ASCII digit.
    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }

    /// `DigitGrouping.isGrouped`: the one test of a grouped cell's shape.
    static func isGrouped(_ cell: String, thousands: Character, decimal: Character) -> Bool {
        DigitGrouping.isGrouped(cell, thousands: thousands, decimal: decimal)
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
        case .thousandsSpaces(let example):
            let plain = example.trimmingCharacters(in: .whitespaces).filter { !Self.spaceMarks.contains($0) }
            let marks = Self.markNames(
                in: example.trimmingCharacters(in: .whitespaces), among: Self.spaceMarks, plural: "spaces")
            return "numbers such as \(CategoryName.cited(example)) have \(marks) grouping thousands, which modelpress "
                + "does not read: remove them when exporting (\(plain))"
                + (readDecimalComma.map { plain.contains(",") ? ", then \($0(plain))" : "" } ?? "")
        case .thousandsApostrophes(let example):
            let plain = example.trimmingCharacters(in: .whitespaces).filter { !Self.apostropheMarks.contains($0) }
            let marks = Self.markNames(in: example, among: Self.apostropheMarks, plural: "apostrophes")
            return "numbers such as \(CategoryName.cited(example)) have \(marks) grouping thousands, which "
                + "modelpress does not read: remove them when exporting (\(plain))"
                + (readDecimalComma.map { plain.contains(",") ? ", then \($0(plain))" : "" } ?? "")
        case .ambiguousCommas(let example):
            let grouped = example.filter { $0 != "," }
            let decimal = CSVTable.decimalCommaNumber(example).map(numberText) ?? example
            return "every number such as \(CategoryName.cited(example)) has one comma followed by three digits, and "
                + "no value is written without one, so the file does not tell whether the comma groups thousands "
                + "(\(grouped)) or is a decimal comma with three decimals (\(decimal)): if it groups thousands, "
                + "remove the commas when exporting (\(grouped)); if it is a decimal comma, "
                + (readDecimalComma.map { $0(example) } ?? "the file is read with one already")
        }
    }

    /// A column read as numbers in which a mark read as a decimal one seems to group thousands,
    /// so its numbers are read 1000 times too small (`misreadGrouping`).
    public struct Grouping: Equatable, Sendable {
        /// The mark read as decimal: `.` or `,`.
        public var mark: Character
        /// The smallest cell (UTF-8 byte order) with the mark before exactly three digits.
        public var example: String
        /// The smallest cell without the mark, when there is one.
        public var beside: String?
        /// Whether the file is read with a decimal comma (`decimal = ","`).
        public var decimalComma: Bool

        /// What the cells are and what to do, one clause for a warning.
        public var advice: String {
            let grouped = example.filter { $0 != mark }
            let read = numberText(
                (decimalComma ? CSVTable.decimalCommaNumber(example) : CSVTable.number(example)) ?? 0)
            let besides = beside.map { " beside numbers without one such as \(CategoryName.cited($0))" } ?? ""
            let why =
                mark == "." && decimalComma
                ? "in a file read with decimal = \",\" a point before three digits groups thousands"
                : "the numbers without it are whole, some of 100 or more, so it probably groups thousands"
            return "numbers such as \(CategoryName.cited(example)) have \(mark == "." ? "a point" : "a comma") before "
                + "exactly three digits\(besides): \(why) (\(grouped)), yet it is read as a decimal mark "
                + "(\(read), 1000 times smaller); remove the separators when exporting (\(grouped)), or write every "
                + "value with its decimals if they are decimals"
        }
    }

    /// The grouping that a column read as numbers hides, or nil. A mark read as decimal (the
    /// point; with `decimalComma`, the comma too) groups thousands when every cell holding it is
    /// one to three digits (no leading zero, a sign allowed), the mark and exactly three digits
    /// (`1.250`, `-22,109`), and:
    /// - for the point in a file read with a decimal comma: always (trial20 #2a: `1.250` beside
    ///   `10,09` in a German export was read as 1.25);
    /// - else: some cells lack the mark, and all those are whole numbers, at least one of
    ///   magnitude 100 or more (trial20 #2c: `-22,109` beside `988` read as -22.109). With no such
    ///   cell the data does not decide, and a declared mark or three decimals are taken as written.
    /// - Parameter cells: the column's present cells (no missing markers).
    /// - Complexity: O(total length of `cells`), stopping at the first cell that rules both marks out.
    public static func misreadGrouping(_ cells: some Sequence<String>, decimalComma: Bool) -> Grouping? {
        var scans = [Scan(mark: ".")] + (decimalComma ? [Scan(mark: ",")] : [])
        func least(_ current: String?, _ cell: String) -> String {
            guard let current else { return cell }
            return ColumnProfile.byteOrder(cell, current) ? cell : current
        }
        for cell in cells {
            for index in scans.indices where !scans[index].ruledOut {
                let mark = scans[index].mark
                if cell.contains(mark) {
                    if isThousandsShaped(cell, mark: mark) {
                        scans[index].grouped = least(scans[index].grouped, cell)
                    } else {
                        scans[index].ruledOut = true
                    }
                } else {
                    scans[index].beside = least(scans[index].beside, cell)
                    if let value = CSVTable.number(cell), !cell.contains("."), value == value.rounded() {
                        if abs(value) >= 100 { scans[index].besideLarge = true }
                    } else {
                        scans[index].besideWhole = false
                    }
                }
            }
            if scans.allSatisfy(\.ruledOut) { return nil }
        }
        for scan in scans where !scan.ruledOut {
            guard let grouped = scan.grouped else { continue }
            if scan.mark == "." && decimalComma || scan.beside != nil && scan.besideWhole && scan.besideLarge {
                return Grouping(mark: scan.mark, example: grouped, beside: scan.beside, decimalComma: decimalComma)
            }
        }
        return nil
    }

    /// One mark's evidence in `misreadGrouping`.
    private struct Scan {
        var mark: Character
        var ruledOut = false
        var grouped: String?
        var beside: String?
        var besideWhole = true
        var besideLarge = false
    }

    /// Whether `cell` (spaces around it allowed) is a sign, one to three digits (no leading
    /// zero), `mark` and exactly three digits.
    static func isThousandsShaped(_ cell: String, mark: Character) -> Bool {
        var text = Substring(cell.trimmingCharacters(in: .whitespaces))
        if text.first == "+" || text.first == "-" { text = text.dropFirst() }
        let parts = text.split(separator: mark, omittingEmptySubsequences: false)
        guard parts.count == 2, (1...3).contains(parts[0].count), parts[0].first != "0", parts[1].count == 3 else {
            return false
        }
        return parts.allSatisfy { $0.allSatisfy(isDigit) }
    }
}
