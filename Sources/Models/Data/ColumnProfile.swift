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
    /// The smallest and largest present value, when every present value is a number.
    public var minimum: Double?
    public var maximum: Double?
    /// Whether every present value is a whole number.
    var allIntegers = true
    /// The distinct present values.
    var values: Set<String> = []

    /// Numeric when there are present values and every one is a number, else categorical.
    public var inferredKind: Field.Kind { firstText == nil && presentCount > 0 ? .numeric : .categorical }

    /// The distinct values sorted by their UTF-8 bytes (a stable order that does not depend on
    /// row order or locale).
    public var sortedValues: [String] { values.sorted(by: Self.byteOrder) }

    /// UTF-8 byte order, the one order of categories and classes.
    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Profiles column `column` of `table` over `rows` (every row when nil).
    /// - Complexity: O(rows).
    init(name: String, column: Int, of table: CSVTable, rows: [Int]? = nil) {
        self.name = name
        let markers = table.dialect.missingMarkers
        markerCounts = [Int](repeating: 0, count: markers.count)
        var low = Double.infinity, high = -Double.infinity
        func visit(_ record: CSVTable.Record) {
            let cell = record.fields[column]
            if let marker = markers.firstIndex(of: cell) {
                markerCounts[marker] += 1
                missingCount += 1
                return
            }
            presentCount += 1
            values.insert(cell)
            guard firstText == nil else { return }
            if let number = table.number(cell) {
                low = min(low, number)
                high = max(high, number)
                if number.rounded() != number { allIntegers = false }
            } else {
                firstText = (record.line, cell)
            }
        }
        if let rows {
            for row in rows { visit(table.records[row]) }
        } else {
            for record in table.records { visit(record) }
        }
        if firstText == nil && presentCount > 0 {
            minimum = low
            maximum = high
        }
    }
}
