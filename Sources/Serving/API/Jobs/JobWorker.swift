import Models

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs batch jobs: claims one from the queue, scores and logs its rows chunk by chunk while
/// renewing its lease, writes the result files, and takes the next, until none is left.
///
/// A worker that dies leaves its job RUNNING with a lease that expires; the next worker takes
/// the job again from the start, first removing the rows the dead attempt had logged (their
/// ids and tokens were never given to anyone), so every row is logged and returned once.
public struct JobWorker {
    public var deployment: Deployment
    /// Where the deployment's queue and request log are, as this build can reach them.
    public var storage: JobStorage
    /// Who holds a lease: host, process and a random part.
    public var owner: String
    /// Seconds to wait after each chunk, to leave room for other work on a busy host.
    public var pauseBetweenChunks: Double
    /// Where progress lines go (`modelpress worker` prints them; a spawned worker drops them).
    public var report: (String) -> Void

    public init(
        deployment: Deployment, storage: JobStorage = .sqlite, owner: String? = nil, pauseBetweenChunks: Double = 0,
        report: @escaping (String) -> Void = { _ in }
    ) {
        self.deployment = deployment
        self.storage = storage
        self.owner = owner ?? Self.defaultOwner()
        self.pauseBetweenChunks = pauseBetweenChunks
        self.report = report
    }

    /// `host:pid:random`.
    public static func defaultOwner() -> String {
        var name = [UInt8](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count - 1) == 0 ? String(decoding: name.prefix { $0 != 0 }, as: UTF8.self) : "host"
        var generator = SystemRandomNumberGenerator()
        return "\(host):\(getpid()):\(String(generator.next() as UInt32, radix: 16))"
    }

    /// Removes expired results, then runs jobs until none can be claimed.
    /// - Returns: how many jobs this worker ended (successes and failures).
    /// - Throws: `ServingError` 503 when the queue or the request log cannot be opened.
    @discardableResult
    public func drain() throws(ServingError) -> Int {
        let queue = try storage.queue(deployment)
        try expireResults(queue: queue)
        let log = try storage.log(deployment)
        var ended = 0
        let settings = deployment.jobs
        while let job = try queue.claim(
            owner: owner, lease: settings.leaseSeconds, maxAttempts: settings.maxAttempts,
            givenUp: { removeLoggedRows(of: $0, log: log, why: "it failed after too many attempts") })
        {
            report("job \(job.id): \(job.rowsTotal) rows for \(job.endpoint), attempt \(job.attempts)")
            if try run(job, queue: queue, log: log) { ended += 1 }
        }
        return ended
    }

    /// A failed job's rows leave the request log: no client ever got their ids or tokens, and
    /// serving statistics and A/B tallies must not count them.
    func removeLoggedRows(of id: String, log: any JobRowLog, why: String) {
        guard let removed = try? log.removeRows(source: "job:\(id)"), removed > 0 else { return }
        report("job \(id): removed \(removed) logged rows because \(why)")
    }

    /// Drains the queue as one of at most `spawn_workers` workers predict.cgi started: the
    /// slot is a file lock, so a worker started while all slots are busy leaves at once (a busy
    /// worker checks the queue again after giving its slot back, so no job is left waiting).
    public func drainInSlot() throws(ServingError) {
        let count = deployment.jobs.spawnWorkers
        guard count > 0 else { return }
        while let slot = WorkerSlot.acquire(folder: deployment.jobs.folder, count: count) {
            try drain()
            slot.release()
            guard try storage.queue(deployment).hasClaimableJob() else { return }
        }
    }

    /// Removes the results of jobs past the retention period and marks them expired.
    func expireResults(queue: any JobStore) throws(ServingError) {
        for job in try queue.jobsToExpire(retention: deployment.jobs.retentionSeconds, now: JobQueue.now()) {
            try queue.expire(job, now: JobQueue.now())
            report("job \(job.id): result expired and removed")
        }
    }

    /// A lease lost to another worker: this attempt stops and leaves no trace.
    struct LeaseLost: Error {}

    /// Runs one claimed job to its end.
    /// - Returns: whether this worker ended the job (false when its lease was lost).
    func run(_ job: JobRecord, queue: any JobStore, log: any JobRowLog) throws(ServingError) -> Bool {
        var writer: JobResultWriter?
        // The finished result's name, until the job's end is stored.
        var written: String?
        do {
            if job.attempts > 1 {
                let removed = try log.removeRows(source: job.logSource)
                if removed > 0 { report("job \(job.id): removed \(removed) rows logged by an unfinished attempt") }
            }
            let service = try PredictionService(deployment: deployment)
            let endpoint = try service.endpoint(job.endpoint)
            let table = try Self.storedRows(of: job, schema: endpoint.schema)
            let extraColumns = Array(
                table.records[0].fields[
                    Self.extraColumns(table.records[0].fields, fieldCount: endpoint.schema.fields.count)])
            let columns = PredictionColumns(schema: endpoint.schema)
            let explanationColumns =
                job.explain
                ? ServedExplanation.columnNames(fields: endpoint.schema.fields.map(\.name), columns: columns) : []
            let header = ResultEncoding.header(
                schema: endpoint.schema, extraColumns: extraColumns,
                resultColumns: columns.names + ["model", "version", "ab_arm", "request_id", "feedback_token", "notes"]
                    + explanationColumns)
            let files = try JobResultWriter(
                results: deployment.jobs.resultsPath, day: String(Clock.utcTimestamp().prefix(10)),
                name: "\(job.id)-\(job.attempts)", header: header.names)
            writer = files
            let outcome = try score(job, table: table, endpoint: endpoint, writer: files, queue: queue, log: log)
            try files.finish()
            writer = nil
            written = files.resultFile
            guard
                try queue.finish(
                    job.id, owner: owner, resultFile: files.resultFile, error: nil, rowsDone: outcome.done,
                    rowsSkipped: job.rowsSkipped + outcome.skipped.count,
                    skippedErrors: Self.merge(job.skippedErrors, outcome.skipped))
            else {
                removeResult(files.resultFile)
                throw LeaseLost()
            }
            report("job \(job.id): SUCCESS, \(outcome.done) rows")
            return true
        } catch is LeaseLost {
            writer?.discard()
            report("job \(job.id): lease lost to another worker; this attempt stops")
            return false
        } catch {
            writer?.discard()
            // The job's status page shows `message` to the client; the detail (paths, causes)
            // goes only to the worker's report.
            let served = error as? ServingError
            let message =
                served.map { ServingError($0.reason, $0.message, errors: $0.errors).description }
                ?? "the job failed unexpectedly"
            report("job \(job.id): FAILURE: \(served?.description ?? "the job failed unexpectedly: \(error)")")
            // A `finish` that threw may still have committed (its answer lost): the result
            // stays only where the job, read again, names it.
            if let written, (try? queue.job(job.id))??.resultFile != written { removeResult(written) }
            // The job fails only while this worker holds it, and only then are its rows
            // removed: a worker that lost its lease must not remove the rows of the attempt
            // that took over, nor fail a job that another worker ended.
            guard
                try queue.finish(
                    job.id, owner: owner, resultFile: nil, error: message, rowsDone: 0, rowsSkipped: job.rowsSkipped,
                    skippedErrors: job.skippedErrors)
            else {
                report("job \(job.id): lease lost to another worker; this attempt stops")
                return false
            }
            removeLoggedRows(of: job.id, log: log, why: "it failed")
            return true
        }
    }

    /// Removes this host's files of the result `resultFile` (both formats), which no job names.
    func removeResult(_ resultFile: String) {
        for ext in ["csv", "json"] {
            unlink(JobResultWriter.path(results: deployment.jobs.resultsPath, resultFile: resultFile, ext: ext))
        }
    }

    /// `existing` (a JSON array) with `more` appended.
    static func merge(_ existing: String, _ more: [ServingError.FieldProblem]) -> String {
        guard !more.isEmpty else { return existing }
        let added = JobSubmission.json(more)
        return existing == "[]" ? added : String(existing.dropLast()) + "," + added.dropFirst()
    }
}
