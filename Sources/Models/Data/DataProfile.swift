import Foundation

/// A data file's columns as `modelpress data inspect` shows them, and what looks wrong in them.
public struct DataProfile: Sendable {
    /// The file's path as given.
    public var file: String
    public var rows: Int
    /// The separator the file was read with.
    public var separator: String
    /// Every column in file order, the label's included.
    public var columns: [ColumnProfile]
    /// What looks wrong in single columns (`DataDeclaration.columnWarnings`), one line each,
    /// for people; training prints the same lines for its fields.
    public var warnings: [String]
}

/// The few cells of a column that are not numbers while the rest are: what keeps it from
/// being numeric (often a missing-value marker the pipeline does not declare, such as `n/a`).
public struct StrayText: Sendable, Equatable {
    /// Each text value and how many cells hold it, most frequent first (then in byte order).
    public var values: [Value]
    /// The lines of the first cells holding one, in file order (at most `shownLines`).
    public var lines: [Int]
    /// The cells holding one of them.
    public var count: Int

    public struct Value: Sendable, Equatable {
        public var text: String
        public var count: Int
    }

    /// At most this many distinct text values count as stray.
    static let maximumValues = 10
    /// At most this share of the present cells may be text for the column to count as numeric.
    static let maximumShare = 0.1
    static let shownLines = 10
}

extension DataDeclaration {
    /// A column with fewer rows than this for one class gets a warning: its metrics rest on
    /// very few test rows.
    static let rareClassRows = 10

    /// Every column of the training file profiled, without checking its SHA-256 (the file
    /// need not be committed yet), with the warnings training would print about its columns.
    /// - Throws: `DataFileError` for a file that is missing, empty or ragged, or a bad header.
    /// - Complexity: O(rows × columns).
    public func profile(root: URL = URL(fileURLWithPath: ".")) throws -> DataProfile {
        let file = try DataTable(
            reading: training, declaration: self, root: root, checked: false, keepsUnlabelled: true)
        var columns: [ColumnProfile] = []
        var warnings: [String] = []
        for (index, name) in file.header.enumerated() {
            let profile = ColumnProfile(name: name, column: index, of: file.table)
            columns.append(profile)
            warnings += columnWarnings(profile, column: index, of: file.table)
        }
        return DataProfile(
            file: training, rows: file.table.records.count, separator: file.separator, columns: columns,
            warnings: warnings)
    }

    /// What looks wrong in one column of the whole file, one line each: a column with one
    /// value, a mostly numeric column made categorical by a few text cells (`strayText`), a
    /// categorical column with so many values that it is probably an identifier.
    /// - Parameter profile: the column's profile over every row of `table`.
    func columnWarnings(_ profile: ColumnProfile, column: Int, of table: CSVTable) -> [String] {
        let place = "\(table.file) (column '\(profile.name)')"
        var warnings: [String] = []
        if profile.values.count == 1, let value = profile.values.first {
            warnings.append(
                profile.missingCount == 0
                    ? "\(place): every value is '\(value)', so it cannot tell rows apart; add it to ignore = [...]"
                    : "\(place): every present value is '\(value)' (\(profile.missingCount) cells are missing), so it "
                        + "tells rows apart only by being missing; add it to ignore = [...] unless that matters")
        }
        let kind = kinds[profile.name] ?? profile.inferredKind
        guard kind == .categorical else { return warnings }
        if kinds[profile.name] == nil, let stray = strayText(profile, column: column, of: table) {
            let values = stray.values.map { "'\($0.text)' ×\($0.count)" }.joined(separator: ", ")
            let lines =
                stray.lines.map(String.init).joined(separator: ", ") + (stray.count > stray.lines.count ? ", …" : "")
            warnings.append(
                "\(place): \(stray.count) of \(profile.presentCount) values are not numbers: \(values) "
                    + "(line \(lines)); add them to missing = [...] to make the column numeric, or declare it "
                    + "\"categorical\" in [data.columns] to keep it as text")
        }
        if profile.values.count >= Self.identifierWarningCategories {
            warnings.append(
                "\(place): \(profile.values.count) distinct values in \(profile.presentCount) rows, probably an "
                    + "identifier; add it to ignore = [...] or declare it numeric in [data.columns]")
        }
        return warnings
    }

    /// The text cells of a column whose other present cells are numbers, when they are few
    /// (at most `StrayText.maximumValues` distinct texts and `StrayText.maximumShare` of the
    /// present cells); nil otherwise.
    /// - Complexity: O(distinct values) when the column is mostly text, else O(rows).
    func strayText(_ profile: ColumnProfile, column: Int, of table: CSVTable) -> StrayText? {
        var texts: [String: Int] = [:]
        for value in profile.values where !(Double(value)?.isFinite ?? false) {
            texts[value] = 0
            if texts.count > StrayText.maximumValues { return nil }
        }
        guard !texts.isEmpty, texts.count < profile.values.count else { return nil }
        var lines: [Int] = []
        var count = 0
        for record in table.records {
            let cell = record.fields[column]
            guard let seen = texts[cell] else { continue }
            texts[cell] = seen + 1
            count += 1
            if lines.count < StrayText.shownLines { lines.append(record.line) }
        }
        guard Double(count) <= StrayText.maximumShare * Double(profile.presentCount) else { return nil }
        let values = texts.map { StrayText.Value(text: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : ColumnProfile.byteOrder($0.text, $1.text)
        }
        return StrayText(values: values, lines: lines, count: count)
    }
}
