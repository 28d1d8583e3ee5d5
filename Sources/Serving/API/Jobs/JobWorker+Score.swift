import JSONWriting
import Models
import Snapshot

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Scoring a job's rows: the single-prediction path (validate, choose a version, score, log)
/// with the log written one transaction per chunk.
extension JobWorker {
    struct Outcome {
        var done = 0
        var skipped: [ServingError.FieldProblem] = []
    }

    /// The stored rows of `job` (`JobSubmission` writes them): a header of `row`, the fields,
    /// `client_id`, the upload's other columns and (`JobSubmission.writtenCellsMarker`) the
    /// fields' cells as written, then one record per valid row.
    /// - Throws: `ServingError` 500 when they do not fit `schema`.
    static func storedRows(of job: JobRecord, schema: Schema) throws(ServingError) -> CSVTable {
        let table = try? CSVTable(parsing: Array(job.input.utf8))
        let width = table?.records.first?.fields.count ?? 0
        guard let table, width >= schema.fields.count + 2, table.records.allSatisfy({ $0.fields.count == width })
        else {
            throw ServingError(
                .internalError, "the stored rows of job \(job.id) do not match the fields of \(job.endpoint)")
        }
        return table
    }

    /// Where a stored header (`storedRows`) has the upload's other columns: after `row`, the
    /// fields and `client_id`, and before the fields' cells as written when the header's first
    /// cell says they follow (`JobSubmission.writtenCellsMarker`; a job queued before has none).
    static func extraColumns(_ header: [String], fieldCount: Int) -> Range<Int> {
        let after = header.first == JobSubmission.writtenCellsMarker ? fieldCount + 1 : 0
        return (fieldCount + 2)..<max(fieldCount + 2, header.count - after)
    }

    /// A stored row's other keys in the order sent (`JobSubmission.canonicalLine`), as indices
    /// of its `count` extras; nil when the cell is empty or not such a list.
    static func extraOrder(_ cell: String, count: Int) -> [Int]? {
        let order = cell.split(separator: " ").compactMap { Int($0) }
        guard !order.isEmpty, order.allSatisfy({ $0 >= 0 && $0 < count }) else { return nil }
        return order
    }

    /// Scores every stored row of `job` (`table`, from `storedRows`) into `writer`, logging each
    /// row with the job's source.
    /// - Throws: `LeaseLost` when another worker took the job; `ServingError` for a row that
    ///   is no longer valid (unless the job skips those), or when the log cannot be written.
    func score(
        _ job: JobRecord, table: CSVTable, endpoint: ServingSnapshot.Endpoint, writer: JobResultWriter,
        queue: any JobStore, log: any JobRowLog
    ) throws -> Outcome {
        let schema = endpoint.schema
        let header = table.records.first?.fields ?? []
        let fieldCount = schema.fields.count
        let extrasRange = Self.extraColumns(header, fieldCount: fieldCount)
        let validator = InputValidator(schema: schema)
        let columns = PredictionColumns(schema: schema)
        // The rows were validated against this schema when the job was submitted; when the
        // endpoint's schema has changed since, every row is validated again.
        let trusted = job.schemaSHA256 == JobSubmission.digest(schema)
        let selector = ModelSelector(endpointName: job.endpoint, endpoint: endpoint)
        var generator = SystemRandomNumberGenerator()
        var outcome = Outcome()
        let records = table.records.dropFirst()
        let chunkRows = deployment.jobs.chunkRows
        var start = records.startIndex
        while start < records.endIndex {
            let chunk = records[start..<min(start + chunkRows, records.endIndex)]
            start = chunk.endIndex
            let chunkStarted = Clock.monotonicMicroseconds()
            var scored: [ScoredRow] = []
            scored.reserveCapacity(chunk.count)
            for record in chunk {
                let number = record.fields[0]
                let key = record.fields[fieldCount + 1]
                let clientKey = key.isEmpty ? nil : key
                let cells = record.fields[1...fieldCount]
                let values: [FieldValue]
                do {
                    if trusted, let stored = Self.storedValues(cells, schema: schema) {
                        values = stored
                    } else {
                        var input: [String: InputValue] = [:]
                        for (field, cell) in zip(schema.fields, cells) { input[field.name] = .text(cell) }
                        let checked = try validator.validate(input)
                        values = schema.fields.map { checked[$0.name] ?? .missing }
                    }
                } catch {
                    let problems = error.errors.map {
                        ServingError.FieldProblem(field: "row \(number): \($0.field)", message: $0.message)
                    }
                    guard job.skipInvalid else {
                        throw ServingError(
                            .badRequest, "row \(number) is no longer valid for \(job.endpoint)", errors: problems)
                    }
                    outcome.skipped += problems
                    continue
                }
                let selection = try selector.select(
                    status: job.statusPin, model: job.modelPin, version: job.versionPin, clientKey: clientKey,
                    using: &generator)
                let extras = record.fields[extrasRange].map(ResultEncoding.storedExtra)
                // The fields' cells as written and the keys' order close each stored line (a job
                // queued before has neither).
                let marked = extrasRange.upperBound < header.count
                let echoed = marked ? record.fields[extrasRange.upperBound..<(header.count - 1)] : cells
                let order = marked ? Self.extraOrder(record.fields[header.count - 1], count: extras.count) : nil
                scored.append(
                    ScoredRow(
                        cells: [number] + echoed + extras.map(ResultEncoding.cell), extras: extras, extraOrder: order,
                        clientKey: clientKey, values: values, selection: selection))
            }
            let (predictions, explanations, notes) = try predict(
                scored, endpoint: job.endpoint, schema: schema, explain: job.explain)
            var rows: [LoggedRequest] = []
            var tokens: [String] = []
            rows.reserveCapacity(scored.count)
            for (row, prediction) in zip(scored, predictions) {
                let token = FeedbackToken.make(using: &generator)
                tokens.append(token)
                let task = columns.logColumns(prediction)
                rows.append(
                    LoggedRequest(
                        createdAt: Clock.utcTimestamp(), endpoint: job.endpoint, model: row.selection.version.model,
                        version: row.selection.version.version, abTestID: row.selection.abTest?.id,
                        abArm: row.selection.abTest?.arm, clientID: row.clientKey,
                        input: PredictionService.inputJSON(row.values, schema: schema), label: prediction.label,
                        probability: prediction.probability, positiveProbability: prediction.positiveProbability,
                        latencyMicroseconds: 0, source: job.logSource, tokenSHA256: FeedbackToken.sha256(token),
                        value: task.value, probabilities: task.probabilities))
            }
            // A batch row's latency is its share of its chunk's time.
            let share = (Clock.monotonicMicroseconds() - chunkStarted) / max(rows.count, 1)
            for index in rows.indices { rows[index].latencyMicroseconds = share }
            // The lease is checked right before the chunk is logged: a worker that lost it
            // writes nothing more.
            guard try queue.renew(job.id, owner: owner, rowsDone: outcome.done, lease: deployment.jobs.leaseSeconds)
            else { throw LeaseLost() }
            guard let logged = try log.append(contentsOf: rows, whileHolding: job.id, owner: owner) else {
                throw LeaseLost()
            }
            for (index, (((row, token), input), prediction)) in zip(zip(zip(logged, tokens), scored), predictions)
                .enumerated()
            {
                let arm = row.abArm ?? ""
                let explanation = explanations.isEmpty ? nil : explanations[index]
                writer.append(
                    cells: input.cells + columns.cells(prediction) + [
                        row.model, row.version, arm, String(row.id ?? 0), token, Self.notesCell(notes[index]),
                    ] + (explanation?.cells ?? []),
                    object: Self.resultJSON(
                        row, prediction: prediction, columns: columns, number: input.cells[0],
                        extras: Self.inOrder(Array(zip(header[extrasRange], input.extras)), input.extraOrder), ab: arm,
                        token: token, notes: notes[index], explanation: explanation))
            }
            outcome.done += rows.count
            guard try queue.renew(job.id, owner: owner, rowsDone: outcome.done, lease: deployment.jobs.leaseSeconds)
            else { throw LeaseLost() }
            if pauseBetweenChunks > 0 { usleep(UInt32(min(pauseBetweenChunks, 60) * 1_000_000)) }
        }
        return outcome
    }

    /// A valid row and the version chosen to answer it.
    struct ScoredRow {
        /// The stored row without its client key, as the CSV result's cells: number, fields as
        /// written, other columns.
        var cells: [String]
        /// The other columns' values as sent (`ResultEncoding.storedExtra`), for the JSON result.
        var extras: [InputValue?]
        /// The order the row sent its other keys in, when not the columns' (`JobInput.Row.extraOrder`).
        var extraOrder: [Int]?
        var clientKey: String?
        /// In schema order.
        var values: [FieldValue]
        var selection: ModelSelector.Selection
    }

    /// A row's other columns for its JSON result: in the order the row sent them when that is
    /// known (`order`), else in the columns' order.
    static func inOrder(_ pairs: [(String, InputValue?)], _ order: [Int]?) -> [(String, InputValue?)] {
        order.map { $0.map { pairs[$0] } } ?? pairs
    }

    /// The stored cells as values without validating them again (they were, on submission):
    /// empty is missing. Nil when a numeric cell does not parse, which only a changed schema explains.
    static func storedValues(_ cells: ArraySlice<String>, schema: Schema) -> [FieldValue]? {
        var values: [FieldValue] = []
        values.reserveCapacity(schema.fields.count)
        for (field, cell) in zip(schema.fields, cells) {
            if cell.isEmpty {
                values.append(.missing)
            } else if field.kind == .categorical {
                values.append(.category(cell))
            } else if let number = Double(cell) {
                values.append(.number(number))
            } else {
                return nil
            }
        }
        return values.count == schema.fields.count ? values : nil
    }

    /// Scores `rows` with the batch path (binned, tree by tree over blocks of rows, on both cores),
    /// one data set per version chosen; the answers are exactly the one-row answers, in order.
    /// - Parameter explain: also explain every row (`ModelExplainer`, one explainer per version).
    /// - Returns: the predictions, with `explain` each row's explanation (else none), and each
    ///   row's notes (`ScoringNotes`, worded as predict.cgi's answer words them; empty for most).
    func predict(
        _ rows: [ScoredRow], endpoint: String, schema: Schema, explain: Bool = false
    ) throws(ServingError) -> (predictions: [Prediction], explanations: [ServedExplanation], notes: [[String]]) {
        var predictions = [Prediction?](repeating: nil, count: rows.count)
        var explanations = [ServedExplanation?](repeating: nil, count: explain ? rows.count : 0)
        var notes = [[String]](repeating: [], count: rows.count)
        var groups: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() { groups[row.selection.version.artifact, default: []].append(index) }
        for (artifact, indices) in groups {
            let version = rows[indices[0]].selection.version
            let name = "\(endpoint)/\(version.model)@\(version.version)"
            let model = try ModelCache.model(of: name, artifact: artifact, in: deployment)
            let scored = BatchScoring.predict(indices.map { rows[$0].values }, schema: schema, model: model)
            for (index, prediction) in zip(indices, scored) {
                predictions[index] = prediction
                notes[index] = ScoringNotes.notes(
                    rows[index].values, schema: schema, model: model, trainingProfile: version.trainingProfile
                ).map {
                    $0.text(version: name)
                }
            }
            guard explain else { continue }
            let explainer = try ModelExplainer.make(model, version: name)
            for index in indices {
                var values: [String: FieldValue] = [:]
                for (field, value) in zip(schema.fields, rows[index].values) { values[field.name] = value }
                do {
                    explanations[index] = ServedExplanation(
                        try explainer.explain(values: values), explainer: explainer, schema: schema)
                } catch {
                    throw ServingError(
                        .badRequest, "row \(rows[index].cells.first ?? "") cannot be explained: \(error)")
                }
            }
        }
        return (predictions.compactMap { $0 }, explanations.compactMap { $0 }, notes)
    }

    /// A row's notes as the CSV result's `notes` cell: the sentences joined by ` | ` (a note
    /// holds `;` of its own), empty when there are none.
    static func notesCell(_ notes: [String]) -> String {
        notes.joined(separator: " | ")
    }

    /// One result row as JSON: the row number, the validated input, the other columns' cells,
    /// the answer (the task's fields), who gave it, and its `notes` as predict.cgi's answer has
    /// them (left out when there are none).
    static func resultJSON(
        _ row: LoggedRequest, prediction: Prediction, columns: PredictionColumns, number: String,
        extras: some Sequence<(String, InputValue?)>, ab: String, token: String, notes: [String] = [],
        explanation: ServedExplanation? = nil
    ) -> String {
        var writer = JSONWriter()
        writer.object {
            $0.field("row", Int(number) ?? 0)
            $0.raw("input", row.input)
            ResultEncoding.writeExtras(extras, into: &$0)
            columns.write(prediction, into: &$0)
            $0.object("model") {
                $0.field("name", row.model)
                $0.field("version", row.version)
            }
            if let id = row.abTestID {
                $0.object("ab_test") {
                    $0.field("id", id)
                    $0.field("arm", ab)
                }
            } else {
                $0.null("ab_test")
            }
            $0.field("request_id", Int(row.id ?? 0))
            $0.field("feedback_token", token)
            if !notes.isEmpty { $0.array("notes", notes) { $0.string($1) } }
            explanation?.write(into: &$0)
        }
        return writer.text
    }
}
