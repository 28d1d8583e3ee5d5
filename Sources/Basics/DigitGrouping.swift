/// Numbers written with their thousands grouped (`351,000`, `1.356,31`, `1 228`, `1'078.72`),
/// which `DecimalNumber` does not read: the one test of that shape for a cell, behind a data
/// file's judgement (`NumberMarks` in Models) and a single value's advice (a form field, a JSON
/// string, regression feedback; trial22: `"351,000"` as feedback was only "not a finite number").
public enum DigitGrouping {
    /// Spaces that group thousands: the ordinary one, the no-break space U+00A0 and the narrow
    /// no-break space U+202F (French exports).
    public static let spaces: [Character] = [" ", "\u{00A0}", "\u{202F}"]
    /// Apostrophes that group thousands: `'` and the typographic U+2019 (Swiss exports).
    public static let apostrophes: [Character] = ["'", "\u{2019}"]

    /// Whether `cell` (spaces around it and a sign allowed) is a whole part of one to three
    /// digits (no leading zero) then groups of three after `thousands`, then optionally
    /// `decimal` and digits; with dots as the grouping and no decimal part, at least two
    /// groups (`1.356` alone is a decimal point).
    public static func isGrouped(_ cell: String, thousands: Character, decimal: Character) -> Bool {
        var text = trimmed(cell)
        if text.first == "+" || text.first == "-" { text = text.dropFirst() }
        let parts = text.split(separator: decimal, maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy(isDigit) { return false }
        let groups = parts[0].split(separator: thousands, omittingEmptySubsequences: false)
        guard groups.count >= (thousands == "." && parts.count == 1 ? 3 : 2), let first = groups.first,
            (1...3).contains(first.count), first.first != "0", first.allSatisfy(isDigit)
        else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(isDigit) }
    }

    /// The number `text` writes with grouped thousands, written as `DecimalNumber` reads it
    /// (`351,000` → `351000`, `1.356,31` → `1356.31`, `1 228,5` → `1228.5`); nil when `text` is
    /// not so written. Commas grouping a number with a decimal point are tried before dots
    /// grouping one with a decimal comma, as `NumberMarks` judges a lone cell.
    public static func plain(_ text: String) -> String? {
        let marks = spaces + apostrophes
        let shapes: [(thousands: Character, decimal: Character)] =
            [(",", "."), (".", ",")]
            + marks.flatMap { mark -> [(thousands: Character, decimal: Character)] in
                [(mark, "."), (mark, ",")]
            }
        guard let shape = shapes.first(where: { isGrouped(text, thousands: $0.thousands, decimal: $0.decimal) })
        else { return nil }
        return String(
            trimmed(text).compactMap { character -> Character? in
                character == shape.thousands ? nil : character == shape.decimal ? "." : character
            })
    }

    /// `text` without the tabs and Unicode space separators around it (Foundation's
    /// `CharacterSet.whitespaces`).
    static func trimmed(_ text: String) -> Substring {
        func isSpace(_ character: Character) -> Bool {
            character == "\t"
                || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
        }
        var text = Substring(text)
        while let first = text.first, isSpace(first) { text = text.dropFirst() }
        while let last = text.last, isSpace(last) { text = text.dropLast() }
        return text
    }

    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }
}
