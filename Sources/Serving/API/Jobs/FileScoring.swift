import JSONWriting
import Models

/// Scores a CSV file with a model and no server (`modelpress predict`), with a batch job's
/// pieces: `JobInput` reads the rows, `InputValidator` checks them as a job's are (any field may
/// be missing), `BatchScoring` scores them, `PredictionColumns` and `ResultEncoding` write them.
public struct FileScoring {
    /// What scoring a file gave.
    public struct Outcome: Sendable {
        /// The result: CSV (the input columns in schema order, then the task's columns) or a
        /// JSON array of `{"row", "input", <the task's fields>}` objects; valid rows only.
        public var text: String
        /// The invalid rows' problems, as `row N: field` and what is wrong.
        public var problems: [ServingError.FieldProblem]
        public var rows: Int
        public var scored: Int
    }

    public var schema: Schema
    public var model: TreeModel

    public init(schema: Schema, model: TreeModel) {
        self.schema = schema
        self.model = model
    }

    /// Scores every valid row of `bytes` (CSV with a header naming the schema's fields).
    /// - Throws: `ServingError` 400 when the text is not CSV, its header does not name the
    ///   fields, or a row has the wrong number of cells.
    public func score(csv bytes: [UInt8], json: Bool) throws(ServingError) -> Outcome {
        let input = try JobInput(bytes: bytes, format: .csv, schema: schema, maxRows: Int.max)
        let validator = InputValidator(schema: schema, acceptsMissing: true)
        var valid: [(row: JobInput.Row, values: [FieldValue])] = []
        var problems: [ServingError.FieldProblem] = []
        for row in input.rows {
            do {
                let checked = try validator.validate(row.values)
                valid.append((row, schema.fields.map { checked[$0.name] ?? .missing }))
            } catch {
                problems += error.errors.map { .init(field: "row \(row.number): \($0.field)", message: $0.message) }
            }
        }
        let predictions = BatchScoring.predict(valid.map(\.values), schema: schema, model: model)
        let columns = PredictionColumns(schema: schema)
        var text: String
        if json {
            text = ResultEncoding.jsonStart
            for (index, (entry, prediction)) in zip(valid, predictions).enumerated() {
                var writer = JSONWriter()
                writer.object {
                    $0.field("row", entry.row.number)
                    $0.raw("input", PredictionService.inputJSON(entry.values, schema: schema))
                    columns.write(prediction, into: &$0)
                }
                text += ResultEncoding.jsonSeparator(before: index) + writer.text
            }
            text += ResultEncoding.jsonEnd
        } else {
            text = ResultEncoding.csvLine(schema.fields.map(\.name) + columns.names)
            for (entry, prediction) in zip(valid, predictions) {
                let cells = schema.fields.map { field -> String in
                    if case .text(let cell)? = entry.row.values[field.name] { return cell }
                    return ""
                }
                text += ResultEncoding.csvLine(cells + columns.cells(prediction))
            }
        }
        return Outcome(text: text, problems: problems, rows: input.rows.count, scored: valid.count)
    }
}
