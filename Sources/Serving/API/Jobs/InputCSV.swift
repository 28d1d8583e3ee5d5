import Basics
import Models

/// The one reader of rows to score in CSV: `modelpress predict`'s file and a batch job's upload
/// (`text/csv` or a form's file) read alike. `CSVTable` reads the text as training data is read
/// (a byte order mark skipped, CRLF taken, `,`, `;` or tab given or detected from the header),
/// a cell that is one of the version's missing markers (or empty, or `?`) is a missing value,
/// and the header must name every field of the schema once, except a field that may be missing
/// (`nullable`), which is missing in every row when it has no column, as in a JSON row.
///
/// Columns that are not fields (an id, the label of a held-out file, notes) are passed through:
/// their names are `extraColumns` and each row keeps its cells, so the answer can echo them
/// next to the row's prediction. Reserved columns (`client_id` of a job) are read into the
/// row's values instead. A row with the wrong number of cells, or with no value for any
/// field, is a problem of its own and the other rows are still read.
struct InputCSV {
    /// One row: its number (1 = the first row after the header), the fields' values by name
    /// (missing ones `.null`, the others as text), the fields' cells as written (schema order),
    /// and its cells of `extraColumns`.
    struct Row {
        var number: Int
        var values: [String: InputValue]
        var cells: [String]
        var extras: [String]
    }

    var rows: [Row] = []
    /// The header's columns that are neither fields nor reserved, in file order.
    var extraColumns: [String]
    /// The rows that could not be read, as `row N` and what is wrong (`has 2 cells (line L); …`).
    var problems: [ServingError.FieldProblem] = []
    /// How the numeric fields' cells that are not numbers as read are written, when they are
    /// numbers in another notation (`202,9`, `1,950`, `1.356,31`): the first field's, in schema
    /// order, by `NumberMarks.judge` of its first `judgedCells` such cells and its first cell
    /// read as a number, so that a field of `1,071`-only cells gets the judgement of the same
    /// column in `data inspect` (`ambiguousCommas`; trial21 #2).
    var numberMarks: NumberMarks? {
        for field in schemaFields {
            if let cells = markedCells[field],
                let marks = NumberMarks.judge(cells + (plainCells[field].map { [$0] } ?? []))
            {
                return marks
            }
        }
        return nil
    }
    /// The numeric fields' cells that `NumberMarks` reads and the file's decimal mark does not,
    /// by field, at most `judgedCells` each.
    private var markedCells: [String: [String]] = [:]
    /// The first cell of each numeric field that a decimal point reads (`975`, `4.5`).
    private var plainCells: [String: String] = [:]
    /// The schema's field names, in order.
    private var schemaFields: [String] = []
    /// How many cells of a field `numberMarks` judges.
    static let judgedCells = 100
    /// How many rows the file has after the header, read or not.
    var rowCount: Int { rows.count + problems.count }

    /// Reads `bytes`.
    /// - Parameters:
    ///   - missingMarkers: cells that stand for a missing value besides an empty cell and `?`
    ///     (the version's `missing` list, as training read it).
    ///   - separator: the byte between cells; nil detects it from the header.
    ///   - decimalComma: numeric fields may be written with a decimal comma (`41,4`), as the
    ///     version's training data declared (`decimal = ","`).
    ///   - reserved: column names taken into the values though they are not fields.
    ///   - maxRows: more rows than this throw 413.
    ///   - jsonHint: where JSON rows go instead, said when the text is not CSV (or its header
    ///     names no field) and begins as JSON does (`{` or `[`): the reader's caller knows
    ///     (a job's media type, `modelpress explain`).
    /// - Throws: `ServingError` 400 when the input is empty (`JobInput.emptyInput`), the text is
    ///   not CSV, or its header lacks a field or repeats a column; 413 past `maxRows`.
    init(
        bytes: [UInt8], schema: Schema, missingMarkers: [String], separator: UInt8? = nil, decimalComma: Bool = false,
        reserved: Set<String> = [], maxRows: Int = .max, jsonHint: String
    ) throws(ServingError) {
        if JobInput.isEmpty(bytes) { throw JobInput.emptyInput(.csv) }
        do {
            try self.init(
                reading: bytes, schema: schema, missingMarkers: missingMarkers, separator: separator,
                decimalComma: decimalComma, reserved: reserved, maxRows: maxRows)
        } catch  where error.reason == .badRequest && Self.looksLikeJSON(bytes) {
            // The CSV reader's complaints (a header without the fields) would only say it again.
            throw ServingError(.badRequest, "the text is JSON, not CSV: \(jsonHint)")
        }
    }

    /// Whether the first byte that is not a byte order mark or blank space opens a JSON object
    /// or array.
    static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        let first = TextFile.withoutByteOrderMark(bytes).first { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    private init(
        reading bytes: [UInt8], schema: Schema, missingMarkers: [String], separator: UInt8?, decimalComma: Bool,
        reserved: Set<String>, maxRows: Int
    ) throws(ServingError) {
        let dialect = CSVTable.Dialect(
            separator: separator, trimsSpaces: false, commentPrefix: nil, missingMarkers: [""] + missingMarkers,
            decimalComma: decimalComma)
        let table: CSVTable
        do {
            table = try CSVTable(parsing: bytes, dialect: dialect)
        } catch {
            throw ServingError(.badRequest, "the text is not valid CSV: \(error.description)")
        }
        let records = table.records
        let names = records.first?.fields.map(\.trimmingWhitespace) ?? []
        let fields = Set(schema.fields.map(\.name))
        let columns = try Self.columns(names, schema: schema, reserved: reserved, separator: table.separator)
        let extraIndices = names.indices.filter { !fields.contains(names[$0]) && !reserved.contains(names[$0]) }
        let reservedIndices = names.indices.filter { reserved.contains(names[$0]) }
        extraColumns = extraIndices.map { names[$0] }
        schemaFields = schema.fields.map(\.name)
        guard records.count - 1 <= maxRows else { throw JobInput.tooMany(maxRows) }
        rows.reserveCapacity(max(records.count - 1, 0))
        for (index, record) in records.dropFirst().enumerated() {
            let row = "row \(index + 1)"
            guard record.fields.count == names.count else {
                let count = record.fields.count
                problems.append(
                    .init(
                        field: row,
                        message: "has \(counted(count, "cell")) (line \(record.line)); "
                            + "the header has \(counted(names.count, "column"))"))
                continue
            }
            var values: [String: InputValue] = [:]
            var anyValue = false
            for (field, column) in zip(schema.fields, columns) {
                // A nullable field without a column is missing in every row, as a JSON row may leave it out.
                guard let column else {
                    values[field.name] = .null
                    continue
                }
                let cell = record.fields[column]
                let missing = table.isMissing(cell) || InputValidator.isMissing(.text(cell))
                // A number in the file's decimal mark, read as training read it.
                let number = field.kind == .numeric && decimalComma ? table.number(cell) : nil
                if field.kind == .numeric, !missing {
                    if CSVTable.number(cell) != nil {
                        if plainCells[field.name] == nil { plainCells[field.name] = cell }
                    } else if number == nil, markedCells[field.name, default: []].count < Self.judgedCells,
                        NumberMarks.judge(CollectionOfOne(cell)) != nil
                    {
                        markedCells[field.name, default: []].append(cell)
                    }
                }
                values[field.name] = missing ? .null : number.map { .number(InputNumber($0)) } ?? .text(cell)
                anyValue = anyValue || !missing
            }
            guard anyValue else {
                problems.append(
                    .init(
                        field: row, message: "has no value for any field (line \(record.line)); fill it in or remove it"
                    ))
                continue
            }
            for column in reservedIndices { values[names[column]] = .text(record.fields[column]) }
            rows.append(
                Row(
                    number: index + 1, values: values, cells: columns.map { $0.map { record.fields[$0] } ?? "" },
                    extras: extraIndices.map { record.fields[$0] }))
        }
    }

    /// The column of each schema field in `names`, nil for a field that may be missing and has
    /// none (trial17 #7: a JSON row may leave such a field out, and a CSV had to have its column).
    /// - Throws: `ServingError` 400 naming every field that may not be missing and has no column
    ///   (every field, when the header names none), every repeated column and every column that
    ///   looks like a misspelt field (`JobInput.misspeltField`), with the header expected and the
    ///   separator read.
    private static func columns(
        _ names: [String], schema: Schema, reserved: Set<String>, separator: UInt8
    ) throws(ServingError) -> [Int?] {
        var problems: [ServingError.FieldProblem] = []
        var columns: [Int?] = []
        let fieldNames = schema.fields.map(\.name)
        let namesAny = fieldNames.contains { names.contains($0) }
        for field in schema.fields {
            let found = names.firstIndex(of: field.name)
            if found == nil, !field.nullable || !namesAny {
                problems.append(.init(field: field.name, message: "the header has no column for this field"))
            }
            columns.append(found)
        }
        for (index, name) in names.enumerated() {
            if names[..<index].contains(name) {
                problems.append(.init(field: name, message: "column \(index + 1) repeats a column of the header"))
            } else if !reserved.contains(name),
                let meant = JobInput.misspeltField(name, fields: fieldNames, named: { names.contains($0) })
            {
                // What else to do when it is a column of its own: a case variant must be renamed; a
                // near name may stay beside a column of the field (even an empty one).
                let otherwise =
                    meant.lowercased() == name.lowercased()
                    ? "give it a name that differs from \(meant) by more than letter case"
                    : "add a column \(meant) (empty where it is missing)"
                problems.append(
                    .init(
                        field: name,
                        message: "column \(index + 1) is not a field of this endpoint (did you mean \(meant)?); "
                            + "name it \(meant), or, if it is a column of its own, \(otherwise)"))
            }
        }
        guard problems.isEmpty else {
            let shown = separator == 9 ? "tab" : "'\(Character(Unicode.Scalar(separator)))'"
            let required = schema.fields.filter { !$0.nullable }.map(\.name)
            let optional = schema.fields.filter(\.nullable).map(\.name)
            // Short lists, so that the problems after them (which name the columns) stay in sight.
            let rule =
                optional.isEmpty
                ? "the CSV header must name the fields \(ShortList.text(required))"
                : required.isEmpty
                    ? "the CSV header must name some of the fields \(ShortList.text(optional))"
                    : "the CSV header must name the fields \(ShortList.text(required)) (and may name "
                        + "\(ShortList.text(optional)), which may be missing)"
            throw ServingError(
                .badRequest,
                rule + " (read with \(shown) between cells; columns that are no field may be there too)",
                errors: problems)
        }
        return columns
    }
}

extension ServingError.FieldProblem {
    /// N of a problem's `row N` or `row N: field`, for listing problems in row order; 0 for
    /// any other field.
    public var rowNumber: Int {
        guard field.hasPrefix("row ") else { return 0 }
        return Int(field.dropFirst(4).prefix { $0.isNumber }) ?? 0
    }

    /// The field of a `row N: field` problem (`field` itself for any other).
    public var fieldName: String {
        guard field.hasPrefix("row "), let colon = field.firstRange(of: ": ") else { return field }
        return String(field[colon.upperBound...])
    }
}
