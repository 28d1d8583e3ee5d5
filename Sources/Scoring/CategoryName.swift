import Basics

/// How a value names one of a categorical field's categories: the one rule that predict.cgi
/// (JSON, forms, batch jobs), `modelpress predict` and a model's own binning share, and that
/// `data inspect`, `new` and `train` warn by.
///
/// The value as sent wins when it is a category byte for byte (`basic ` names the category
/// `basic ` of a model trained without `trim_spaces`). Otherwise its `key` — without the
/// spaces, tabs and line breaks around it, every CRLF or lone CR inside made LF (browsers send a
/// form's line breaks as CRLF; a CSV cell may hold either) — must equal the key of exactly one
/// category, which it then names (`basic` and ` basic` name `basic `; `Crash\r\nagain` names
/// `Crash\nagain`). Failing both, `true` or `false` in any letter case names the one category
/// that is the same word (`truthCategory`). A value whose key no category has, or several have,
/// names none.
public enum CategoryName {
    /// `value` compared the second way: surrounding whitespace (space, tab, CR, LF) dropped,
    /// CRLF and lone CR made LF.
    /// - Complexity: O(length of `value`).
    public static func key<S: StringProtocol>(_ value: S) -> String {
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in value.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousCR = true
                continue
            }
            if !(scalar == "\n" && previousCR) { scalars.append(scalar) }
            previousCR = false
        }
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// What `value` names among `categories`.
    public enum Match: Equatable, Sendable {
        /// The category at this index: the value itself, or the one category with its key.
        case category(Int)
        /// No category is the value or has its key.
        case unknown
        /// Several categories have the value's key (their indices, in order), and none is the
        /// value itself: the caller must send one of them exactly.
        case ambiguous([Int])
    }

    /// The category `value` names among `categories` by the rule above.
    /// - Complexity: O(categories × length): the exact match is tried first, the keys only when
    ///   it fails.
    public static func match(_ value: String, in categories: [String]) -> Match {
        if let exact = categories.firstIndex(of: value) { return .category(exact) }
        let wanted = key(value)
        let same = categories.indices.filter { key(categories[$0]) == wanted }
        switch same.count {
        case 0: return truthCategory(value, in: categories).map(Match.category) ?? .unknown
        case 1: return .category(same[0])
        default: return .ambiguous(same)
        }
    }

    /// The groups of `categories` (two or more each) that a person almost surely means as one,
    /// in the order of their first member: ones that differ only in letter case, surrounding
    /// whitespace or line endings (`basic `, `Basic`, `BASIC`), which `trim_spaces = true` or a
    /// cleaned file would join, and ones that read as the same number (`2`, `2.0`, `2e0`; `0` and
    /// `0.0` as pandas writes a float column), which the file should write one way. A model learns
    /// each member as a category of its own. A group is of numbers only or of text only.
    /// - Parameter number: the finite number a category spells, or nil (the data file's dialect:
    ///   with a decimal comma `2,0` is 2); by default the grammar requests are read by.
    /// - Complexity: O(categories × length).
    public static func nearDuplicateGroups(
        _ categories: [String], number: (String) -> Double? = finiteNumber
    ) -> [[String]] {
        enum Loose: Hashable {
            case number(Double)
            case text(String)
        }
        var order: [Loose] = []
        var groups: [Loose: [String]] = [:]
        for category in categories {
            let key = key(category)
            let loose = number(key).map(Loose.number) ?? .text(key.lowercased())
            if groups[loose] == nil { order.append(loose) }
            groups[loose, default: []].append(category)
        }
        return order.compactMap { groups[$0]!.count > 1 ? groups[$0] : nil }
    }

    /// `values` in the order a message lists them: by number when every one is a number
    /// (`1, 2, 10` for integer-coded categories, whose byte order is `1, 10, 2`; trial22 #11),
    /// else as given (categories and classes come in byte order). Stable among equal numbers.
    /// - Complexity: O(values × log values).
    public static func listed(_ values: [String], number: (String) -> Double? = finiteNumber) -> [String] {
        let numbers = values.map { number(key($0)) }
        guard !values.isEmpty, numbers.allSatisfy({ $0 != nil }) else { return values }
        return values.indices.sorted { (numbers[$0]!, $0) < (numbers[$1]!, $1) }.map { values[$0] }
    }

    /// Whether `value` is `true` or `false` in any letter case, surrounding whitespace aside.
    public static func isTruthWord(_ value: String) -> Bool {
        ["true", "false"].contains(key(value).lowercased())
    }

    /// The categories that are `value` in any letter case (compared by `key`), in order.
    /// - Complexity: O(categories × length).
    public static func caseless(_ value: String, in categories: [String]) -> [Int] {
        let wanted = key(value).lowercased()
        return categories.indices.filter { key(categories[$0]).lowercased() == wanted }
    }

    /// The one category that the word `true` or `false` in `value` names in another letter case
    /// (`True` names `true`, `false` names `FALSE`), or nil: a true/false column is the same two
    /// values however a writer spells them (pandas writes `True`, JSON and LightGBM's
    /// `pandas_categorical` `true`; trial22 #2). Other words keep their case: a code's may matter.
    /// - Complexity: O(categories × length).
    public static func truthCategory(_ value: String, in categories: [String]) -> Int? {
        guard isTruthWord(value) else { return nil }
        let same = caseless(value, in: categories)
        return same.count == 1 ? same[0] : nil
    }

    /// The finite number `text` spells by `DecimalNumber`'s grammar, or nil.
    public static func finiteNumber(_ text: String) -> Double? {
        DecimalNumber.parse(text).flatMap { $0.isFinite ? $0 : nil }
    }

    /// Whether a group of `nearDuplicateGroups` is of numbers (`2`, `2.0`) rather than text.
    public static func isNumberGroup(
        _ group: [String], number: (String) -> Double? = finiteNumber
    ) -> Bool {
        group.first.map { number(key($0)) != nil } ?? false
    }

    /// `value` as a message or a table shows it: as is when that reads unambiguously, else
    /// `quoted`: in single quotes (double quotes when it holds a `'`) with line breaks, tabs,
    /// other control and format characters, spaces other than U+0020, the quote and backslashes
    /// escaped (`'basic '`, `'Crash\r\nagain'`, `'\x1b[31mRED'`, `'10\u00a0264'`, `"1'078.72"`),
    /// so that `basic ` and `basic` never look the same, a value never breaks a line and never
    /// acts on the terminal.
    public static func shown(_ value: String) -> String {
        let scalars = value.unicodeScalars
        let plain =
            !value.isEmpty && scalars.first != " " && scalars.last != " "
            && !scalars.contains(where: { ControlCharacters.isEscaped($0) || "'\\,;\"".unicodeScalars.contains($0) })
        return plain ? value : quoted(value)
    }

    /// `shown(_:)` of `value` cut to `limit` characters (`shortened`): a category in a table.
    public static func shown(_ value: String, limit: Int) -> String {
        shown(shortened(value, to: limit))
    }

    /// `value` in single quotes with CR, LF, tab, `'` and `\` escaped as `\r`, `\n`, `\t`, `\'`
    /// and `\\` — in double quotes when it holds a `'` and no `"`, as Python's `repr` chooses, so
    /// that `1'078.72` reads `"1'078.72"`, not `'1\'078.72'` (trial23 #5) — and every other
    /// character a terminal would act on, not show or show as another
    /// (`ControlCharacters.isEscaped`: C0, DELETE, C1, format characters such as the bidi override
    /// U+202E, line and paragraph separators, spaces other than U+0020 such as U+00A0) by its code
    /// point: an ASCII one as `\x` and two hex digits (`\x00`, `\x1b`), any other as `\u` and
    /// four (`\u0085`, `\u00a0`, `\u202e`) or `\U` and eight, as Python's `repr` writes them but
    /// for `\u00a0` (Python's `\xa0`), which then reads as the code point a message names
    /// (`U+00A0`): text from a data file or a request is printed to terminals, where ESC starts a
    /// command (trial17 #11: a CSV cell recoloured the terminal through `data inspect`), U+202E
    /// shows what follows reversed (trial19 #6) and U+00A0 looks like a space (trial21 #9).
    public static func quoted(_ value: String) -> String {
        let scalars = value.unicodeScalars
        let quote: Unicode.Scalar = scalars.contains("'") && !scalars.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in scalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(quote)
            case "\\": out += "\\\\"
            case _ where ControlCharacters.isEscaped(scalar): out += ControlCharacters.escaped(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + String(quote)
    }

    /// `quoted(_:)` of `value` cut to `limit` characters (`shortened`).
    public static func quoted(_ value: String, limit: Int) -> String {
        quoted(shortened(value, to: limit))
    }

    /// How many characters of a value a message or a table shows (`shortened`): a category can
    /// be a whole note, 135 KB in one cell (trial17 #10).
    public static let shownLength = 40

    /// A value from data (a cell, a category, a column name) as a message cites it: `quoted`,
    /// cut to `shownLength` characters. Error messages, warnings and notes all cite it so.
    public static func cited(_ value: String) -> String {
        quoted(value, limit: shownLength)
    }

    /// `value` cut to its first `length` characters and `…` when it is longer; as is otherwise.
    public static func shortened(_ value: String, to length: Int = shownLength) -> String {
        guard value.count > length else { return value }
        return String(value.prefix(length)) + "…"
    }
}
