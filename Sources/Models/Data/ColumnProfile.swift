import Basics

/// What one column of a data file holds: missing and present counts, whether every present
/// value is a number, the range and the distinct values. Kinds are inferred from it and
/// `modelpress data inspect` prints it.
public struct ColumnProfile: Sendable {
    public var name: String
    var presentCount = 0
    public var missingCount = 0
    /// How many cells hold each of the table's missing markers, in the dialect's order.
    var markerCounts: [Int]
    /// The first present value that is not a finite number, and its line; nil when there is none.
    var firstText: (line: Int, value: String)?
    /// The first present value holding a control character the registry and the site cannot
    /// carry (`ControlCharacters.isForbidden`: NUL, ESC, DELETE, C1; not a tab or a line break),
    /// and its line; nil when there is none (`DataTable.controlCharacterError`).
    var firstForbidden: (line: Int, value: String)?
    /// The smallest and largest present value, when every present value is a number.
    public var minimum: Double?
    public var maximum: Double?
    /// Whether every present value is a whole number.
    var allIntegers = true
    /// The distinct present values, in no particular order. Of a column read as numbers, only
    /// when a warning needs them (`needsDistinct`; of whole numbers written plainly, only when
    /// there is one), else empty: a column of a million distinct measurements is never made
    /// into text.
    var distinct: [String] = []

    /// How many distinct present values there are; of a column read as numbers, as `distinct`.
    var distinctCount = 0

    /// How many distinct present values are not numbers (0 for a column read as numbers).
    var distinctTexts = 0
    /// Of a column read as numbers, whether every present cell is a whole number written
    /// plainly (no leading zero, sign `+`, point or exponent: `CSVTable.Column.canonicalIntegers`).
    var plainIntegers = false
    /// Whether the present cells that are numbers are whole numbers each in one row, more of
    /// them than `DataDeclaration.identifierMinimumValues`: row numbers, as `isIdentifier`
    /// judges a column of numbers with a few text cells.
    var numbersAreDistinctWholes = false

    /// The distinct present values.
    var values: Set<String> { Set(distinct) }

    /// Whether every present value is the same: one text, or, read `asNumbers`, one number
    /// however it is written (`5`, `5.0`, `+5`; `0`, `-0`), which as text are several (trial32
    /// #1: such a column was kept as an input where a column of `5` alone was left out).
    func holdsOneValue(asNumbers: Bool) -> Bool {
        distinctCount == 1 || (asNumbers && minimum != nil && minimum == maximum)
    }

    /// Numeric when there are present values and every one is a number, else categorical.
    public var inferredKind: Field.Kind { firstText == nil && presentCount > 0 ? .numeric : .categorical }

    /// The distinct values sorted by their UTF-8 bytes (a stable order that does not depend on
    /// row order or locale).
    public var sortedValues: [String] { distinct.sorted(by: Self.byteOrder) }

    /// UTF-8 byte order, the one order of categories and classes.
    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Profiles column `column` of `table` over `rows` (every row when nil).
    /// - Complexity: O(rows).
    init(name: String, column: Int, of table: CSVTable, rows: [Int]? = nil) {
        self.init(name: name, column: table.column(column), of: table, rows: rows)
    }

    /// Profiles `column`, read from `table`, over `rows` (every row when nil).
    /// - Complexity: O(rows + distinct values).
    init(name: String, column: CSVTable.Column, of table: CSVTable, rows: [Int]? = nil) {
        if column.isNumeric {
            self.init(name: name, numbers: column, of: table, rows: rows)
        } else {
            self.init(name: name, codes: column, of: table, rows: rows)
        }
    }

    /// Profiles `column`, read as codes, over `rows` (every row when nil).
    private init(name: String, codes column: CSVTable.Column, of table: CSVTable, rows: [Int]?) {
        self.name = name
        markerCounts = [Int](repeating: 0, count: table.dialect.missingMarkers.count)
        var low = Double.infinity, high = -Double.infinity
        var seen = [Int](repeating: 0, count: column.values.count)
        var firstTextRow: Int?
        func visit(_ row: Int) {
            let code = column.codes[row]
            if CSVTable.Column.isMissing(code) {
                markerCounts[Int(-1 - code)] += 1
                missingCount += 1
                return
            }
            presentCount += 1
            seen[Int(code)] += 1
            guard firstTextRow == nil else { return }
            if let number = column.numbers[Int(code)] {
                low = min(low, number)
                high = max(high, number)
                if number.rounded() != number { allIntegers = false }
            } else {
                firstTextRow = row
            }
        }
        if let rows {
            for row in rows { visit(row) }
        } else {
            for row in column.codes.indices { visit(row) }
        }
        distinct = rows == nil ? column.values : column.values.indices.filter { seen[$0] > 0 }.map { column.values[$0] }
        var wholes = 0
        numbersAreDistinctWholes = true
        for code in seen.indices where seen[code] > 0 {
            guard let number = column.numbers[code] else {
                distinctTexts += 1
                continue
            }
            wholes += 1
            if seen[code] > 1 || number.rounded() != number { numbersAreDistinctWholes = false }
        }
        if wholes <= DataDeclaration.identifierMinimumValues { numbersAreDistinctWholes = false }
        // Values are told apart by their bytes; text is equal when canonically equivalent (`é`
        // composed or not), as categories are matched.
        if distinct.contains(where: { !$0.utf8.allSatisfy { $0 < 0x80 } }) { distinct = Array(Set(distinct)) }
        distinctCount = distinct.count
        // Of the distinct values, not the rows: the first row of one found is looked for only then.
        if let code = seen.indices.first(where: {
            // Bytes first: every forbidden character's UTF-8 has a byte below 0x20, 0x7F or 0xC2.
            seen[$0] > 0 && column.values[$0].utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 })
                && column.values[$0].unicodeScalars.contains(where: ControlCharacters.isForbidden)
        }) {
            let row = (rows ?? Array(column.codes.indices)).first { column.codes[$0] == code } ?? 0
            firstForbidden = (table.line(of: row), column.values[code])
        }
        if let row = firstTextRow {
            firstText = (table.line(of: row), column.values[Int(column.codes[row])])
        } else if presentCount > 0 {
            minimum = low
            maximum = high
        }
    }

    /// Profiles `column`, read as numbers, over `rows` (every row when nil); its distinct values
    /// are read as text only when `needsDistinct` says a warning needs them.
    /// - Complexity: O(rows), O(bytes of the column) when the distinct values are read.
    private init(name: String, numbers column: CSVTable.Column, of table: CSVTable, rows: [Int]?) {
        self.name = name
        markerCounts = [Int](repeating: 0, count: table.dialect.missingMarkers.count)
        var low = Double.infinity, high = -Double.infinity
        let cells = column.cells
        func visit(_ row: Int) {
            let number = cells[row]
            if number.isNaN {
                markerCounts[column.missing[row] ?? 0] += 1
                missingCount += 1
                return
            }
            presentCount += 1
            low = min(low, number)
            high = max(high, number)
            if allIntegers, number.rounded() != number { allIntegers = false }
        }
        if let rows {
            for row in rows { visit(row) }
        } else {
            for row in cells.indices { visit(row) }
        }
        guard presentCount > 0 else { return }
        minimum = low
        maximum = high
        plainIntegers = column.canonicalIntegers
        guard rows == nil, needsDistinct else { return }
        if column.canonicalIntegers {
            // Whole numbers written plainly: one text per number, so the numbers are counted.
            let sorted = FeatureBinning.sortedFinite(cells)
            distinctCount = sorted.indices.count { $0 == 0 || sorted[$0] != sorted[$0 - 1] }
            distinct = distinctCount == 1 ? [String(Int64(low))] : []
        } else {
            distinct = table.column(column.index).values
            distinctCount = distinct.count
        }
    }

    /// Whether a column of numbers needs its distinct values as text for a warning: when it has
    /// one number (every value the same?) or may be an identifier (whole numbers in more rows
    /// than `DataDeclaration.identifierMinimumValues`, `DataDeclaration.isIdentifier`).
    private var needsDistinct: Bool {
        minimum == maximum || (allIntegers && presentCount > DataDeclaration.identifierMinimumValues)
    }
}
