import Basics
import Foundation
import JSONWriting
import Models

/// Turns an upload into a queued job: every row is validated against the endpoint's schema
/// first, so a client hears about bad rows at once, with their numbers, not after a worker ran.
public struct JobSubmission {
    /// At most this many problems are listed in an answer; the message gives the total.
    public static let listedProblems = 100

    public var service: PredictionService
    public var queue: any JobStore

    public init(service: PredictionService, queue: any JobStore) {
        self.service = service
        self.queue = queue
    }

    /// Validates `input` and queues it as a PENDING job.
    /// - Parameters:
    ///   - skipInvalid: run the valid rows and report the others, instead of refusing.
    ///   - explain: add each row's explanation (`ServedExplanation`'s columns); every version
    ///     the rows can be routed to must be able to give one.
    /// - Throws: `ServingError` 404 (endpoint or pinned version), 400 listing the invalid rows'
    ///   fields as `row N: field`, 409 when `explain` is asked of a version that cannot
    ///   (`ModelExplainer`), 503 when the queue cannot be written.
    public func submit(
        _ input: JobInput, endpoint name: String, pins: PredictionService.Pins, skipInvalid: Bool,
        explain: Bool = false, now: Double = JobQueue.now()
    ) throws(ServingError) -> JobRecord {
        let endpoint = try service.endpoint(name)
        var generator = SystemRandomNumberGenerator()
        // The pins are checked now; each row is routed by the worker (A/B splits per row).
        let selection = try ModelSelector(endpointName: name, endpoint: endpoint).select(
            status: pins.status, model: pins.model, version: pins.version, clientKey: nil, using: &generator)
        if explain {
            // Unpinned rows are split between the A/B test's arms: each must explain.
            let routed =
                selection.abTest != nil
                ? (endpoint.abTest?.arms ?? []).compactMap { endpoint.version(model: $0.model, version: $0.version) }
                : [selection.version]
            for version in routed {
                let versionName = "\(name)/\(version.model)@\(version.version)"
                _ = try ModelExplainer.make(
                    try ModelCache.model(of: versionName, artifact: version.artifact, in: service.deployment),
                    version: versionName)
            }
        }
        let fields = endpoint.schema.fields
        var csv = ResultEncoding.csvLine(
            [Self.writtenCellsMarker] + fields.map(\.name) + ["client_id"] + input.extraColumns
                + fields.map(\.name) + ["(order of the other keys as sent)"])
        // Unreadable rows and refused ones, listed in row order.
        let checked = input.validated(by: InputValidator(schema: endpoint.schema))
        for (row, values) in checked.valid { csv += Self.canonicalLine(row: row, values: values, fields: fields) }
        let problems = Array(checked.problems.prefix(Self.listedProblems))
        let invalidRows = checked.invalidRows
        let validRows = checked.valid.count
        let listed =
            (invalidRows > 0 && problems.count == Self.listedProblems
                ? " (the first \(problems.count) problems are listed)" : "")
            + (input.numberMarks.map {
                "; "
                    + $0.advice {
                        "the served versions read a decimal point: write them as \($0.replacingOccurrences(of: ",", with: "."))"
                    }
            } ?? "")
        if invalidRows > 0 && !skipInvalid {
            throw ServingError(
                .badRequest,
                "\(invalidRows) of \(input.rowCount) rows are not valid\(listed); fix them, or add "
                    + "?skip_invalid=true to run only the valid rows",
                errors: problems)
        }
        guard validRows > 0 else {
            throw ServingError(.badRequest, "none of the \(input.rowCount) rows is valid\(listed)", errors: problems)
        }
        let job = JobRecord(
            id: JobID.make(), endpoint: name, schemaSHA256: Self.digest(endpoint.schema), statusPin: pins.status,
            modelPin: pins.model, versionPin: pins.version,
            skipInvalid: skipInvalid, explain: explain, status: .pending, submittedAt: now, rowsTotal: validRows,
            rowsDone: 0,
            rowsSkipped: invalidRows, skippedErrors: Self.json(problems), input: csv,
            attempts: 0)
        try queue.submit(job)
        return job
    }

    /// The SHA-256 of `schema` (its JSON with sorted keys): a worker that finds the same digest
    /// knows the stored rows are valid as they are.
    static func digest(_ schema: Schema) -> String {
        let format = JSONFormat(indented: false, dialect: .encoder, escapesSlashes: true)
        return Digest.sha256((try? JSONWriter.encode(schema, format)) ?? [])
    }

    /// `problems` as the contract's `errors` array.
    static func json(_ problems: [ServingError.FieldProblem]) -> String {
        let items = problems.map { problem in
            var writer = JSONWriter()
            writer.object {
                $0.field("field", problem.field)
                $0.field("message", problem.message)
            }
            return writer.text
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    /// The first cell of a stored input's header whose lines end in the fields' cells as
    /// written and the order of a JSON row's other keys (`canonicalLine`); a job queued before
    /// has `row` there, and its result echoes the values as validated.
    static let writtenCellsMarker = "row (fields as written last)"

    /// One valid row as a line of the stored input: its number, the values in schema order
    /// (as validated: what the worker scores), the client key if one was given, its values of
    /// the other columns as JSON text (`ResultEncoding.json`; empty where the row has none),
    /// then the fields' cells as written (`JobInput.Row.writtenCells`), which the result echoes,
    /// and a JSON row's other keys' order as sent (`JobInput.Row.extraOrder`: `2 0 1`; empty
    /// when it is the columns').
    static func canonicalLine(row: JobInput.Row, values: [String: FieldValue], fields: [Field]) -> String {
        var line = String(row.number)
        for field in fields {
            line += ","
            switch values[field.name] {
            case .number(let number)?:
                line += numberText(number)
            case .category(let text)?: line += CSVTable.escape(text)
            case .missing?, nil: break
            }
        }
        line += ","
        if case .text(let key)? = row.values["client_id"] { line += CSVTable.escape(key) }
        // As JSON text, so the worker gives each back as sent (`ResultEncoding.storedExtra`).
        for value in row.extras { line += "," + CSVTable.escape(value.map(ResultEncoding.json) ?? "") }
        for cell in row.writtenCells(fields) { line += "," + CSVTable.escape(cell) }
        line += "," + (row.extraOrder.map { $0.map(String.init).joined(separator: " ") } ?? "")
        return line + "\n"
    }
}
