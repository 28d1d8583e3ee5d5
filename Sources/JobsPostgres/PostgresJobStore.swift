import Scoring
import Serving
import ServingCore
import ServingPostgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The batch jobs of a deployment whose serving hosts share one PostgreSQL database
/// (`JobStore`, `JobRowLog`): the queue, the rows its workers log and the finished results, all
/// in that database, so a job submitted to any host is worked by a worker on any host and its
/// result downloads from any host.
///
/// The same rules as the SQLite queue (`JobQueue`): claiming takes the oldest claimable job
/// with `SELECT … FOR UPDATE SKIP LOCKED` (https://www.postgresql.org/docs/15/sql-select.html#SQL-FOR-UPDATE-SHARE)
/// and owns it through a lease in the same transaction, so two workers never own the same job
/// and neither waits for the other; a job's end and its result are committed together. A
/// result is written by the worker as files first (`JobResultWriter`, on the worker's host),
/// then taken into the `job_result` table when the job ends, and the files removed. The tables
/// are made by `PostgresSchema`'s "v2 jobs" (`modelpress db migrate`), never here.
public final class PostgresJobStore: JobStore, JobRowLog {
    /// The database's libpq URI.
    public let url: String
    /// The folder where this host's worker writes a result before it is taken in (`jobs_results`).
    public let results: String
    let connection: PostgresConnection

    public var place: String { RequestStore.redacted(url) }

    /// Connects to the jobs in the database at `url`.
    /// - Throws: `ServingError` 503 naming the database (without its password) and libpq's reason.
    public init(url: String, results: String) throws(ServingError) {
        self.url = url
        self.results = results
        do {
            connection = try PostgresConnection(url: url, applicationName: "modelpress jobs")
        } catch {
            throw ServingError(
                .unavailable, "the job queue cannot be opened",
                detail: RequestStore.connectionFailure(url, reason: error.message))
        }
    }

    /// The stores this process has connected to, kept until `closeAll`.
    nonisolated(unsafe) private static var connected: [PostgresJobStore] = []

    /// The store at `url`, connected once per process (a worker opens its queue and its log,
    /// and looks at the queue again after each pass), connected again once the server has
    /// closed the session (a restart: trial29 #10, `modelpress worker` waiting it out).
    /// - Throws: `ServingError` 503 as `init(url:results:)`.
    public static func connect(url: String, results: String) throws(ServingError) -> PostgresJobStore {
        connected.removeAll { $0.connection.isBroken }
        if let store = connected.first(where: { $0.url == url && $0.results == results }) { return store }
        let store = try PostgresJobStore(url: url, results: results)
        connected.append(store)
        return store
    }

    /// Ends every connection `connect` made.
    public static func closeAll() {
        connected.removeAll()
    }

    private static let columns = JobRecord.columnNames.joined(separator: ", ")
    /// The database's clock in Unix seconds. Leases, ends and expiry are timed by it, never by a
    /// host's: hosts whose clocks disagree by more than a lease would otherwise take live jobs
    /// from each other, or leave dead ones waiting (the `now` a caller passes is not used).
    private static let databaseNow = "extract(epoch from clock_timestamp())::float8"
    private static let claimable = "status = 'PENDING' OR (status = 'RUNNING' AND lease_until < \(databaseNow))"

    public func submit(_ job: JobRecord) throws(ServingError) {
        let marks = JobRecord.columnNames.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        try run("the job could not be queued") {
            _ = try connection.execute("INSERT INTO job (\(Self.columns)) VALUES (\(marks))", job.textValues)
        }
    }

    public func job(_ id: String) throws(ServingError) -> JobRecord? {
        try run("the job queue cannot be read") {
            try connection.execute("SELECT \(Self.columns) FROM job WHERE id = $1", [id]).rows.first.map(Self.record)
        }
    }

    public func hasClaimableJob(now: Double) throws(ServingError) -> Bool {
        try run("the job queue cannot be read") {
            try connection.execute("SELECT EXISTS (SELECT 1 FROM job WHERE \(Self.claimable))")
                .rows.first?.first == "t"
        }
    }

    public func claim(
        owner: String, lease: Double, maxAttempts: Int, now: Double, givenUp: (String) -> Void
    ) throws(ServingError) -> JobRecord? {
        var failed: [String] = []
        defer { failed.forEach(givenUp) }
        return try run("a job could not be claimed") {
            try connection.transaction { () throws -> JobRecord? in
                failed = []
                while let row = try connection.execute(
                    "SELECT \(Self.columns) FROM job WHERE \(Self.claimable) ORDER BY submitted_at LIMIT 1 "
                        + "FOR UPDATE SKIP LOCKED"
                ).rows.first {
                    let job = try Self.record(row)
                    if job.attempts >= maxAttempts {
                        try connection.execute(
                            """
                            UPDATE job SET status = 'FAILURE', finished_at = \(Self.databaseNow), lease_owner = NULL,
                              lease_until = NULL, input = '', error = $1 WHERE id = $2
                            """,
                            [
                                "the job's worker stopped \(job.attempts) times before finishing; it is not tried again",
                                job.id,
                            ])
                        failed.append(job.id)
                        continue
                    }
                    let claimed = try connection.execute(
                        """
                        UPDATE job SET status = 'RUNNING', lease_owner = $1, lease_until = \(Self.databaseNow) + $2,
                          attempts = attempts + 1, rows_done = 0, started_at = COALESCE(started_at, \(Self.databaseNow))
                        WHERE id = $3 RETURNING \(Self.columns)
                        """, [owner, String(lease), job.id])
                    return try claimed.rows.first.map(Self.record)
                }
                return nil
            }
        }
    }

    public func renew(
        _ id: String, owner: String, rowsDone: Int, lease: Double, now: Double
    ) throws(ServingError) -> Bool {
        try run("the job's progress could not be stored") {
            try connection.execute(
                "UPDATE job SET rows_done = $1, lease_until = \(Self.databaseNow) + $2 "
                    + "WHERE id = $3 AND lease_owner = $4 AND status = 'RUNNING'",
                [String(rowsDone), String(lease), id, owner]
            ).commandTag == "UPDATE 1"
        }
    }

    /// Ends the job; a success's result files (under `results`) are taken into the database in
    /// the same transaction and removed from this host once it is committed; a failure's logged
    /// rows are removed in the same transaction (only while `owner` holds the lease: a worker that
    /// lost it must not remove the rows of the attempt that took over).
    public func finish(
        _ id: String, owner: String, resultFile: String?, error: String?, rowsDone: Int, rowsSkipped: Int,
        skippedErrors: String, now: Double
    ) throws(ServingError) -> Bool {
        let formats = ["csv", "json"]
        let paths = resultFile.map { file in
            formats.compactMap { JobRecord.resultPath(results: results, resultFile: file, id: id, format: $0) }
        }
        var bodies: [String] = []
        if let paths, let file = resultFile {
            guard paths.count == formats.count else {
                throw ServingError(.unavailable, "job \(id) has no usable result file name", detail: file)
            }
            for path in paths {
                guard let bytes = FileBytes.read(path) else {
                    throw ServingError(.unavailable, "the job's result cannot be read to be stored", detail: path)
                }
                bodies.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        let ended = try run("the job's end could not be stored") {
            try connection.transaction { () throws -> Bool in
                let updated = try connection.execute(
                    """
                    UPDATE job SET status = $1, finished_at = \(Self.databaseNow), result_file = $2, error = $3,
                      rows_done = $4, rows_skipped = $5, skipped_errors = $6, input = '', lease_owner = NULL,
                      lease_until = NULL
                    WHERE id = $7 AND lease_owner = $8 AND status = 'RUNNING'
                    """,
                    [
                        (error == nil ? JobRecord.Status.success : .failure).rawValue, resultFile, error,
                        String(rowsDone), String(rowsSkipped), skippedErrors, id, owner,
                    ])
                guard updated.commandTag == "UPDATE 1" else { return false }
                if error != nil {
                    try connection.execute("DELETE FROM request WHERE source = $1", [JobRecord.logSource(of: id)])
                }
                for (format, body) in zip(formats, bodies) {
                    try connection.execute(
                        "INSERT INTO job_result (job_id, format, body) VALUES ($1, $2, $3)", [id, format, body])
                }
                return true
            }
        }
        if ended, let paths, let file = resultFile {
            for path in paths { unlink(path) }
            // The day's folder goes with its last result.
            rmdir(results + "/" + file.prefix(10))
        }
        return ended
    }

    public func jobsToExpire(retention: Int, now: Double) throws(ServingError) -> [JobRecord] {
        try run("the job queue cannot be read") {
            try connection.execute(
                """
                SELECT \(Self.columns) FROM job WHERE status IN ('SUCCESS', 'FAILURE') AND expired_at IS NULL
                  AND finished_at < \(Self.databaseNow) - $1
                """, [String(retention)]
            ).rows.map(Self.record)
        }
    }

    public func expire(_ job: JobRecord, now: Double) throws(ServingError) {
        try run("the job could not be marked expired") {
            try connection.transaction {
                try connection.execute("DELETE FROM job_result WHERE job_id = $1", [job.id])
                try connection.execute(
                    "UPDATE job SET expired_at = \(Self.databaseNow) WHERE id = $1", [job.id])
            }
        }
    }

    public func resultBytes(of job: JobRecord, format: String) throws(ServingError) -> [UInt8] {
        let body = try run("the job's result cannot be read") {
            try connection.execute("SELECT body FROM job_result WHERE job_id = $1 AND format = $2", [job.id, format])
                .rows.first?.first ?? nil
        }
        guard let body else {
            throw ServingError(
                .unavailable, "the result of job \(job.id) cannot be read",
                detail: "PostgreSQL at \(place) has no \(format) result for the job")
        }
        return Array(body.utf8)
    }

    /// Writes the chunk only while `owner` holds job `id`'s lease, checked in the chunk's own
    /// transaction with the job's row locked (`FOR UPDATE`): a claim by another worker waits for
    /// it or skips the job, so a worker that lost its lease between its renewal and this write
    /// cannot add rows after the next attempt removed the old ones.
    public func append(
        contentsOf requests: [LoggedRequest], whileHolding id: String, owner: String
    ) throws(ServingError) -> [LoggedRequest]? {
        do {
            return try connection.transaction { () throws -> [LoggedRequest]? in
                let held = try connection.execute(
                    "SELECT 1 FROM job WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING' FOR UPDATE",
                    [id, owner])
                guard !held.rows.isEmpty else { return nil }
                var rows = requests
                for index in rows.indices {
                    let result = try connection.execute(
                        LoggedRequest.postgresInsertSQL, rows[index].postgresInsertArguments)
                    guard let text = result.rows.first?.first ?? nil, let id = Int64(text) else {
                        throw PostgresError(message: "the insert did not return the row's id")
                    }
                    rows[index].id = id
                }
                return rows
            }
        } catch {
            throw ServingError(
                .unavailable, "the job's rows could not be logged, so they are not served",
                detail: PostgresRequestLog.explain(error, url: url))
        }
    }

    public func removeRows(source: String) throws(ServingError) -> Int {
        let tag = try run("an unfinished job's rows could not be removed") {
            try connection.execute("DELETE FROM request WHERE source = $1", [source]).commandTag
        }
        return Int(tag.split(separator: " ").last ?? "") ?? 0
    }

    /// A job row read with `columns`.
    /// - Throws: `PostgresError` when the row does not read as a job.
    private static func record(_ row: [String?]) throws -> JobRecord {
        guard let job = JobRecord(textValues: row) else {
            throw PostgresError(message: "the job row \(row.first.flatMap { $0 } ?? "?") is damaged")
        }
        return job
    }

    /// `body`'s value, or `ServingError` 503 saying `what` failed, the cause in its detail (with
    /// what to do when the schema is older than this build).
    private func run<T>(_ what: String, _ body: () throws -> T) throws(ServingError) -> T {
        do {
            return try body()
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.unavailable, what, detail: PostgresRequestLog.explain(error, url: url))
        }
    }
}

extension JobStorage {
    /// The SQLite files of a SQLite deployment (`sqlite`), the shared database of a PostgreSQL
    /// one (`PostgresJobStore`): what the builds that link libpq use.
    public static let withPostgreSQL = JobStorage(
        queue: { deployment throws(ServingError) in
            guard case .postgresql(let url) = deployment.requestStore else { return try sqlite.queue(deployment) }
            return try PostgresJobStore.connect(url: url, results: deployment.jobs.resultsPath)
        },
        log: { deployment throws(ServingError) in
            guard case .postgresql(let url) = deployment.requestStore else { return try sqlite.log(deployment) }
            return try PostgresJobStore.connect(url: url, results: deployment.jobs.resultsPath)
        })
}
