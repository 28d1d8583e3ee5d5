import Basics

/// A data set in typed, column-major form: one array per field, the label as a class index
/// (classification) or a number (regression).
///
/// Numeric cells are `Double` with `.nan` for missing; categorical cells are indices into the
/// field's `categories`, `-1` for missing or for a value the schema does not list.
public struct Dataset: Sendable {
    public let schema: Schema
    public private(set) var rowCount: Int
    /// Per field: the numeric column (empty for a categorical field).
    public var numbers: [[Double]]
    /// Per field: the category codes (empty for a numeric field).
    public var codes: [[Int32]]
    /// Per row of a classification task: the index of its class in `schema.labelValues` (for
    /// `binary`, 1 is the positive class). Empty for regression.
    public var labels: [UInt8]
    /// Per row of a regression task: the label's value. Empty for classification.
    public var targets: [Double]
    /// Per field: the cells of a categorical field whose value the schema does not list, by
    /// row. They are coded -1 like a missing value, as at prediction time; evaluation reads them
    /// here to tell a category training never saw from a missing one. Empty dictionaries for
    /// numeric fields and for data sets built from columns.
    public var unlisted: [[Int: String]]

    /// The most classes a classification label may have (class indices are bytes).
    public static let maximumClasses = PredictionTask.maximumClasses

    /// A classification data set built from columns directly (tests, synthetic data).
    public init(schema: Schema, numbers: [[Double]], codes: [[Int32]], labels: [UInt8]) {
        self.schema = schema
        self.rowCount = labels.count
        self.numbers = numbers
        self.codes = codes
        self.labels = labels
        self.targets = []
        self.unlisted = Array(repeating: [:], count: schema.fields.count)
    }

    /// A regression data set built from columns directly (tests, synthetic data).
    public init(schema: Schema, numbers: [[Double]], codes: [[Int32]], targets: [Double]) {
        self.schema = schema
        self.rowCount = targets.count
        self.numbers = numbers
        self.codes = codes
        self.labels = []
        self.targets = targets
        self.unlisted = Array(repeating: [:], count: schema.fields.count)
    }

    /// Converts the text cells of `table` to typed columns.
    ///
    /// A class label may carry a trailing `.` (as in `adult.test`). A category the schema does
    /// not list becomes missing, as at prediction time.
    /// - Parameter columns: the record index of each schema field, then of the label; nil when
    ///   the records hold the fields in schema order, then the label.
    /// - Throws: `DataFileError` naming file, line and field of a cell that is not a number, of
    ///   a class label that is not one of the schema's label values, or of a missing or
    ///   non-numeric regression label.
    /// - Complexity: O(rows × fields).
    public init(table: CSVTable, schema: Schema, columns: [Int]? = nil) throws {
        let fieldCount = schema.fields.count
        let columns = columns ?? Array(0...fieldCount)
        let n = table.records.count
        var numbers = [[Double]](repeating: [], count: fieldCount)
        var codes = [[Int32]](repeating: [], count: fieldCount)
        var lookups = [[String: Int32]](repeating: [:], count: fieldCount)
        var unlisted = [[Int: String]](repeating: [:], count: fieldCount)
        for (f, field) in schema.fields.enumerated() {
            switch field.kind {
            case .numeric:
                numbers[f] = [Double](repeating: .nan, count: n)
            case .categorical:
                codes[f] = [Int32](repeating: -1, count: n)
                for (code, name) in field.categories.enumerated() { lookups[f][name] = Int32(code) }
            }
        }
        let isRegression = schema.task == .regression
        var labels = [UInt8](repeating: 0, count: isRegression ? 0 : n)
        var targets = [Double](repeating: 0, count: isRegression ? n : 0)
        for (r, record) in table.records.enumerated() {
            let cells = record.fields
            for (f, field) in schema.fields.enumerated() {
                let cell = cells[columns[f]]
                if table.isMissing(cell) { continue }
                switch field.kind {
                case .numeric:
                    guard let value = table.number(cell) else {
                        throw DataFileError(
                            file: table.file, line: record.line, column: columns[f] + 1, field: field.name,
                            reason: .malformed(
                                "'\(cell)' is not a number and the field is numeric; fix the value or mark it missing"))
                    }
                    numbers[f][r] = value
                case .categorical:
                    if let code = lookups[f][cell] {
                        codes[f][r] = code
                    } else {
                        unlisted[f][r] = cell
                    }
                }
            }
            if isRegression {
                targets[r] = try Self.target(
                    cells[columns[fieldCount]], table: table, line: record.line, column: columns[fieldCount] + 1,
                    label: schema.label)
                continue
            }
            let label = Self.className(cells[columns[fieldCount]])
            guard let index = schema.labelValues.firstIndex(where: { $0[...] == label }) else {
                throw DataFileError(
                    file: table.file, line: record.line, column: columns[fieldCount] + 1, field: schema.label,
                    reason: .malformed(Self.unknownClassMessage(label, classes: schema.labelValues)))
            }
            labels[r] = UInt8(index)
        }
        self.schema = schema
        self.rowCount = n
        self.numbers = numbers
        self.codes = codes
        self.labels = labels
        self.targets = targets
        self.unlisted = unlisted
    }

    /// A class label as written, without a trailing `.` (`adult.test` writes `>50K.`).
    static func className(_ cell: String) -> Substring {
        cell.last == "." ? cell.dropLast() : cell[...]
    }

    /// Why a class label cannot be used, and what to do.
    static func unknownClassMessage(_ label: Substring, classes: [String]) -> String {
        "label '\(label)' is not one of the training classes \(ShortList.text(classes)); "
            + "a model cannot predict a class it never saw: fix the row, or add rows of '\(label)' to the training data"
    }

    /// A regression label's value: a finite number, never missing (a row without its target
    /// cannot be trained or evaluated on).
    private static func target(
        _ cell: String, table: CSVTable, line: Int, column: Int, label: String
    ) throws -> Double {
        guard !table.isMissing(cell) else {
            throw DataFileError(
                file: table.file, line: line, column: column, field: label,
                reason: .malformed("the label is missing; remove the row or fill in its value"))
        }
        guard let value = table.number(cell) else {
            throw DataFileError(
                file: table.file, line: line, column: column, field: label,
                reason: .malformed("'\(cell)' is not a number, and a regression label must be one; fix the row"))
        }
        return value
    }

    /// The rows at `indices`, in that order (train/validation splits).
    /// - Complexity: O(indices × fields).
    public func subset(_ indices: [Int]) -> Dataset {
        var copy = self
        copy.rowCount = indices.count
        copy.numbers = numbers.map { column in column.isEmpty ? [] : indices.map { column[$0] } }
        copy.codes = codes.map { column in column.isEmpty ? [] : indices.map { column[$0] } }
        copy.labels = labels.isEmpty ? [] : indices.map { labels[$0] }
        copy.targets = targets.isEmpty ? [] : indices.map { targets[$0] }
        copy.unlisted = unlisted.map { cells in
            var kept: [Int: String] = [:]
            if !cells.isEmpty {
                for (row, index) in indices.enumerated() { kept[row] = cells[index] }
            }
            return kept
        }
        return copy
    }
}
