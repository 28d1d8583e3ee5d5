import JSONWriting
import Models

/// Scores a CSV file with a model and no server (`modelpress predict`): `CSVTable` reads the
/// file as training data is read (the separator given or detected, the version's missing
/// markers), `InputValidator` checks each row with any field allowed to be missing (a file of
/// held-out rows has gaps a request may not), `BatchScoring` scores them, `PredictionColumns`
/// and `ResultEncoding` write them.
///
/// Unlike a batch job (`JobInput`, predict.cgi's), a file may carry columns the model does not
/// use (the label of a hold-out file, notes): they are left out and named in the outcome. A
/// row that cannot be scored (the wrong number of cells, no value at all, a value the schema
/// refuses) is reported and the others are still scored.
public struct FileScoring {
    /// What scoring a file gave.
    public struct Outcome: Sendable {
        /// The result: CSV (the input columns in schema order, then the task's columns) or a
        /// JSON array of `{"row", "input", <the task's fields>}` objects; scored rows only.
        public var text: String
        /// The rows that were not scored, as `row N: field` (or `row N`) and what is wrong, in
        /// row order.
        public var problems: [ServingError.FieldProblem]
        public var rows: Int
        public var scored: Int
        /// The file's columns that are not fields of the schema, in file order; not scored.
        public var ignoredColumns: [String]
        /// Per numeric field (schema order), how many scored values lie outside the range
        /// seen in training; fields with none are left out.
        public var outsideTrainingRange: [OutOfRange]
    }

    /// Scored values of one field outside its training range.
    public struct OutOfRange: Sendable, Equatable {
        public var field: String
        public var count: Int
        public var trainingMinimum: Double
        public var trainingMaximum: Double
    }

    public var schema: Schema
    public var model: TreeModel
    /// Cells that stand for a missing value, besides an empty cell and `?` (which every batch
    /// takes): the version's `missing` markers, as training read them.
    public var missingMarkers: [String]
    /// The byte between cells; nil detects `,`, `;` or tab from the header, as training does.
    public var separator: UInt8?
    /// Whether numbers may be written with a decimal comma (`41,4`), as the version's training
    /// data declared (`decimal = ","`).
    public var decimalComma: Bool

    public init(
        schema: Schema, model: TreeModel, missingMarkers: [String] = [], separator: UInt8? = nil,
        decimalComma: Bool = false
    ) {
        self.schema = schema
        self.model = model
        self.missingMarkers = missingMarkers
        self.separator = separator
        self.decimalComma = decimalComma
    }

    /// Scores every row of `bytes` (CSV with a header naming at least the schema's fields)
    /// that can be scored.
    /// - Throws: `ServingError` 400 when the text is not CSV, has no rows, or its header lacks
    ///   a field or repeats one.
    public func score(csv bytes: [UInt8], json: Bool) throws(ServingError) -> Outcome {
        let dialect = CSVTable.Dialect(
            separator: separator, trimsSpaces: false, commentPrefix: nil, missingMarkers: [""] + missingMarkers,
            decimalComma: decimalComma)
        let table: CSVTable
        do {
            table = try CSVTable(parsing: bytes, dialect: dialect)
        } catch {
            throw ServingError(.badRequest, "the file is not valid CSV: \(error.description)")
        }
        guard let header = table.records.first, table.records.count > 1 else {
            throw ServingError(.badRequest, "the file has no rows to score; put a header row, then the rows")
        }
        let names = header.fields.map(\.trimmingWhitespace)
        let columns = try fieldColumns(names)
        let ignored = names.indices.filter { !columns.contains($0) }.map { names[$0] }

        let validator = InputValidator(schema: schema, acceptsMissing: true)
        var valid: [(number: Int, cells: [String], values: [FieldValue])] = []
        var problems: [ServingError.FieldProblem] = []
        for (index, record) in table.records.dropFirst().enumerated() {
            let row = "row \(index + 1)"
            guard record.fields.count == names.count else {
                problems.append(
                    .init(
                        field: row,
                        message:
                            "line \(record.line) has \(record.fields.count) value\(record.fields.count == 1 ? "" : "s"); "
                            + "the header has \(names.count)")
                )
                continue
            }
            let cells = columns.map { record.fields[$0] }
            let missing = cells.map { table.isMissing($0) || InputValidator.isMissing(.text($0)) }
            guard missing.contains(false) else {
                problems.append(
                    .init(
                        field: row, message: "line \(record.line) has no value for any field; fill it in or remove it"))
                continue
            }
            var input: [String: InputValue] = [:]
            for (field, (cell, isMissing)) in zip(schema.fields, zip(cells, missing)) {
                // A number in the file's decimal mark, read as training read it.
                let number = field.kind == .numeric && decimalComma ? table.number(cell) : nil
                input[field.name] = isMissing ? .null : number.map(InputValue.number) ?? .text(cell)
            }
            do {
                let checked = try validator.validate(input)
                valid.append((index + 1, cells, schema.fields.map { checked[$0.name] ?? .missing }))
            } catch {
                problems += error.errors.map { .init(field: "\(row): \($0.field)", message: $0.message) }
            }
        }
        let predictions = BatchScoring.predict(valid.map(\.values), schema: schema, model: model)
        return Outcome(
            text: json ? jsonText(valid, predictions) : csvText(valid, predictions), problems: problems,
            rows: table.records.count - 1, scored: valid.count, ignoredColumns: ignored,
            outsideTrainingRange: outsideTrainingRange(valid.map(\.values)))
    }

    /// The column of each schema field in `names`.
    /// - Throws: `ServingError` 400 naming every field without a column and every repeated one.
    private func fieldColumns(_ names: [String]) throws(ServingError) -> [Int] {
        var problems: [ServingError.FieldProblem] = []
        var columns: [Int] = []
        for field in schema.fields {
            let found = names.indices.filter { names[$0] == field.name }
            if found.isEmpty {
                problems.append(.init(field: field.name, message: "the header has no column for this field"))
            } else if found.count > 1 {
                problems.append(
                    .init(
                        field: field.name,
                        message: "columns \(found.map { String($0 + 1) }.joined(separator: " and ")) repeat it"))
            }
            columns.append(found.first ?? 0)
        }
        guard problems.isEmpty else {
            throw ServingError(
                .badRequest,
                "the CSV header must name the model's fields: \(schema.fields.map(\.name).joined(separator: ","))",
                errors: problems)
        }
        return columns
    }

    private func outsideTrainingRange(_ rows: [[FieldValue]]) -> [OutOfRange] {
        schema.fields.enumerated().compactMap { index, field in
            guard let low = field.trainingMinimum, let high = field.trainingMaximum else { return nil }
            let count = rows.count { row in
                if case .number(let value) = row[index] { return value < low || value > high }
                return false
            }
            return count > 0
                ? OutOfRange(field: field.name, count: count, trainingMinimum: low, trainingMaximum: high) : nil
        }
    }

    private func csvText(
        _ rows: [(number: Int, cells: [String], values: [FieldValue])], _ predictions: [Prediction]
    ) -> String {
        let columns = PredictionColumns(schema: schema)
        var text = ResultEncoding.csvLine(schema.fields.map(\.name) + columns.names)
        for (row, prediction) in zip(rows, predictions) {
            text += ResultEncoding.csvLine(row.cells + columns.cells(prediction))
        }
        return text
    }

    private func jsonText(
        _ rows: [(number: Int, cells: [String], values: [FieldValue])], _ predictions: [Prediction]
    ) -> String {
        let columns = PredictionColumns(schema: schema)
        var text = ResultEncoding.jsonStart
        for (index, (row, prediction)) in zip(rows, predictions).enumerated() {
            var writer = JSONWriter()
            writer.object {
                $0.field("row", row.number)
                $0.raw("input", PredictionService.inputJSON(row.values, schema: schema))
                columns.write(prediction, into: &$0)
            }
            text += ResultEncoding.jsonSeparator(before: index) + writer.text
        }
        return text + ResultEncoding.jsonEnd
    }
}
