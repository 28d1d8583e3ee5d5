import Basics
import Parallelism

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

    /// How many rows have no value in field `index` (`.nan`, or code -1 for a value that is
    /// not in `unlisted`).
    /// - Complexity: O(rows).
    public func missingCount(field index: Int) -> Int {
        schema.fields[index].kind == .numeric
            ? numbers[index].count { $0.isNaN } : codes[index].count { $0 < 0 } - unlisted[index].count
    }

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
    ///   non-numeric regression label; `.changedWhileRead` for a file mapped in place
    ///   (`CSVTable.Text`) that was written while it was read.
    /// - Complexity: O(rows × fields).
    public init(table: CSVTable, schema: Schema, columns: [Int]? = nil) throws {
        try self.init(table: table, schema: schema, columns: columns, read: nil)
    }

    /// As `init(table:schema:columns:)`, with the columns already read from `table` when
    /// `read` is given (each of `columns`, in order).
    init(table: CSVTable, schema: Schema, columns: [Int]?, read: [CSVTable.Column]?) throws {
        let fieldCount = schema.fields.count
        let columns = columns ?? Array(0...fieldCount)
        let read =
            read
            ?? table.columns(columns, numeric: schema.fields.map { $0.kind == .numeric } + [schema.task == .regression])
        let n = table.recordCount
        // The error to throw is the first bad cell in row order, as a row-by-row reader finds it.
        var firstError: (row: Int, column: Int, error: DataFileError)?
        func note(_ row: Int, _ f: Int, _ error: @autoclosure () -> DataFileError) {
            if let first = firstError, (first.row, first.column) <= (row, f) { return }
            firstError = (row, f, error())
        }
        // The fields on every core: on a million rows, a category's codes mapped on one thread
        // were the longest a core stood idle while the data was loaded (issue 26).
        let typed = Parallel.map(count: fieldCount) { f in
            Self.field(f, of: schema, read: read[f], table: table, column: columns[f])
        }
        let numbers = typed.map(\.numbers)
        let codes = typed.map(\.codes)
        let unlisted = typed.map(\.unlisted)
        for (f, field) in typed.enumerated() {
            if let (row, error) = field.error { note(row, f, error) }
        }
        let label = read[fieldCount]
        let labelColumn = columns[fieldCount] + 1
        func cell(_ code: Int32) -> String {
            code < 0 ? table.dialect.missingMarkers[Int(-1 - code)] : label.values[Int(code)]
        }
        var labels: [UInt8] = []
        var targets: [Double] = []
        if schema.task == .regression, label.isNumeric {
            targets = label.cells
            if let bad = targets.firstIndex(where: \.isNaN) {
                note(
                    bad, fieldCount,
                    DataFileError(
                        file: table.file, line: table.line(of: bad), column: labelColumn, field: schema.label,
                        reason: .malformed("the label is missing; remove the row or fill in its value")))
            }
        } else if schema.task == .regression {
            let values = label.numbers.map { $0 ?? .nan }
            targets = label.codes.map { $0 < 0 ? .nan : values[Int($0)] }
            if let bad = label.codes.firstIndex(where: { $0 < 0 || label.numbers[Int($0)] == nil }) {
                let missing = label.codes[bad] < 0
                note(
                    bad, fieldCount,
                    DataFileError(
                        file: table.file, line: table.line(of: bad), column: labelColumn, field: schema.label,
                        reason: .malformed(
                            missing
                                ? "the label is missing; remove the row or fill in its value"
                                : "\(CategoryName.cited(cell(label.codes[bad]))) is not a number, and a regression label must be one; "
                                    + "fix the row")))
            }
        } else {
            let classes = label.values.map { value in
                schema.labelValues.firstIndex(where: { $0[...] == Self.className(value) }).map(UInt8.init)
            }
            labels = label.codes.map { $0 < 0 ? 0 : classes[Int($0)] ?? 0 }
            if let bad = label.codes.firstIndex(where: { $0 < 0 || classes[Int($0)] == nil }) {
                note(
                    bad, fieldCount,
                    DataFileError(
                        file: table.file, line: table.line(of: bad), column: labelColumn, field: schema.label,
                        reason: .malformed(
                            Self.unknownClassMessage(
                                Self.className(cell(label.codes[bad])), classes: schema.labelValues))))
            }
        }
        // A file written while it was read may have given its cells part old, part new: said
        // before anything those cells say.
        guard table.text.isUnchanged else { throw DataFileError(file: table.file, reason: .changedWhileRead) }
        if let firstError { throw firstError.error }
        self.schema = schema
        self.rowCount = n
        self.numbers = numbers
        self.codes = codes
        self.labels = labels
        self.targets = targets
        self.unlisted = unlisted
    }

    /// Field `f` of `schema` from its column as read (`read`, column `column` of `table`): its
    /// numbers or codes, its cells of no listed category by row, and its first bad cell.
    private static func field(
        _ f: Int, of schema: Schema, read: CSVTable.Column, table: CSVTable, column: Int
    ) -> (numbers: [Double], codes: [Int32], unlisted: [Int: String], error: (row: Int, DataFileError)?) {
        let field = schema.fields[f]
        switch field.kind {
        case .numeric where read.isNumeric:
            return (read.cells, [], [:], nil)
        case .numeric:
            var error: (row: Int, DataFileError)?
            if let bad = read.codes.firstIndex(where: { $0 >= 0 && read.numbers[Int($0)] == nil }) {
                let cell = read.values[Int(read.codes[bad])]
                error = (
                    bad,
                    DataFileError(
                        file: table.file, line: table.line(of: bad), column: column + 1, field: field.name,
                        reason: .malformed(
                            "\(CategoryName.cited(cell)) is not a number and the field is numeric; fix the value or mark it missing"
                        ))
                )
            }
            let values = read.numbers.map { $0 ?? .nan }
            return (read.codes.map { $0 < 0 ? .nan : values[Int($0)] }, [], [:], error)
        case .categorical:
            let cells = read.isNumeric ? table.column(column) : read
            var lookup: [String: Int32] = [:]
            for (code, name) in field.categories.enumerated() { lookup[name] = Int32(code) }
            let mapped = cells.values.map { lookup[$0] ?? -1 }
            var unlisted: [Int: String] = [:]
            for (r, code) in cells.codes.enumerated() where code >= 0 && mapped[Int(code)] < 0 {
                unlisted[r] = cells.values[Int(code)]
            }
            return ([], cells.codes.map { $0 < 0 ? -1 : mapped[Int($0)] }, unlisted, nil)
        }
    }

    /// A class label as written, without a trailing `.` (`adult.test` writes `>50K.`).
    static func className(_ cell: String) -> Substring {
        cell.last == "." ? cell.dropLast() : cell[...]
    }

    /// Why a class label cannot be used, and what to do.
    static func unknownClassMessage(_ label: Substring, classes: [String]) -> String {
        "label \(CategoryName.cited(String(label))) is not one of the training classes \(ShortList.text(CategoryName.listed(classes).map { CategoryName.shown($0, limit: CategoryName.shownLength) })); "
            + "a model cannot predict a class it never saw: fix the row, or add rows of \(CategoryName.cited(String(label))) to the training data"
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
