/// A data set in typed, column-major form: one array per field, the label as 0/1.
///
/// Numeric cells are `Double` with `.nan` for missing; categorical cells are indices into the
/// field's `categories`, `-1` for missing or for a value the schema does not list.
public struct Dataset: Sendable {
    public let schema: Schema
    public let rowCount: Int
    /// Per field: the numeric column (empty for a categorical field).
    public var numbers: [[Double]]
    /// Per field: the category codes (empty for a numeric field).
    public var codes: [[Int32]]
    /// Per row: 1 when the label is `schema.labelValues[1]` (the positive class), else 0.
    public var labels: [UInt8]

    /// A data set built from columns directly (tests, synthetic data).
    public init(schema: Schema, numbers: [[Double]], codes: [[Int32]], labels: [UInt8]) {
        self.schema = schema
        self.rowCount = labels.count
        self.numbers = numbers
        self.codes = codes
        self.labels = labels
    }

    /// Converts the text cells of `table` (fields in schema order, then the label) to typed columns.
    ///
    /// A label may carry a trailing `.` (as in `adult.test`). A category the schema does not list
    /// becomes missing, as at prediction time.
    /// - Throws: `DataFileError` naming file, line and field of a cell that is not a number or
    ///   of a label that is not one of the schema's label values.
    /// - Complexity: O(rows × fields).
    public init(table: CSVTable, schema: Schema) throws {
        let fieldCount = schema.fields.count
        let n = table.records.count
        var numbers = [[Double]](repeating: [], count: fieldCount)
        var codes = [[Int32]](repeating: [], count: fieldCount)
        var lookups = [[String: Int32]](repeating: [:], count: fieldCount)
        for (f, field) in schema.fields.enumerated() {
            switch field.kind {
            case .numeric:
                numbers[f] = [Double](repeating: .nan, count: n)
            case .categorical:
                codes[f] = [Int32](repeating: -1, count: n)
                for (code, name) in field.categories.enumerated() { lookups[f][name] = Int32(code) }
            }
        }
        var labels = [UInt8](repeating: 0, count: n)
        for (r, record) in table.records.enumerated() {
            let cells = record.fields
            for (f, field) in schema.fields.enumerated() {
                let cell = cells[f]
                if table.isMissing(cell) { continue }
                switch field.kind {
                case .numeric:
                    guard let value = Double(cell), value.isFinite else {
                        throw DataFileError(
                            file: table.file, line: record.line, field: field.name,
                            reason: .malformed("'\(cell)' is not a number"))
                    }
                    numbers[f][r] = value
                case .categorical:
                    codes[f][r] = lookups[f][cell] ?? -1
                }
            }
            var label = cells[fieldCount][...]
            if label.last == "." { label = label.dropLast() }
            guard let index = schema.labelValues.firstIndex(where: { $0[...] == label }) else {
                throw DataFileError(
                    file: table.file, line: record.line, field: schema.label,
                    reason: .malformed(
                        "label '\(label)' is not one of \(schema.labelValues.joined(separator: ", "))"))
            }
            labels[r] = index == 1 ? 1 : 0
        }
        self.init(schema: schema, numbers: numbers, codes: codes, labels: labels)
    }

    /// The rows at `indices`, in that order (train/validation splits).
    /// - Complexity: O(indices × fields).
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(
            schema: schema,
            numbers: numbers.map { column in column.isEmpty ? [] : indices.map { column[$0] } },
            codes: codes.map { column in column.isEmpty ? [] : indices.map { column[$0] } },
            labels: indices.map { labels[$0] })
    }
}
