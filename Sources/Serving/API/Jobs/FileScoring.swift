import Basics
import JSONWriting
import Models

/// Scores a CSV file with a model and no server (`modelpress predict`): `InputCSV` reads the
/// file as a batch job's upload is read (the separator given or detected, the version's
/// missing markers, other columns passed through), `InputValidator` checks each row as
/// predict.cgi does (only `nullable` fields may be missing), `BatchScoring` scores them,
/// `PredictionColumns` and `ResultEncoding` write them.
///
/// A row that cannot be scored (the wrong number of cells, no value at all, a value the schema
/// refuses) is reported and the others are still scored; every result row carries its number,
/// so the rows after a refused one still line up with the input.
public struct FileScoring {
    /// What scoring a file gave.
    public struct Outcome: Sendable {
        /// The result, scored rows only: CSV with `ResultEncoding.header`'s columns (`row`,
        /// the fields as written in schema order, the other columns in file order, then the
        /// task's columns; an input column named like one of those as `input_<name>`); or a
        /// JSON array of `{"row", "input", "extra", <the task's fields>, "notes"}` objects
        /// (`notes`: the row's `ScoringNotes` as predict.cgi and a batch job's JSON result word
        /// them, left out when there are none).
        public var text: String
        /// The rows that were not scored, as `row N: field` (or `row N`) and what is wrong, in
        /// row order.
        public var problems: [ServingError.FieldProblem]
        public var rows: Int
        public var scored: Int
        /// The file's columns that are not fields of the schema, in file order: not scored,
        /// passed through to the result after the fields.
        public var extraColumns: [String]
        /// The input columns the CSV result writes under another name, since the result has a
        /// column of that name (`label` → `input_label`); none for JSON, which nests the input.
        public var renamedColumns: [(column: String, writtenAs: String)]
        /// Per numeric field (schema order), how many scored values lie below and above the
        /// range seen in training; fields with none are left out.
        public var outsideTrainingRange: [OutOfRange]
        /// Per categorical field (schema order), the scored values that are categories of the
        /// schema but not of the model's training data, then those of its training data that it
        /// does not keep (`ScoringNotes`), scored as missing; fields with none are left out.
        public var unseenCategories: [UnseenCategories]
        /// Per field (schema order), how many scored rows miss a field the version's training
        /// rows never had missing (`ScoringNotes`); fields with none are left out.
        public var missingNeverInTraining: [MissingNeverInTraining]
        /// How numeric cells the file's decimal mark does not read are written (a decimal comma
        /// `202,9`, thousands grouping `1,950`, `1.356,31`: `NumberMarks`), for a hint; nil
        /// when there are none.
        public var numberMarks: NumberMarks?
    }

    /// Scored values of one field outside its training range.
    public struct OutOfRange: Sendable, Equatable {
        public var field: String
        /// How many were below `trainingMinimum` (scored as it).
        public var below: Int
        /// How many were above `trainingMaximum` (scored as it).
        public var above: Int
        public var trainingMinimum: Double
        public var trainingMaximum: Double

        public init(field: String, below: Int, above: Int, trainingMinimum: Double, trainingMaximum: Double) {
            self.field = field
            self.below = below
            self.above = above
            self.trainingMinimum = trainingMinimum
            self.trainingMaximum = trainingMaximum
        }

        /// For a person, worded as each value's note is (`ScoringNotes.scoredAs`): `weight_g: 1
        /// value below the training rows' range (2 to 198), scored as the smallest (2); 2 values
        /// above it, scored as the largest (198)`.
        public var text: String {
            let range = ScoringNotes.trainingRange(trainingMinimum, trainingMaximum)
            var parts: [String] = []
            for (count, above) in [(below, false), (above, true)] where count > 0 {
                let what = "\(counted(count, "value")) \(above ? "above" : "below") " + (parts.isEmpty ? range : "it")
                parts.append(
                    what + ", "
                        + ScoringNotes.scoredAs(
                            above: above, trainingMinimum: trainingMinimum, trainingMaximum: trainingMaximum))
            }
            return "\(field): " + parts.joined(separator: "; ")
        }
    }

    /// Scored values of one field that the model was not trained on, or that it does not keep
    /// (`TreeModel.CategoryStanding`): both scored as missing values.
    public struct UnseenCategories: Sendable, Equatable {
        public var field: String
        /// How many scored rows hold one of them.
        public var count: Int
        /// The distinct values, in the order first met.
        public var values: [String]
        /// Nil for categories the version was not trained on; for categories of its training
        /// data it does not keep, how many it keeps and leaves out.
        public var notKept: NotKept? = nil

        public struct NotKept: Sendable, Equatable {
            public var kept: Int
            public var left: Int
        }
    }

    /// Scored rows missing a field that the version's training rows never had missing.
    public struct MissingNeverInTraining: Sendable, Equatable {
        public var field: String
        public var count: Int

        public init(field: String, count: Int) {
            self.field = field
            self.count = count
        }

        /// For a person, worded as each value's note is: `tenure_months: 5 rows miss it, and it
        /// was never missing in the training data of churn/gbt@1.0.0: its trees …` (`5 rows of
        /// 600` given `rows`).
        public func text(version: String, of rows: Int? = nil) -> String {
            "\(field): \(counted(count, "row"))\(rows.map { " of \(groupedDigits($0))" } ?? "") "
                + "\(count == 1 ? "misses" : "miss") it, and it was \(ScoringNotes.neverMissing(version: version))"
        }
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
    /// What to do with JSON given for the CSV (`InputCSV`'s `jsonHint`).
    public var jsonHint: String
    /// The version that scores, as its notes name it (`churn/random_forest@1.0.0`).
    public var version: String
    /// That version's training profile (its training.json's), which its notes compare with.
    public var trainingProfile: TrainingProfile

    public init(
        schema: Schema, model: TreeModel, missingMarkers: [String] = [], separator: UInt8? = nil,
        decimalComma: Bool = false, jsonHint: String = "write the rows as CSV, a header row naming the fields first",
        version: String = "this version", trainingProfile: TrainingProfile = TrainingProfile()
    ) {
        self.schema = schema
        self.model = model
        self.missingMarkers = missingMarkers
        self.separator = separator
        self.decimalComma = decimalComma
        self.jsonHint = jsonHint
        self.version = version
        self.trainingProfile = trainingProfile
    }

    /// Scores every row of `bytes` (CSV with a header naming at least the schema's fields)
    /// that can be scored.
    /// - Throws: `ServingError` 400 when the input is empty, the text is not CSV, has no rows,
    ///   or its header lacks a field or repeats a column.
    public func score(csv bytes: [UInt8], json: Bool) throws(ServingError) -> Outcome {
        let input = try InputCSV(
            bytes: bytes, schema: schema, missingMarkers: missingMarkers, separator: separator,
            decimalComma: decimalComma, jsonHint: jsonHint)
        guard input.rowCount > 0 else {
            throw ServingError(.badRequest, "the file has no rows to score below its header row; add the rows under it")
        }
        let validator = InputValidator(schema: schema, reservedKeys: [], spelling: .csv)
        var valid: [Scored] = []
        var problems = input.problems
        for row in input.rows {
            do {
                let checked = try validator.validate(row.values)
                valid.append(Scored(row: row, values: schema.fields.map { checked[$0.name] ?? .missing }))
            } catch {
                problems += error.errors.map { .init(field: "row \(row.number): \($0.field)", message: $0.message) }
            }
        }
        problems.sort { $0.rowNumber < $1.rowNumber }
        let predictions = BatchScoring.predict(valid.map(\.values), schema: schema, model: model)
        let columns = PredictionColumns(schema: schema)
        let header = ResultEncoding.header(
            schema: schema, extraColumns: input.extraColumns, resultColumns: columns.names)
        return Outcome(
            text: json
                ? jsonText(valid, predictions, extraColumns: input.extraColumns)
                : csvText(valid, predictions, header: header.names, columns: columns),
            problems: problems, rows: input.rowCount, scored: valid.count, extraColumns: input.extraColumns,
            renamedColumns: json ? [] : header.renamed, outsideTrainingRange: outsideTrainingRange(valid.map(\.values)),
            unseenCategories: unseenCategories(valid.map(\.values)),
            missingNeverInTraining: missingNeverInTraining(valid.map(\.values)), numberMarks: input.numberMarks)
    }

    /// A row that passed validation: as read, and its values in schema order.
    private struct Scored {
        var row: InputCSV.Row
        var values: [FieldValue]
    }

    private func outsideTrainingRange(_ rows: [[FieldValue]]) -> [OutOfRange] {
        schema.fields.enumerated().compactMap { index, field in
            guard let range = trainingProfile[field.name] else { return nil }
            let (low, high) = (range.lowerBound, range.upperBound)
            var found = OutOfRange(field: field.name, below: 0, above: 0, trainingMinimum: low, trainingMaximum: high)
            for row in rows {
                guard case .number(let value) = row[index] else { continue }
                if value < low { found.below += 1 } else if value > high { found.above += 1 }
            }
            return found.below + found.above > 0 ? found : nil
        }
    }

    private func missingNeverInTraining(_ rows: [[FieldValue]]) -> [MissingNeverInTraining] {
        schema.fields.enumerated().compactMap { index, field in
            guard trainingProfile.neverMissing.contains(field.name) else { return nil }
            let count = rows.count { $0[index] == .missing }
            return count > 0 ? MissingNeverInTraining(field: field.name, count: count) : nil
        }
    }

    /// Per categorical field, the values the model was not trained on, then those it does not
    /// keep (each group left out when empty).
    private func unseenCategories(_ rows: [[FieldValue]]) -> [UnseenCategories] {
        schema.fields.enumerated().flatMap { index, field -> [UnseenCategories] in
            guard field.kind == .categorical else { return [] }
            var standing: [String: TreeModel.CategoryStanding?] = [:]
            var unseen = UnseenCategories(field: field.name, count: 0, values: [])
            var notKept = UnseenCategories(field: field.name, count: 0, values: [])
            for row in rows {
                guard case .category(let value) = row[index] else { continue }
                let known = standing[value] != nil
                let found = standing[value] ?? model.categoryStanding(value, field: field.name)
                standing[value] = found
                switch found {
                case .unseen?:
                    if !known { unseen.values.append(value) }
                    unseen.count += 1
                case .notKept(let kept, let left)?:
                    if !known { notKept.values.append(value) }
                    notKept.count += 1
                    notKept.notKept = .init(kept: kept, left: left)
                default: continue
                }
            }
            return [unseen, notKept].filter { $0.count > 0 }
        }
    }

    private func csvText(
        _ rows: [Scored], _ predictions: [Prediction], header: [String], columns: PredictionColumns
    ) -> String {
        var text = ResultEncoding.csvLine(header)
        for (scored, prediction) in zip(rows, predictions) {
            text += ResultEncoding.csvLine(
                [String(scored.row.number)] + scored.row.cells + scored.row.extras + columns.cells(prediction))
        }
        return text
    }

    private func jsonText(_ rows: [Scored], _ predictions: [Prediction], extraColumns: [String]) -> String {
        let columns = PredictionColumns(schema: schema)
        var text = ResultEncoding.jsonStart
        for (index, (scored, prediction)) in zip(rows, predictions).enumerated() {
            var writer = JSONWriter()
            writer.object {
                $0.field("row", scored.row.number)
                $0.raw("input", PredictionService.inputJSON(scored.values, schema: schema))
                ResultEncoding.writeExtras(
                    zip(extraColumns, scored.row.extras.map { Optional(InputValue.text($0)) }), into: &$0)
                columns.write(prediction, into: &$0)
                let notes = ScoringNotes.notes(
                    scored.values, schema: schema, model: model, trainingProfile: trainingProfile)
                if !notes.isEmpty { $0.array("notes", notes) { $0.string($1.text(version: version)) } }
            }
            text += ResultEncoding.jsonSeparator(before: index) + writer.text
        }
        return text + ResultEncoding.jsonEnd
    }
}
