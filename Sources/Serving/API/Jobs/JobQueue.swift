import GRDB
import Scoring

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The batch job queue of one host (`JobStore`): one SQLite table that predict.cgi adds jobs to
/// and workers claim jobs from, with no broker in between, and the results as files in a folder.
///
/// Claiming is one conditional UPDATE in an immediate transaction, so two workers never own the
/// same job.
public final class JobQueue: JobStore, Sendable {
    let queue: DatabaseQueue
    public let path: String
    /// The results folder (`jobs_results`): `YYYY-MM-DD/<id>-<attempt>.csv` and `.json`.
    public let results: String

    /// Opens (creating when needed) the queue at `path`, whose results are under `results`.
    /// - Throws: `ServingError` 503 naming the file when it cannot be opened or migrated.
    public init(path: String, results: String) throws(ServingError) {
        self.path = path
        self.results = results
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.journalMode = .wal
        do {
            try RequestLog.createFolder(of: path)
            queue = try RequestLog.open(
                path: path, configuration: configuration, migrate: true, migrator: Self.migrator,
                schemaVersion: Self.schemaVersion)
        } catch {
            throw ServingError(
                .unavailable, "the job queue cannot be opened", detail: "\(path): \(RequestLog.explain(error))")
        }
    }

    static let schemaVersion = 2

    /// Migrations are named and never change once shipped; new ones are appended.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 jobs") { db in
            try db.create(table: "job") { table in
                table.primaryKey("id", .text)
                table.column("endpoint", .text).notNull()
                table.column("schema_sha256", .text).notNull()
                table.column("status_pin", .text)
                table.column("model_pin", .text)
                table.column("version_pin", .text)
                table.column("skip_invalid", .boolean).notNull()
                table.column("status", .text).notNull()
                table.column("submitted_at", .double).notNull()
                table.column("started_at", .double)
                table.column("finished_at", .double)
                table.column("expired_at", .double)
                table.column("rows_total", .integer).notNull()
                table.column("rows_done", .integer).notNull()
                table.column("rows_skipped", .integer).notNull()
                table.column("skipped_errors", .text).notNull()
                table.column("input", .text).notNull()
                table.column("result_file", .text)
                table.column("error", .text)
                table.column("lease_owner", .text)
                table.column("lease_until", .double)
                table.column("attempts", .integer).notNull()
            }
            try db.create(index: "job_by_status", on: "job", columns: ["status", "submitted_at"])
        }
        migrator.registerMigration("v2 explain") { db in
            try db.alter(table: "job") { $0.add(column: "explain", .boolean).notNull().defaults(to: false) }
        }
        return migrator
    }

    public var place: String { path }

    /// Now, in Unix seconds.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    public func submit(_ job: JobRecord) throws(ServingError) {
        try writing("the job could not be queued") { try job.insert($0) }
    }

    public func job(_ id: String) throws(ServingError) -> JobRecord? {
        do {
            return try queue.read { try JobRecord.fetchOne($0, key: id) }
        } catch {
            throw ServingError(.unavailable, "the job queue cannot be read", detail: RequestLog.explain(error))
        }
    }

    private static let claimable = "status = 'PENDING' OR (status = 'RUNNING' AND lease_until < ?)"

    public func hasClaimableJob(now: Double) throws(ServingError) -> Bool {
        do {
            return try queue.read { db in
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM job WHERE \(Self.claimable))", arguments: [now])
                    ?? false
            }
        } catch {
            throw ServingError(.unavailable, "the job queue cannot be read", detail: RequestLog.explain(error))
        }
    }

    public func claim(
        owner: String, lease: Double, maxAttempts: Int, now: Double, givenUp: (String) -> Void = { _ in }
    )
        throws(ServingError) -> JobRecord?
    {
        var failed: [String] = []
        defer { failed.forEach(givenUp) }
        return try writing("a job could not be claimed") { db -> JobRecord? in
            failed = []
            while let job = try JobRecord.fetchOne(
                db, sql: "SELECT * FROM job WHERE \(Self.claimable) ORDER BY submitted_at LIMIT 1", arguments: [now])
            {
                if job.attempts >= maxAttempts {
                    try db.execute(
                        sql: """
                            UPDATE job SET status = 'FAILURE', finished_at = ?, lease_owner = NULL, lease_until = NULL,
                              input = '', error = ? WHERE id = ?
                            """,
                        arguments: [
                            now,
                            "the job's worker stopped \(job.attempts) times before finishing; it is not tried again",
                            job.id,
                        ])
                    failed.append(job.id)
                    continue
                }
                try db.execute(
                    sql: """
                        UPDATE job SET status = 'RUNNING', lease_owner = ?, lease_until = ?, attempts = attempts + 1,
                          rows_done = 0, started_at = COALESCE(started_at, ?)
                        WHERE id = ? AND (\(Self.claimable))
                        """,
                    arguments: [owner, now + lease, now, job.id, now])
                guard db.changesCount == 1 else { return nil }
                return try JobRecord.fetchOne(db, key: job.id)
            }
            return nil
        }
    }

    public func renew(
        _ id: String, owner: String, rowsDone: Int, lease: Double, now: Double
    )
        throws(ServingError) -> Bool
    {
        try writing("the job's progress could not be stored") { db in
            try db.execute(
                sql: """
                    UPDATE job SET rows_done = ?, lease_until = ?
                    WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'
                    """,
                arguments: [rowsDone, now + lease, id, owner])
            return db.changesCount == 1
        }
    }

    public func finish(
        _ id: String, owner: String, resultFile: String?, error: String?, rowsDone: Int, rowsSkipped: Int,
        skippedErrors: String, now: Double
    ) throws(ServingError) -> Bool {
        try writing("the job's end could not be stored") { db in
            try db.execute(
                sql: """
                    UPDATE job SET status = ?, finished_at = ?, result_file = ?, error = ?, rows_done = ?,
                      rows_skipped = ?, skipped_errors = ?, input = '', lease_owner = NULL, lease_until = NULL
                    WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'
                    """,
                arguments: [
                    (error == nil ? JobRecord.Status.success : .failure).rawValue, now, resultFile, error, rowsDone,
                    rowsSkipped, skippedErrors, id, owner,
                ])
            return db.changesCount == 1
        }
    }

    public func jobsToExpire(retention: Int, now: Double) throws(ServingError) -> [JobRecord] {
        do {
            return try queue.read { db in
                try JobRecord.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM job WHERE status IN ('SUCCESS', 'FAILURE') AND expired_at IS NULL
                          AND finished_at < ?
                        """,
                    arguments: [now - Double(retention)])
            }
        } catch {
            throw ServingError(.unavailable, "the job queue cannot be read", detail: RequestLog.explain(error))
        }
    }

    /// Removes the result's files (and the day's folder with its last result), then marks the
    /// job expired.
    public func expire(_ job: JobRecord, now: Double) throws(ServingError) {
        if let file = job.resultFile, JobResultWriter.isWellFormed(file, id: job.id) {
            for format in ["csv", "json"] {
                unlink(JobResultWriter.path(results: results, resultFile: file, ext: format))
            }
            // The day's folder goes with its last result.
            rmdir(results + "/" + file.prefix(10))
        }
        try writing("the job could not be marked expired") { db in
            try db.execute(sql: "UPDATE job SET expired_at = ? WHERE id = ?", arguments: [now, job.id])
        }
    }

    /// The result file's bytes.
    public func resultBytes(of job: JobRecord, format: String) throws(ServingError) -> [UInt8] {
        guard let path = job.resultPath(results: results, format: format) else {
            throw ServingError(.unavailable, "job \(job.id) has no usable result file name")
        }
        guard let bytes = FileBytes.read(path) else {
            throw ServingError(.unavailable, "the result of job \(job.id) cannot be read", detail: path)
        }
        return bytes
    }

    /// Runs `body` in an immediate transaction (taking the write lock at once, so two workers'
    /// claims are serialised instead of failing to upgrade a read lock).
    private func writing<T>(_ what: String, _ body: (Database) throws -> T) throws(ServingError) -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw DatabaseError(message: "the transaction returned nothing") }
                return result
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.unavailable, what, detail: RequestLog.explain(error))
        }
    }
}
