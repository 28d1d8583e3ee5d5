import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The batch job queue: one SQLite table that predict.cgi adds jobs to and workers claim
/// jobs from, with no broker in between.
///
/// A worker owns a job through a lease (`lease_owner`, `lease_until`) that it renews with every
/// chunk of rows. Claiming is one conditional UPDATE in an immediate transaction, so two workers
/// never own the same job; a job whose worker died is claimed again once its lease has expired.
public final class JobQueue: Sendable {
    let queue: DatabaseQueue
    public let path: String

    /// Opens (creating when needed) the queue at `path`.
    /// - Throws: `ServingError` 503 naming the file when it cannot be opened or migrated.
    public init(path: String) throws(ServingError) {
        self.path = path
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

    /// Now, in Unix seconds.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Adds a new job.
    public func submit(_ job: JobRecord) throws(ServingError) {
        try writing("the job could not be queued") { try job.insert($0) }
    }

    /// The job `id`, or nil when there is none.
    public func job(_ id: String) throws(ServingError) -> JobRecord? {
        do {
            return try queue.read { try JobRecord.fetchOne($0, key: id) }
        } catch {
            throw ServingError(.unavailable, "the job queue cannot be read", detail: RequestLog.explain(error))
        }
    }

    private static let claimable = "status = 'PENDING' OR (status = 'RUNNING' AND lease_until < ?)"

    /// Whether some job could be claimed now.
    public func hasClaimableJob(now: Double = JobQueue.now()) throws(ServingError) -> Bool {
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

    /// Takes the oldest pending job, or one whose lease expired, for `owner` until
    /// `now + lease`. A job already taken `maxAttempts` times is failed instead.
    /// - Parameter givenUp: receives the id of each job failed here, after the transaction, so
    ///   the caller can remove what its dead attempts logged.
    /// - Returns: the job as claimed (`attempts` counts this claim), or nil when none is left.
    public func claim(
        owner: String, lease: Double, maxAttempts: Int, now: Double = JobQueue.now(),
        givenUp: (String) -> Void = { _ in }
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

    /// Records progress and extends the lease, if `owner` still holds it.
    /// - Returns: false when the lease was lost (it expired and another worker took the job).
    public func renew(
        _ id: String, owner: String, rowsDone: Int, lease: Double, now: Double = JobQueue.now()
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

    /// Ends the job as SUCCESS with its result, or FAILURE with `error`, if `owner` holds it.
    /// - Returns: false when the lease was lost; then nothing changed.
    public func finish(
        _ id: String, owner: String, resultFile: String?, error: String?, rowsDone: Int, rowsSkipped: Int,
        skippedErrors: String, now: Double = JobQueue.now()
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

    /// Ended jobs whose results are older than `retention` seconds and not yet removed.
    public func jobsToExpire(retention: Int, now: Double = JobQueue.now()) throws(ServingError) -> [JobRecord] {
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

    /// Marks the job's results as removed.
    public func markExpired(_ id: String, now: Double = JobQueue.now()) throws(ServingError) {
        try writing("the job could not be marked expired") { db in
            try db.execute(sql: "UPDATE job SET expired_at = ? WHERE id = ?", arguments: [now, id])
        }
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
