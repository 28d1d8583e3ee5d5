import Basics
import Foundation

/// A data file's columns as `modelpress data inspect` shows them, and what looks wrong in them.
public struct DataProfile: Sendable {
    /// The file's path as given.
    public var file: String
    /// The rows profiled: with a label, those that have one, as training reads the file.
    public var rows: Int
    /// The rows left out for a missing label (none without a label, or when every row lacks it).
    public var unlabelledRows = 0
    /// The separator the file was read with.
    public var separator: String
    /// Every column in file order, the label's included.
    public var columns: [ColumnProfile]
    /// What looks wrong in single columns (`DataDeclaration.columnWarnings`), one line each,
    /// for people; training prints the same lines for its fields.
    public var warnings: [String]

    /// Column names for a message (`its columns: a, b, c`), each as `data inspect` shows it
    /// (`CategoryName.shown`, cut), at most 40: a one-column header is named as such, so that
    /// `a,code,y` read with the wrong separator does not look like three columns (trial19 #9).
    public static func columnList(_ names: [String]) -> String {
        guard names.count != 1 else { return "its only column is \(CategoryName.cited(names[0]))" }
        return "its columns: "
            + ShortList.text(names.map { CategoryName.shown($0, limit: CategoryName.shownLength) }, limit: 40)
    }
}

/// A column `DataDeclaration.unlikelyInputs` calls no use as an input, and why.
public struct UnlikelyInput: Sendable, Equatable {
    public var name: String
    /// Why, for a note or a warning (`dates, each a category of its own`).
    public var reason: String
    /// Whether its values are numbers (an identifier's, or numbers read as text): they may be
    /// a measurement, so `new` says it in a warning rather than a note (trial19 #2).
    public var isNumbers: Bool
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
    /// At most this share of the present cells may be text for the column to count as numeric,
    /// unless every such text is a number that is not finite (`isNotFinite`).
    static let maximumShare = 0.1

    /// Whether `text` is a number a model cannot use: `inf`, `-Infinity`, `nan`, or one too large
    /// for a double (`1e400`), as Swift's `Double(_:)` (and pandas) reads them. Such cells are
    /// text to the table, which reads only finite numbers.
    static func isNotFinite(_ text: String) -> Bool {
        Double(text).map { !$0.isFinite } ?? false
    }
    static let shownLines = 10
}

extension DataDeclaration {
    /// A column with fewer rows than this for one class gets a warning: its metrics rest on
    /// very few test rows.
    static let rareClassRows = 10
    /// A column needs more distinct values than this to look like an identifier.
    static let identifierMinimumValues = 20
    /// The longest value (in characters) that counts as a short code beside a missing marker.
    static let codeLength = 5

    /// Every column of the training file profiled, without checking its SHA-256 (the file
    /// need not be committed yet), with the warnings training would print about its columns.
    /// - Parameter progress: called with a line for people after each step on a large file
    ///   (`DataTable.progressBytes` or more), as `load` calls it: read, parsed, profiled.
    /// - Throws: `DataFileError` for a file that is missing, empty or ragged, or a bad header.
    /// - Complexity: O(rows × columns).
    public func profile(
        root: URL = URL(fileURLWithPath: "."), progress: (@Sendable (String) -> Void)? = nil
    ) throws -> DataProfile {
        try profile(of: try read(root: root, progress: progress), progress: progress)
    }

    /// The training file read once, not checked against its folder's SHA256SUMS, with every
    /// record (also those without a label): for `profile(of:progress:)` and then
    /// `load(seed:root:checked:progress:minimumLeaf:recorded:reusing:)`, so that `data inspect`
    /// and `new` parse a file once.
    /// - Throws: `DataFileError` as `profile(root:progress:)`.
    public func read(
        root: URL = URL(fileURLWithPath: "."), progress: (@Sendable (String) -> Void)? = nil
    ) throws -> ReadDataFile {
        let start = DispatchTime.now().uptimeNanoseconds
        let file = try DataTable(
            reading: training, declaration: self, root: root, checked: false, keepsUnlabelled: true,
            progress: progress)
        return ReadDataFile(file: file, declaration: self, root: root, started: start)
    }

    /// Cells `profile(of:progress:)` reads at once at most: 128 MB as numbers.
    static let profiledCells = 1 << 24

    /// Every column of a file `read` read profiled, as `profile(root:progress:)` does.
    /// - Throws: `DataFileError.Reason.changedWhileRead` when the file was written while read.
    /// - Complexity: O(rows × columns).
    public func profile(of read: ReadDataFile, progress: (@Sendable (String) -> Void)? = nil) throws -> DataProfile {
        let start = read.started
        // With a label, the rows training reads: a word or a category found only in rows
        // without one is no input's (trial36 #1: inspect warned of them, new and train did not).
        var file = read.file
        if !label.isEmpty { file.leaveOutUnlabelled(label: label) }
        let profiling = DispatchTime.now().uptimeNanoseconds
        var columns: [ColumnProfile] = []
        var warnings: [String] = []
        if let warning = separatorWarning(file) { warnings.append(warning) }
        // The names new and train refuse, first: the table shows them escaped.
        for index in file.header.indices {
            if let error = file.nameError(
                column: index, declaredHeader: header != nil, isLabel: file.header[index] == label)
            {
                warnings.append(error.description)
            }
        }
        var strayMarkers: [String] = []
        var strayColumns = 0
        // Profiling a large file's columns takes longer than reading it (84 s for 41 columns of
        // 52 MB in a debug build): how far it is, once it has taken a second.
        let large = file.table.text.count >= DataTable.progressBytes
        let profiled = progress.flatMap { report in
            large
                ? StepProgress(
                    "profiling", total: file.header.count, unit: "column", reportsEnd: false, report: report) : nil
        }
        // A group of columns at a time, each group read in one pass over the text, as numbers
        // where it may be numeric, as the load reads them: a column at a time, read as text,
        // parsed the whole text once a column and interned every number (4.7 s and 600 MB for a
        // million rows × 21 columns).
        let groupColumns = max(1, Self.profiledCells / max(file.table.recordCount, 1))
        var group: (columns: Range<Int>, read: [CSVTable.Column]) = (0..<0, [])
        for (index, name) in file.header.enumerated() {
            if !group.columns.contains(index) {
                group.read = []
                let columns = index..<min(file.header.count, index + groupColumns)
                group = (
                    columns,
                    file.table.columns(Array(columns), numeric: columns.map { kinds[file.header[$0]] != .categorical })
                )
            }
            let column = group.read[index - group.columns.lowerBound]
            let profile = ColumnProfile(name: name, column: column, of: file.table)
            columns.append(profile)
            if let error = file.controlCharacterError(profile, column: index, isLabel: name == label) {
                warnings.append(error.description)
            }
            let before = strayMarkers.count
            warnings += columnWarnings(profile, column: index, of: file.table, strayMarkers: &strayMarkers)
            if strayMarkers.count > before { strayColumns += 1 }
            // With a label, the load says it of the rows a model is fitted on (`new`, `train`).
            // Whatever else is said of the column (an identifier, dates, numbers read as text):
            // what a model does with the categories is a judgement of its own (trial23 #1).
            if label.isEmpty, (kinds[name] ?? profile.inferredKind) == .categorical,
                profile.distinctCount > FeatureBinning.maximumCategories
            {
                let column = column.isNumeric ? file.table.column(index) : column
                var counts = [Int](repeating: 0, count: column.values.count)
                for code in column.codes where code >= 0 { counts[Int(code)] += 1 }
                let order = column.values.indices.sorted {
                    ColumnProfile.byteOrder(column.values[$0], column.values[$1])
                }
                if let warning = Self.categoryLimitWarning(
                    place: "\(file.table.file) (column \(CategoryName.cited(name)))",
                    categories: order.map { column.values[$0] }, rowCounts: order.map { counts[$0] },
                    rows: file.table.recordCount)
                {
                    warnings.append(warning)
                }
            }
            profiled?.advance()
        }
        if let together = missingTogether(strayMarkers, columns: strayColumns) { warnings.append(together) }
        // As a data set read from the file checks (`Dataset(table:schema:columns:read:)`), before
        // a profile of part old, part new text is shown (trial36 #6).
        guard file.table.text.isUnchanged else { throw DataFileError(file: file.table.file, reason: .changedWhileRead) }
        let end = DispatchTime.now().uptimeNanoseconds
        file.report(
            progress,
            "profiled \(file.header.count) columns in "
                + String(format: "%.1f s (%.1f s in all)", Double(end - profiling) / 1e9, Double(end - start) / 1e9))
        return DataProfile(
            file: training == DataTable.standardInput ? DataTable.standardInputName : training,
            rows: file.table.recordCount, unlabelledRows: file.unlabelledLines.count,
            separator: file.separator, columns: columns, warnings: warnings)
    }

    /// What looks wrong in one column of the whole file, one line each: a column with one
    /// value, a mostly numeric column made categorical by a few text cells (`strayText`), numbers
    /// with a decimal comma read as text, a default missing marker that may be a code
    /// (`codeLikeMarker`), numbers in the first rows and text after (`leadingNumbers`), a
    /// column so nearly all distinct that it is probably an identifier,
    /// whole numbers written with leading zeros (codes such as `01234`, read as 1234).
    /// - Parameter profile: the column's profile over every row of `table`.
    /// - Parameter strayMarkers: the values this column's warning advises declaring missing
    ///   are added here, for `missingTogether`.
    func columnWarnings(
        _ profile: ColumnProfile, column: Int, of table: CSVTable, strayMarkers: inout [String]
    ) -> [String] {
        let place = "\(table.file) (column \(CategoryName.cited(profile.name)))"
        var warnings: [String] = []
        // A label with one value is the load's error to report (it has one class), not a column to ignore.
        let asNumbers = (kinds[profile.name] ?? profile.inferredKind) == .numeric
        if profile.name != label, profile.holdsOneValue(asNumbers: asNumbers), let value = profile.distinct.first {
            warnings.append(
                profile.missingCount == 0
                    ? "\(place): every value is \(CategoryName.cited(value)), so it cannot tell rows apart; add it to ignore = [...]"
                    : "\(place): every present value is \(CategoryName.cited(value)) (\(profile.missingCount) cells are missing), so it "
                        + "tells rows apart only by being missing; add it to ignore = [...] unless that matters")
        }
        let kind = kinds[profile.name] ?? profile.inferredKind
        if kind == .numeric {
            if profile.name != label, Self.isIdentifier(profile, kind: kind) {
                // The verdict first, then its evidence (trial23 #6: "named as an identifier: probably
                // an identifier" said it twice).
                warnings.append(
                    "\(place): probably an identifier: \(profile.distinctCount) whole numbers in \(profile.presentCount) "
                        + "rows, each in one row, \(Self.identifierEvidence(profile) ?? ""); add it to ignore = [...]")
            }
            if !profile.plainIntegers, let grouping = Self.misreadGrouping(column: column, of: table) {
                warnings.append("\(place): " + grouping.advice)
            }
            if kinds[profile.name] == nil, profile.allIntegers, !profile.plainIntegers,
                let zeros = Self.leadingZeros(column: column, of: table)
            {
                let examples = ShortList.text(zeros.examples.map(CategoryName.cited))
                warnings.append(
                    "\(place): \(counted(zeros.count, "value")) written with leading zeros (\(examples)) "
                        + "\(zeros.count == 1 ? "is" : "are") read as numbers, so \(CategoryName.cited(zeros.examples[0])) "
                        + "is \(numberText(CSVTable.number(zeros.examples[0]) ?? 0)); if they are codes (postal codes, "
                        + "account numbers), \(Self.categoricalAdvice(profile.name)) to keep them as written: then "
                        + "the model knows only the codes it was trained on and predict.cgi refuses any other, so "
                        + "every code the training file lacks is refused")
            }
            return warnings
        }
        // Cells that are numbers written with a decimal comma or thousands separators are not
        // advised as missing markers: declaring them missing would drop the values.
        let marks = kinds[profile.name] == nil ? NumberMarks.judge(profile.distinct) : nil
        let stray = kinds[profile.name] == nil && marks == nil ? strayText(profile, column: column, of: table) : nil
        // The label's are its classes', which the load names (or refuses). Stray texts advised
        // as missing markers are not also categories to clean (trial35: `NaN` and `nan`).
        if profile.name != label {
            warnings += nearDuplicateWarnings(
                profile, column: column, of: table, place: place, excluding: Set(stray?.values.map(\.text) ?? []))
        }
        // Percentages (`12%`) are numbers a model could compare, read as categories in byte
        // order (`0%, 10%, 12%, …, 5%`): said with the fix, as number formats are (trial25 #11).
        if kinds[profile.name] == nil, let example = Self.percentExample(profile.distinct) {
            let cost = Self.fewRowsPerCategory(profile) ? "; \(Self.laterValuesRefused(profile))" : ""
            warnings.append(
                "\(place): every value is a percentage (\(CategoryName.cited(example))), read as text with "
                    + "\(counted(profile.distinctCount, "category", "categories")) in byte order ("
                    + ShortList.text(profile.sortedValues.map(CategoryName.cited)) + "): a model cannot compare "
                    + "them as numbers, and predict.cgi refuses a rate the training file lacks (and 12 for 12%); "
                    + "remove the % when exporting (write 12 for 12%) so that the column is read as numbers, or "
                    + "\(Self.categoricalAdvice(profile.name)) to keep them as categories" + cost)
            return warnings
        }
        if let stray, profile.name != label {
            strayMarkers += stray.values.map(\.text).filter { !strayMarkers.contains($0) }
            let values = stray.values.map { "\(CategoryName.cited($0.text)) ×\($0.count)" }.joined(separator: ", ")
            let lines =
                stray.lines.map(String.init).joined(separator: ", ") + (stray.count > stray.lines.count ? ", …" : "")
            let what =
                stray.values.allSatisfy({ StrayText.isNotFinite($0.text) })
                ? "are not finite numbers, which a model cannot compare" : "are not numbers"
            warnings.append(
                "\(place): \(stray.count) of \(profile.presentCount) values \(what): \(values) "
                    + "(line \(lines)); to make the column numeric, declare them missing: "
                    + missingAdvice(missing + stray.values.map(\.text))
                    + "; or \(Self.categoricalAdvice(profile.name)) to keep it as text")
        }
        if let marker = codeLikeMarker(profile, of: table) {
            let codes = ShortList.text(profile.sortedValues.map { CategoryName.cited($0) })
            warnings.append(
                "\(place): \(CategoryName.cited(marker.text)) in \(marker.count) row\(marker.count == 1 ? " is" : "s are") read as "
                    + "missing (a default missing marker), and the other values are short codes (\(codes)); if "
                    + "\(CategoryName.cited(marker.text)) is a value here (\(Self.markerMeaning(marker.text))), keep it with "
                    + missingAdvice(missing.filter { $0 != marker.text }))
        }
        if let marks {
            let read =
                table.dialect.decimalComma
                ? nil : { (_: String) in "\(Self.decimalCommaAdvice) to read them as numbers" }
            // The format says what the numbers are; how many categories they make says what that
            // costs (trial23 #1: 2981 amounts in 3000 rows, most refused at serving, and no word).
            let cost = Self.fewRowsPerCategory(profile) ? "; \(Self.laterValuesRefused(profile))" : ""
            warnings.append(
                "\(place): the column is read as text with "
                    + "\(profile.distinctCount) categories: " + marks.advice(readDecimalComma: read) + cost)
            return warnings
        }
        if kinds[profile.name] == nil, profile.name != label, profile.distinctCount > 1,
            profile.distinct.allSatisfy(Self.isDate), let example = profile.sortedValues.first
        {
            warnings.append(
                "\(place): every value is a date (\(CategoryName.cited(example)), \(counted(profile.distinctCount, "date")) in all), read "
                    + "as a category: the model knows only the dates it was trained on, and predict.cgi refuses any "
                    + "other, so every later date is refused; add it to ignore = [...], or derive the parts that "
                    + "repeat (month, weekday) as columns of their own")
            return warnings
        }
        if kinds[profile.name] == nil, stray == nil, let run = Self.leadingNumbers(profile, column: column, of: table),
            let text = profile.firstText
        {
            warnings.append(
                "\(place): numbers in lines \(run.first)–\(run.last) (\(counted(run.count, "value"))), text from line "
                    + "\(text.line) (\(CategoryName.cited(text.value))), so the column is categorical with "
                    + "\(profile.distinctCount) categories, each number one of them; if the text writes what the "
                    + "numbers do (two files joined?), write the column one way; if it is all categories, "
                    + "\(Self.categoricalAdvice(profile.name)) to say so")
        }
        if profile.name != label, Self.isIdentifier(profile, kind: kind) {
            // Declaring text numeric would only make training refuse it: that advice is for numbers.
            let advice =
                switch kind {
                case .numeric: "add it to ignore = [...] unless its numbers are amounts a model may compare"
                case .categorical where profile.distinct.allSatisfy({ CSVTable.number($0) != nil }):
                    "add it to ignore = [...], or declare it numeric in [data.columns] if its numbers are amounts"
                case .categorical: "add it to ignore = [...]: a model learns nothing from values no later row repeats"
                }
            warnings.append(
                "\(place): \(profile.distinctCount) distinct values in \(profile.presentCount) rows, probably an "
                    + "identifier; \(advice)")
        } else if profile.name != label, kinds[profile.name] == .categorical,
            Self.isIdentifier(profile, kind: .categorical, declared: true)
        {
            // Codes declared categorical (postal codes kept with their zeros): nearly one per row.
            warnings.append(
                "\(place): declared categorical, with \(profile.distinctCount) categories in \(profile.presentCount) "
                    + "rows (fewer than two rows each on average): the model learns little from them, and predict.cgi "
                    + "refuses every value the training file lacks, most new ones; add it to ignore = [...], or derive "
                    + "a coarser code (such as its first digits) as a column of its own")
        }
        return warnings
    }

    /// The smallest (in byte order) of `values` when every one is a percentage: a number with a
    /// decimal point or comma, then `%`, a space (or U+00A0, U+202F) allowed before it (`12%`,
    /// `-2,5 %`); nil otherwise or when there is none.
    static func percentExample(_ values: some Collection<String>) -> String? {
        guard !values.isEmpty else { return nil }
        var least: String?
        for value in values {
            guard value.hasSuffix("%") else { return nil }
            var number = String(value.dropLast())
            if let last = number.last, NumberMarks.spaceMarks.contains(last) { number.removeLast() }
            guard number.last?.isNumber == true,
                CSVTable.number(number) != nil || CSVTable.decimalCommaNumber(number) != nil
            else { return nil }
            if least.map({ ColumnProfile.byteOrder(value, $0) }) ?? true { least = value }
        }
        return least
    }

    /// Whether a column read as text has nearly a category per row: more than
    /// `identifierMinimumValues` distinct values, and more than half its present cells distinct.
    /// Its categories are then values no later row repeats: an identifier's, a date's, or
    /// numbers read as text (`NumberMarks`).
    static func fewRowsPerCategory(_ profile: ColumnProfile) -> Bool {
        profile.distinctCount > identifierMinimumValues && profile.distinctCount * 2 > profile.presentCount
    }

    /// What nearly a category per row (`fewRowsPerCategory`) costs at serving, one clause for a
    /// warning: predict.cgi refuses a category the model was not trained on.
    static func laterValuesRefused(_ profile: ColumnProfile) -> String {
        "read as text, nearly every value is a category of its own (\(profile.distinctCount) in "
            + "\(profile.presentCount) rows), and predict.cgi refuses a value the training rows lack, so most "
            + "later values would be refused"
    }

    /// `NumberMarks.misreadGrouping` of column `column`'s present cells, read as `table` reads
    /// them (trial20 #2: `1.250` beside `10,09` under `decimal = ","` was read as 1.25, silently).
    /// - Complexity: O(rows), stopping at the first cell that rules grouping out.
    static func misreadGrouping(column: Int, of table: CSVTable) -> NumberMarks.Grouping? {
        let cells = table.cells(of: column).lazy.filter { !table.isMissing($0) }
        return NumberMarks.misreadGrouping(cells, decimalComma: table.dialect.decimalComma)
    }

    /// The cells of column `column` that are whole numbers written with a leading zero (`01234`,
    /// `-007`): how many, and the first three distinct ones. Nil when there is none.
    /// - Complexity: O(rows); called only for a column of whole numbers not all written plainly.
    static func leadingZeros(column: Int, of table: CSVTable) -> (count: Int, examples: [String])? {
        var count = 0
        var examples: [String] = []
        for cell in table.cells(of: column) {
            let digits = cell.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
            guard digits.count > 1, digits.first == UInt8(ascii: "0"), digits.allSatisfy({ $0 &- 48 < 10 }) else {
                continue
            }
            count += 1
            if examples.count < 3, !examples.contains(cell) { examples.append(cell) }
        }
        return count > 0 ? (count, examples) : nil
    }

    /// A file read with a declared separator as one column whose name holds another separator:
    /// the separator is wrong, and every row is one value (trial17 #16: `--separator ";"` on a
    /// comma file read one column `id,cust,…` with 40,608 categories, without a word).
    func separatorWarning(_ file: DataTable) -> String? {
        guard separator != nil, header == nil, let hint = file.separatorHint else { return nil }
        return "\(file.table.file): \(hint)"
    }

    /// The warnings for a categorical column whose categories include groups a person means as
    /// one (`CategoryName.nearDuplicateGroups`): ones that differ only in letter case, surrounding
    /// whitespace or line endings, and ones that read as the same number (trial19 #4: `2` and
    /// `2.0`). A model learns each as a category of its own, which is seldom what the file means.
    /// Values in `excluding` (the stray texts advised as missing markers) are in no group. Empty
    /// when there is none.
    /// - Complexity: O(categories × length), and O(rows) to count the rows of each value named
    ///   when there is a group.
    func nearDuplicateWarnings(
        _ profile: ColumnProfile, column: Int, of table: CSVTable, place: String, excluding: Set<String> = []
    ) -> [String] {
        let values = excluding.isEmpty ? profile.sortedValues : profile.sortedValues.filter { !excluding.contains($0) }
        let groups = CategoryName.nearDuplicateGroups(values, number: table.number)
        guard !groups.isEmpty else { return [] }
        let counts = Self.rowCounts(of: Set(groups.joined()), column: column, of: table)
        return nearDuplicateWarnings(groups, counts: counts, number: table.number, place: place, what: "categories")
    }

    /// The warning lines for `groups` of values (categories, or a label's classes: `what`), one
    /// for the groups of text and one for the groups of numbers, each value named with its rows
    /// (`counts`), and what to do.
    func nearDuplicateWarnings(
        _ groups: [[String]], counts: [String: Int], number: (String) -> Double?, place: String, what: String
    ) -> [String] {
        func listed(_ groups: [[String]]) -> String { Self.listed(groups, counts: counts) }
        var warnings: [String] = []
        let texts = groups.filter { !CategoryName.isNumberGroup($0, number: number) }
        if !texts.isEmpty {
            let byCase = texts.contains { Set($0.map(CategoryName.key)).count > 1 }
            let bySpace = texts.contains { $0.contains { CategoryName.key($0) != $0 } }
            let how =
                byCase && bySpace
                ? "letter case, surrounding spaces or line endings"
                : byCase ? "letter case" : "surrounding spaces or line endings"
            var advice: [String] = []
            if bySpace && !trimSpaces { advice.append("declare trim_spaces = true (spaces around unquoted cells)") }
            advice.append(byCase ? "clean the file (modelpress does not fold case)" : "clean the file")
            warnings.append(
                "\(place): \(what) that differ only in \(how) are learned as different ones: \(listed(texts)); "
                    + advice.joined(separator: " or "))
        }
        let numbers = groups.filter { CategoryName.isNumberGroup($0, number: number) }
        if !numbers.isEmpty {
            warnings.append(
                "\(place): \(what) that read as the same number are learned as different ones: \(listed(numbers)); "
                    + Self.oneWayAdvice(numbers))
        }
        return warnings
    }

    /// `groups` for a message, each value cited with its rows (`'2' (42 rows), '2.0' (64 rows)`),
    /// groups apart by `;`, at most five.
    static func listed(_ groups: [[String]], counts: [String: Int]) -> String {
        let shown = groups.prefix(5).map { group in
            group.map { "\(CategoryName.cited($0)) (\(counted(counts[$0] ?? 0, "row")))" }.joined(separator: ", ")
        }
        return shown.joined(separator: "; ") + (groups.count > 5 ? "; … (\(groups.count) groups)" : "")
    }

    /// What to do about groups of values that read as the same number: write each number one
    /// way, shown on the first three groups (every `'2.0'` as `'2'`: the shortest spelling).
    static func oneWayAdvice(_ groups: [[String]]) -> String {
        let rewrites = groups.prefix(3).map { group in
            let target =
                group.min { $0.count != $1.count ? $0.count < $1.count : ColumnProfile.byteOrder($0, $1) } ?? ""
            return group.filter { $0 != target }.map { "every \(CategoryName.cited($0))" }.joined(separator: " and ")
                + " as \(CategoryName.cited(target))"
        }
        return "write each number one way in the file (\(rewrites.joined(separator: ", ")))"
    }

    /// How many rows hold each of `values` in column `column` (a label's cells named by
    /// `name`: `Dataset.className`), by `String` equality (canonical equivalence, as categories
    /// are matched).
    /// - Complexity: O(rows); called only to name the values of a warning.
    static func rowCounts(
        of values: Set<String>, column: Int, of table: CSVTable, name: (String) -> String = { $0 }
    ) -> [String: Int] {
        var counts: [String: Int] = [:]
        for cell in table.cells(of: column) {
            let value = name(cell)
            if values.contains(value) { counts[value, default: 0] += 1 }
        }
        return counts
    }

    /// Whether `value` is a calendar date as data files write them, optionally followed by a time
    /// (`T` or a space, then anything): year first (`2024-01-31`, `2024/1/31`), year last with the
    /// day or the month first (`31/12/2024`, `12/31/2024`, `31.12.2024`, `31-12-2024`), or a month
    /// (`2024-07`, `2024/07`). A year has four digits between 1800 and 2200; one separator throughout.
    static func isDate(_ value: String) -> Bool {
        var bytes = Array(value.utf8)[...]
        if let time = bytes.firstIndex(where: { $0 == 32 || $0 == UInt8(ascii: "T") }) {
            guard time + 1 < bytes.endIndex else { return false }
            bytes = bytes[..<time]
        }
        var numbers: [(value: Int, digits: Int)] = []
        var separator: UInt8?
        var number = 0
        var digits = 0
        for byte in bytes {
            if byte >= 48 && byte <= 57 {
                number = number * 10 + Int(byte - 48)
                digits += 1
                guard digits <= 4 else { return false }
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "."),
                digits > 0, separator == nil || separator == byte
            {
                separator = byte
                numbers.append((number, digits))
                number = 0
                digits = 0
            } else {
                return false
            }
        }
        guard digits > 0 else { return false }
        numbers.append((number, digits))
        func isYear(_ index: Int) -> Bool { numbers[index].digits == 4 && (1800...2200).contains(numbers[index].value) }
        func isPart(_ index: Int, _ range: ClosedRange<Int>) -> Bool {
            numbers[index].digits <= 2 && range.contains(numbers[index].value)
        }
        switch numbers.count {
        case 2: return separator != UInt8(ascii: ".") && isYear(0) && numbers[1].digits == 2 && isPart(1, 1...12)
        case 3 where isYear(0): return isPart(1, 1...12) && isPart(2, 1...31)
        case 3 where isYear(2):
            return isPart(0, 1...31) && isPart(1, 1...31) && (isPart(0, 1...12) || isPart(1, 1...12))
        default: return false
        }
    }

    /// The columns of `profile` that the warnings call no use as inputs, in file order, each
    /// with the reason; never the label, an ignored column or one whose kind is declared:
    /// - numbers written with a decimal comma or thousands separators (`NumberMarks.judge`), read
    ///   as text, when as categories they are nearly one per row (`fewRowsPerCategory`) or more
    ///   than a model keeps (`FeatureBinning.maximumCategories`): most later values would be
    ///   refused or scored as missing (trial23 #1: 2981 amounts such as `1'294.82` were kept, and
    ///   two of three rows of the training file itself refused). The reason carries the
    ///   number-format advice, which names the fix (trial20 #1: `81,1` and `50,521` were left out
    ///   as identifiers, and the advice to read them never shown). Fewer, repeated ones are kept:
    ///   as categories they serve, and the warning gives the advice;
    /// - every value a date read as a category (a later date is refused);
    /// - probably an identifier (`isIdentifier`);
    /// - one value in every row, none missing: nothing to split on, and another value later is
    ///   refused (a column with missing cells is kept: being missing may tell rows apart).
    ///
    /// `modelpress new` leaves them out unless told to keep them.
    public func unlikelyInputs(_ profile: DataProfile) -> [UnlikelyInput] {
        profile.columns.compactMap { column in
            guard column.name != label, !ignore.contains(column.name), kinds[column.name] == nil else { return nil }
            // One value in every row, none missing: no tree can split on it, and a later row with
            // another value would be refused (trial28 #6: region = 'EU' kept, then every 'US' refused).
            if column.holdsOneValue(asNumbers: column.inferredKind == .numeric), column.missingCount == 0 {
                let value = column.distinct.first.map { CategoryName.cited($0) } ?? "one value"
                return UnlikelyInput(
                    name: column.name, reason: "\(value) in every row, so it cannot tell rows apart",
                    isNumbers: column.inferredKind == .numeric)
            }
            // The number format first: the column is a measurement, whatever else it looks like.
            if column.inferredKind == .categorical, let marks = NumberMarks.judge(column.distinct) {
                let cost =
                    Self.fewRowsPerCategory(column)
                    ? Self.laterValuesRefused(column)
                    : column.distinctCount > FeatureBinning.maximumCategories
                        ? "read as text, they are \(column.distinctCount) categories, more than the "
                            + "\(FeatureBinning.maximumCategories) a model keeps (the rarest are scored as missing values)"
                        : nil
                guard let cost else { return nil }
                let read =
                    decimal == "," ? nil : { (_: String) in "\(Self.decimalCommaAdvice) to read them as numbers" }
                return UnlikelyInput(
                    name: column.name, reason: "\(marks.advice(readDecimalComma: read)); \(cost)", isNumbers: true)
            }
            if column.inferredKind == .categorical, Self.percentExample(column.distinct) != nil,
                Self.fewRowsPerCategory(column) || column.distinctCount > FeatureBinning.maximumCategories
            {
                return UnlikelyInput(
                    name: column.name,
                    reason: "percentages read as text (remove the % when exporting to read them as numbers); "
                        + Self.laterValuesRefused(column), isNumbers: true)
            }
            // Dates first: all distinct, they would pass for an identifier, but the warning and the
            // advice are the dates' (trial22 #7).
            if column.inferredKind == .categorical, column.distinctCount > 1, column.distinct.allSatisfy(Self.isDate) {
                return UnlikelyInput(name: column.name, reason: "dates, each a category of its own", isNumbers: false)
            }
            if Self.isIdentifier(column, kind: column.inferredKind) {
                let evidence = column.inferredKind == .numeric ? Self.identifierEvidence(column).map { ": \($0)" } : nil
                return UnlikelyInput(
                    name: column.name, reason: "probably an identifier\(evidence ?? "")",
                    isNumbers: column.inferredKind == .numeric)
            }
            return nil
        }
    }

    /// Whether a column looks like an identifier: more than `identifierMinimumValues` distinct
    /// values, and for text more than half the present cells distinct, for whole numbers every
    /// present cell distinct (a measurement such as a weight repeats; a row number does not).
    /// A column of numbers beside a few distinct texts (at most `StrayText.maximumValues`: a
    /// missing marker the pipeline does not declare, however many cells hold it) is judged by
    /// its numbers: text-uniqueness says nothing about measurements, nearly all distinct (trial17
    /// #1: `income` with 388 empty cells, once empty no longer meant missing, was called an
    /// identifier and left out of the inputs).
    ///
    /// Distinct whole numbers alone are no identifier: incomes and balances in cents are all
    /// distinct too (trial19 #2). They must also be consecutive or nearly (`identifierEvidence`),
    /// or the column's name an identifier's (`isIdentifierName`); numbers beside a few texts,
    /// whose range is not kept, by the name alone.
    ///
    /// A column `declared` categorical is judged as text whatever its values: the pipeline says
    /// its numbers are codes (trial19 #11: 957 postal codes in 960 rows, kept with their zeros).
    static func isIdentifier(_ profile: ColumnProfile, kind: Field.Kind, declared: Bool = false) -> Bool {
        let distinct = profile.distinctCount
        guard distinct > identifierMinimumValues else { return false }
        switch kind {
        case .categorical where !declared && profile.distinctTexts <= StrayText.maximumValues:
            return profile.numbersAreDistinctWholes && isIdentifierName(profile.name)
        case .categorical: return fewRowsPerCategory(profile)
        case .numeric:
            return profile.allIntegers && distinct == profile.presentCount && identifierEvidence(profile) != nil
        }
    }

    /// Why a column of distinct whole numbers looks like an identifier, in a few words after
    /// "probably an identifier:", or nil: its values nearly consecutive (largest − smallest + 1
    /// at most 1.5 × the present cells: a row number or a sequence), or its name an identifier's.
    static func identifierEvidence(_ profile: ColumnProfile) -> String? {
        if let low = profile.minimum, let high = profile.maximum,
            high - low + 1 <= 1.5 * Double(profile.presentCount)
        {
            return "nearly consecutive, \(numberText(low)) to \(numberText(high))"
        }
        return isIdentifierName(profile.name) ? "its name an identifier's" : nil
    }

    /// Whether `name` is an identifier's (`isIdentifier` asks it only of a column whose values
    /// are all distinct whole numbers, so a name alone never makes one):
    /// - `id`, `key`, `uuid`, `guid`, `uid`, `rfid`, `index`, `row` or `rownum` (any case: `RFID`,
    ///   a radio tag's number; trial22);
    /// - ending in `uuid`, `guid` or `rfid` (any case: `user_uuid`, `DeviceGUID`, `tagRFID`), or in
    ///   `_id`, `-id`, ` id`, `_key`, `-key` or ` key` (any case);
    /// - ending in `Id` or `Key` (camelCase), or `ID` or `KEY` after a lowercase letter or a digit
    ///   (`UserID`, `OrderKey`, as SQL Server names them; trial20 #11);
    /// - written all in one case and ending in `id` or `key` after at least three characters
    ///   (`userid`, `customerid`, `rowid`, `orderkey`: PostgreSQL folds unquoted names to lower
    ///   case, and `rowid` is SQLite's, trial21 #3; `CUSTOMERID`, as Oracle folds them to upper
    ///   case), unless it ends in one of `Self.wordsEndingInID` (`paid`, `valid`, `fluid`, `grid`,
    ///   `maxbid`, `monkey`), English words that name amounts and properties.
    static func isIdentifierName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["id", "key", "uuid", "guid", "uid", "rfid", "index", "row", "rownum"].contains(lower)
            || ["uuid", "guid", "rfid", "_id", "-id", " id", "_key", "-key", " key"].contains(where: lower.hasSuffix)
            || name.hasSuffix("Id") || name.hasSuffix("Key")
        {
            return true
        }
        for suffix in ["ID", "KEY"] where name.hasSuffix(suffix) {
            if let before = name.dropLast(suffix.count).last, before.isLowercase || before.isNumber { return true }
        }
        guard name == lower || name == name.uppercased() else { return false }
        return ["id", "key"].contains { suffix in
            lower.hasSuffix(suffix) && lower.count >= suffix.count + 3
                && !wordsEndingInID.contains { lower.hasSuffix($0) }
        }
    }

    /// English words that end in `id` or `key` and name what a column measures or holds rather
    /// than an identifier (`paid`, `valid`, `fluid`, `grid`, `maxbid`), and the endings of their
    /// families (`aid`: `prepaid`, `unpaid`; `bid`: `outbid`): a lower-case name ending so is
    /// not an identifier's (`isIdentifierName`).
    static let wordsEndingInID = [
        "aid", "bid", "grid", "acid", "fluid", "liquid", "squid", "druid", "valid", "solid", "rapid", "hybrid",
        "humid", "rigid", "lipid", "vivid", "timid", "lucid", "stupid", "splendid", "candid", "horrid", "torrid",
        "florid", "morbid", "sordid", "tepid", "placid", "pyramid", "orchid", "cupid", "void", "android", "steroid",
        "thyroid", "asteroid", "tabloid", "opioid", "paranoid", "humanoid", "typhoid", "monkey", "donkey", "turkey",
        "hockey", "jockey", "whiskey", "lackey",
    ]

    /// The one default missing marker a text column holds, with its count, when it may be a
    /// code rather than a gap: the pipeline keeps the default markers (and may add others), the
    /// column's only missing cells hold this one word (not empty, not `?`), and every present
    /// value is a short code (at most `codeLength` characters), as `NA` beside `EU` and `APAC`
    /// is North America.
    func codeLikeMarker(_ profile: ColumnProfile, of table: CSVTable) -> (text: String, count: Int)? {
        let markers = table.dialect.missingMarkers
        guard Self.defaultMissing.allSatisfy(missing.contains), profile.presentCount > 0,
            profile.distinct.allSatisfy({ $0.count <= Self.codeLength })
        else { return nil }
        let held = markers.indices.filter { profile.markerCounts[$0] > 0 }
        guard held.count == 1, let only = held.first, markers[only] != "", markers[only] != "?" else { return nil }
        return (markers[only], profile.markerCounts[only])
    }

    /// What a default missing marker may mean as a value, for the warning about one beside short
    /// codes: `NA` is North America or Namibia; for the others no example fits them all (trial19
    /// #13: `null` was given NA's).
    static func markerMeaning(_ marker: String) -> String {
        marker == "NA" ? "North America, Namibia, …" : "a code of its own rather than a gap"
    }

    /// How to make column `name` categorical, as a warning advises: the pipeline's
    /// `[data.columns]` and `new`'s `--column` (trial19 #11: only the pipeline's was named).
    static func categoricalAdvice(_ name: String) -> String {
        "declare it \"categorical\" in [data.columns] (--column \(shellWord("\(name)=categorical")) with new)"
    }

    /// How to read numbers with a decimal comma, as a warning advises: the pipeline's key and the
    /// option of `data inspect` and `new`.
    static let decimalCommaAdvice = "declare decimal = \",\" in [data] (--decimal , with data inspect and new)"

    /// A column's present cells before its first text cell need at least this many to be a
    /// leading run of numbers worth naming (`leadingNumbers`).
    static let leadingNumbersMinimum = 20

    /// Where a column that is numbers for its first rows and text after (trial17 #16: `level`
    /// 1–5 in lines 2–401, then `low`, `mid`, `high`, silently 8 categories) has its numbers:
    /// the lines of the first and last present cell before the first text cell, and how many
    /// present cells that is. Nil unless they are a long run, at least `leadingNumbersMinimum`
    /// cells: a text column whose first few cells happen to be numbers is no run, while twenty
    /// numbers in a row seldom open a column of text by chance. No share of the column is asked
    /// for: trial17's 400 numbers opened a file of 40,000 rows. A column whose text is a few
    /// stray cells is `strayText`'s, not this.
    /// - Complexity: O(rows before the first text cell); only for a column read as text.
    static func leadingNumbers(
        _ profile: ColumnProfile, column: Int, of table: CSVTable
    ) -> (first: Int, last: Int, count: Int)? {
        guard let text = profile.firstText else { return nil }
        var first: Int?
        var last = 0
        var count = 0
        for (record, cell) in table.cells(of: column).enumerated() {
            let line = table.line(of: record)
            guard line < text.line else { break }
            if table.isMissing(cell) { continue }
            first = first ?? line
            last = line
            count += 1
        }
        guard let first, count >= leadingNumbersMinimum else { return nil }
        return (first, last, count)
    }

    /// The text cells of a column whose other present cells are numbers, when they are few
    /// (at most `StrayText.maximumValues` distinct texts and `StrayText.maximumShare` of the
    /// present cells); nil otherwise.
    /// - Complexity: O(distinct values) when the column is mostly text, else O(rows).
    func strayText(_ profile: ColumnProfile, column: Int, of table: CSVTable) -> StrayText? {
        var texts: [String: Int] = [:]
        for value in profile.distinct where table.number(value) == nil {
            texts[value] = 0
            if texts.count > StrayText.maximumValues { return nil }
        }
        guard !texts.isEmpty, texts.count < profile.distinctCount else { return nil }
        var lines: [Int] = []
        var count = 0
        for (record, cell) in table.cells(of: column).enumerated() {
            guard let seen = texts[cell] else { continue }
            texts[cell] = seen + 1
            count += 1
            if lines.count < StrayText.shownLines { lines.append(table.line(of: record)) }
        }
        // However many they are, `inf` and `nan` beside numbers are no category of their own.
        guard
            Double(count) <= StrayText.maximumShare * Double(profile.presentCount)
                || texts.keys.allSatisfy(StrayText.isNotFinite)
        else { return nil }
        let values = texts.map { StrayText.Value(text: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : ColumnProfile.byteOrder($0.text, $1.text)
        }
        return StrayText(values: values, lines: lines, count: count)
    }
}

/// A training file as `DataDeclaration.read(root:progress:)` read it, every record kept, to be
/// profiled and loaded without parsing it again.
public struct ReadDataFile {
    let file: DataTable
    /// The declaration it was read with: another one reuses it when it reads the file alike.
    let declaration: DataDeclaration
    let root: URL
    /// When the reading began (`DispatchTime` nanoseconds), for the profile's "in all".
    let started: UInt64

    /// The file as `declaration` reads it, records without its label left out; nil when
    /// `declaration` reads another file or reads it otherwise (another separator, header,
    /// missing markers, comment, decimal mark or trimming), so it must be read again.
    func table(for declaration: DataDeclaration, root: URL) -> DataTable? {
        let mine = self.declaration
        guard root == self.root, declaration.training == mine.training, declaration.separator == mine.separator,
            declaration.header == mine.header, declaration.trimSpaces == mine.trimSpaces,
            declaration.comment == mine.comment, declaration.missing == mine.missing,
            declaration.decimal == mine.decimal
        else { return nil }
        var table = file
        table.leaveOutUnlabelled(label: declaration.label)
        return table
    }
}
