/// Where a deployment's batch jobs live: the queue that predict.cgi adds jobs to and workers
/// claim them from, and the finished jobs' results.
///
/// Two stores keep the same rules: `JobQueue` (a SQLite file on the host, results in its
/// folder: the default, for one host) and `PostgresJobStore` (JobsPostgres: the database that
/// several hosts share, results in it, so a job submitted to one host is worked by a worker on
/// any and its result downloads from any). A worker owns a job through a lease (`lease_owner`,
/// `lease_until`) that it renews with every chunk of rows; claiming is atomic, so two workers
/// never own the same job, and a job whose worker died is claimed again once its lease expired.
/// `JobStorage` says which store a deployment gets in a given build.
public protocol JobStore: AnyObject {
    /// The queue for messages: the SQLite file's path, or the database's URI without its password.
    var place: String { get }

    /// Adds a new job.
    /// - Throws: `ServingError` 503 when the queue cannot be written.
    func submit(_ job: JobRecord) throws(ServingError)

    /// The job `id`, or nil when there is none.
    /// - Throws: `ServingError` 503 when the queue cannot be read.
    func job(_ id: String) throws(ServingError) -> JobRecord?

    /// Whether some job could be claimed at `now` (Unix seconds). Every `now` here is the
    /// caller's clock, which a store shared by several hosts replaces with its own
    /// (`PostgresJobStore` times leases, ends and expiry by the database's clock).
    /// - Throws: `ServingError` 503 when the queue cannot be read.
    func hasClaimableJob(now: Double) throws(ServingError) -> Bool

    /// Takes the oldest pending job, or one whose lease expired, for `owner` until
    /// `now + lease` (seconds). A job already taken `maxAttempts` times is failed instead.
    /// - Parameter givenUp: receives the id of each job failed here, after its transaction, so
    ///   the caller can remove what its dead attempts logged.
    /// - Returns: the job as claimed (`attempts` counts this claim), or nil when none is left.
    /// - Throws: `ServingError` 503 when the queue cannot be written.
    func claim(
        owner: String, lease: Double, maxAttempts: Int, now: Double, givenUp: (String) -> Void
    )
        throws(ServingError) -> JobRecord?

    /// Records progress and extends the lease, if `owner` still holds it.
    /// - Returns: false when the lease was lost (it expired and another worker took the job).
    /// - Throws: `ServingError` 503 when the queue cannot be written.
    func renew(_ id: String, owner: String, rowsDone: Int, lease: Double, now: Double) throws(ServingError) -> Bool

    /// Ends the job as SUCCESS with its result, or FAILURE with `error`, if `owner` holds it
    /// (the rows a failed attempt logged are then the caller's to remove, `JobRowLog.removeRows`;
    /// a store whose log is in the same database removes them in the same transaction).
    /// - Parameter resultFile: the finished result's name under the deployment's results folder
    ///   (`JobResultWriter.resultFile`: `YYYY-MM-DD/<id>-<attempt>`, a `.csv` and a `.json`); a
    ///   store that keeps results elsewhere takes them in with the job's end, in one transaction.
    /// - Returns: false when the lease was lost; then nothing changed.
    /// - Throws: `ServingError` 503 when the queue cannot be written.
    func finish(
        _ id: String, owner: String, resultFile: String?, error: String?, rowsDone: Int, rowsSkipped: Int,
        skippedErrors: String, now: Double
    ) throws(ServingError) -> Bool

    /// Ended jobs whose results are older than `retention` seconds and not yet removed.
    /// - Throws: `ServingError` 503 when the queue cannot be read.
    func jobsToExpire(retention: Int, now: Double) throws(ServingError) -> [JobRecord]

    /// Removes the ended job's result and marks the job expired.
    /// - Throws: `ServingError` 503 when the queue cannot be written.
    func expire(_ job: JobRecord, now: Double) throws(ServingError)

    /// The result of the successful job `job` as `format` (`csv` or `json`).
    /// - Throws: `ServingError` 503 when it is missing or cannot be read.
    func resultBytes(of job: JobRecord, format: String) throws(ServingError) -> [UInt8]
}

extension JobStore {
    /// `hasClaimableJob(now:)` at this moment.
    public func hasClaimableJob() throws(ServingError) -> Bool { try hasClaimableJob(now: JobQueue.now()) }

    /// `claim(owner:lease:maxAttempts:now:givenUp:)` at this moment.
    public func claim(
        owner: String, lease: Double, maxAttempts: Int, givenUp: (String) -> Void = { _ in }
    ) throws(ServingError) -> JobRecord? {
        try claim(owner: owner, lease: lease, maxAttempts: maxAttempts, now: JobQueue.now(), givenUp: givenUp)
    }

    /// `renew(_:owner:rowsDone:lease:now:)` at this moment.
    public func renew(_ id: String, owner: String, rowsDone: Int, lease: Double) throws(ServingError) -> Bool {
        try renew(id, owner: owner, rowsDone: rowsDone, lease: lease, now: JobQueue.now())
    }

    /// `finish(_:owner:resultFile:error:rowsDone:rowsSkipped:skippedErrors:now:)` at this moment.
    public func finish(
        _ id: String, owner: String, resultFile: String?, error: String?, rowsDone: Int, rowsSkipped: Int,
        skippedErrors: String
    ) throws(ServingError) -> Bool {
        try finish(
            id, owner: owner, resultFile: resultFile, error: error, rowsDone: rowsDone, rowsSkipped: rowsSkipped,
            skippedErrors: skippedErrors, now: JobQueue.now())
    }
}

extension JobRecord {
    /// Where the finished result's file in `format` (`csv` or `json`) is under the results folder
    /// `results`; nil when the stored name is not of the form the worker gives
    /// (`YYYY-MM-DD/<id>-<attempt>`; checked like a client's id before it becomes a path).
    public func resultPath(results: String, format: String) -> String? {
        resultFile.flatMap { Self.resultPath(results: results, resultFile: $0, id: id, format: format) }
    }

    /// Where job `id`'s result `resultFile` in `format` is under `results`; nil when the name is
    /// not of the form the worker gives.
    public static func resultPath(results: String, resultFile: String, id: String, format: String) -> String? {
        guard JobResultWriter.isWellFormed(resultFile, id: id) else { return nil }
        return JobResultWriter.path(results: results, resultFile: resultFile, ext: format)
    }
}

/// The request log as a batch worker writes it: a chunk of rows in one transaction, and the
/// rows of an attempt that never finished removed (their ids and tokens were never given out).
/// `RequestLog` (SQLite) and `PostgresJobStore` (PostgreSQL, JobsPostgres) write it.
public protocol JobRowLog: AnyObject {
    /// Writes `requests` in one transaction, while `owner` holds job `id`'s lease, and returns
    /// them with their ids; nil, and nothing written, when the lease was lost. A store that keeps
    /// the queue in the same database checks the lease in the write's transaction
    /// (`PostgresJobStore`); the SQLite log is another file than its queue, on one host, and relies
    /// on the renewal the worker makes right before the write.
    /// - Throws: `ServingError` 503: nothing may be served unlogged.
    func append(
        contentsOf requests: [LoggedRequest], whileHolding id: String, owner: String
    )
        throws(ServingError) -> [LoggedRequest]?

    /// Removes every row logged with `source` and returns how many there were.
    /// - Throws: `ServingError` 503 when the log cannot be written.
    func removeRows(source: String) throws(ServingError) -> Int
}

/// How a build opens a deployment's job store and the log its workers write: the SQLite files
/// in every build (`sqlite`); PostgreSQL in the builds that link libpq (`withPostgreSQL`, in
/// JobsPostgres: predict.cgi-jobs' PostgreSQL build and the modelpress CLI).
public struct JobStorage: Sendable {
    /// The deployment's queue and results.
    public var queue: @Sendable (Deployment) throws(ServingError) -> any JobStore
    /// The request log its workers write.
    public var log: @Sendable (Deployment) throws(ServingError) -> any JobRowLog

    public init(
        queue: @escaping @Sendable (Deployment) throws(ServingError) -> any JobStore,
        log: @escaping @Sendable (Deployment) throws(ServingError) -> any JobRowLog
    ) {
        self.queue = queue
        self.log = log
    }

    /// The SQLite queue (`jobs_database`), results folder (`jobs_results`) and request log of
    /// the host. A deployment whose request log is in PostgreSQL is refused: its jobs belong in
    /// that database, which a build without libpq cannot reach.
    public static let sqlite = JobStorage(
        queue: { deployment throws(ServingError) in
            try refusePostgreSQL(deployment)
            return try JobQueue(path: deployment.jobs.databasePath, results: deployment.jobs.resultsPath)
        },
        log: { deployment throws(ServingError) in
            try refusePostgreSQL(deployment)
            return try RequestLog(path: deployment.databasePath)
        })

    private static func refusePostgreSQL(_ deployment: Deployment) throws(ServingError) {
        guard case .postgresql = deployment.requestStore else { return }
        throw ServingError(
            .unavailable, "batch jobs are not available on this deployment",
            detail: "the deployment keeps its request log and job queue in PostgreSQL "
                + "(\(deployment.requestStore.description)), and this is the SQLite build of predict.cgi-jobs, "
                + "which does not link libpq: install the PostgreSQL build (PredictCGI-postgresql-jobs) as "
                + "predict.cgi-jobs beside predict.cgi, as `modelpress bundle` does for such a deployment")
    }
}
