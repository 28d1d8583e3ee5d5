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

    /// Scores every stored row of `job` into `writer`, logging each row with the job's source.
    /// - Throws: `LeaseLost` when another worker took the job; `ServingError` for a row that
    ///   is no longer valid (unless the job skips those), or when the log cannot be written.
    func score(
        _ job: JobRecord, endpoint: ServingSnapshot.Endpoint, writer: JobResultWriter, queue: JobQueue,
        log: RequestLog
    ) throws -> Outcome {
        let schema = endpoint.schema
        let table = try CSVTable(parsing: Array(job.input.utf8))
        let header = table.records.first?.fields ?? []
        guard header.count == schema.fields.count + 2 else {
            throw ServingError(.internalError, "job \(job.id)'s stored rows do not match \(job.endpoint)'s fields")
        }
        let validator = InputValidator(schema: schema, acceptsMissing: true)
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
                let clientKey = record.fields.last.flatMap { $0.isEmpty ? nil : $0 }
                let cells = record.fields.dropFirst().dropLast()
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
                scored.append(
                    ScoredRow(
                        cells: Array(record.fields.dropLast()), clientKey: clientKey, values: values,
                        selection: selection))
            }
            let predictions = try predict(scored, schema: schema)
            var rows: [LoggedRequest] = []
            var tokens: [String] = []
            rows.reserveCapacity(scored.count)
            for (row, prediction) in zip(scored, predictions) {
                let token = FeedbackToken.make(using: &generator)
                tokens.append(token)
                rows.append(
                    LoggedRequest(
                        createdAt: Clock.utcTimestamp(), endpoint: job.endpoint, model: row.selection.version.model,
                        version: row.selection.version.version, abTestID: row.selection.abTest?.id,
                        abArm: row.selection.abTest?.arm, clientID: row.clientKey,
                        input: PredictionService.inputJSON(row.values, schema: schema), label: prediction.label,
                        probability: prediction.probability, positiveProbability: prediction.positiveProbability,
                        latencyMicroseconds: 0, source: job.logSource, tokenSHA256: FeedbackToken.sha256(token)))
            }
            // A batch row's latency is its share of its chunk's time.
            let share = (Clock.monotonicMicroseconds() - chunkStarted) / max(rows.count, 1)
            for index in rows.indices { rows[index].latencyMicroseconds = share }
            // The lease is checked right before the chunk is logged: a worker that lost it
            // writes nothing more.
            guard try queue.renew(job.id, owner: owner, rowsDone: outcome.done, lease: deployment.jobs.leaseSeconds)
            else { throw LeaseLost() }
            let logged = try log.append(contentsOf: rows)
            for ((row, token), input) in zip(zip(logged, tokens), scored) {
                let arm = row.abArm ?? ""
                writer.append(
                    cells: input.cells + [
                        row.label, String(row.probability), row.model, row.version, arm, String(row.id ?? 0), token,
                    ],
                    object: Self.resultJSON(row, number: input.cells[0], ab: arm, token: token))
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
        var cells: [String]
        var clientKey: String?
        /// In schema order.
        var values: [FieldValue]
        var selection: ModelSelector.Selection
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
    func predict(_ rows: [ScoredRow], schema: Schema) throws(ServingError) -> [Prediction] {
        var predictions = [Prediction?](repeating: nil, count: rows.count)
        var groups: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() { groups[row.selection.version.artifact, default: []].append(index) }
        for (artifact, indices) in groups {
            let model = try ModelCache.model(at: Deployment.resolve(artifact, in: deployment.root))
            var numbers = [[Double]](repeating: [], count: schema.fields.count)
            var codes = [[Int32]](repeating: [], count: schema.fields.count)
            for (f, field) in schema.fields.enumerated() {
                switch field.kind {
                case .numeric:
                    numbers[f] = indices.map {
                        if case .number(let value) = rows[$0].values[f] { return value }
                        return .nan
                    }
                case .categorical:
                    let code = Dictionary(
                        field.categories.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
                    codes[f] = indices.map {
                        if case .category(let value) = rows[$0].values[f] { return code[value] ?? -1 }
                        return -1
                    }
                }
            }
            let data = Dataset(
                schema: schema, numbers: numbers, codes: codes, labels: [UInt8](repeating: 0, count: indices.count))
            for (index, prediction) in zip(indices, model.predict(data)) { predictions[index] = prediction }
        }
        return predictions.compactMap { $0 }
    }

    /// One result row as JSON: the row number, the validated input, the answer and who gave it.
    static func resultJSON(_ row: LoggedRequest, number: String, ab: String, token: String) -> String {
        var writer = JSONWriter()
        writer.object {
            $0.field("row", Int(number) ?? 0)
            $0.raw("input", row.input)
            $0.field("label", row.label)
            $0.field("probability", row.probability)
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
        }
        return writer.text
    }
}
