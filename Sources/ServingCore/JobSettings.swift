/// How a deployment runs batch jobs; each setting has a `deployment.json` key.
///
/// | key | default | meaning |
/// | --- | --- | --- |
/// | `jobs_database` | `var/jobs.sqlite` | the job queue (SQLite) |
/// | `jobs_results` | `var/jobs/results` | result files, in one folder per UTC day |
/// | `max_job_body_bytes` | 32 MiB | the largest upload `POST /{endpoint}/jobs` reads |
/// | `max_job_rows` | 200,000 | the most rows one job may have |
/// | `job_retention_seconds` | 7 days | how long results are kept after a job ends |
/// | `job_lease_seconds` | 30 | how long a worker owns a job without renewing (it renews per chunk) |
/// | `job_chunk_rows` | 2,000 | rows scored and logged per transaction and lease renewal |
/// | `spawn_workers` | 2 | how many workers predict.cgi may start at once; 0 leaves jobs to `modelpress worker` |
public struct JobSettings: Equatable, Sendable {
    public var databasePath = "var/jobs.sqlite"
    public var resultsPath = "var/jobs/results"
    public var maxBodyBytes = 32 * 1024 * 1024
    public var maxRows = 200_000
    public var retentionSeconds = 7 * 24 * 3600
    public var leaseSeconds = 30.0
    public var chunkRows = 2_000
    public var spawnWorkers = 2
    /// A job whose worker stopped this many times is failed instead of taken again.
    public var maxAttempts = 3

    public init() {}

    /// The folder holding the queue's database, where spawned workers keep their slot locks.
    public var folder: String {
        guard let slash = databasePath.lastIndex(of: "/") else { return "." }
        return String(databasePath[..<slash])
    }

    /// The `deployment.json` keys for jobs, all optional.
    /// What deployment.json sets (its keys: jobs_database, jobs_results, max_job_body_bytes,
    /// max_job_rows, job_retention_seconds, job_lease_seconds, job_chunk_rows, spawn_workers).
    package struct Overrides {
        package var database: String?
        package var results: String?
        package var maxBodyBytes: Int?
        package var maxRows: Int?
        package var retentionSeconds: Int?
        package var leaseSeconds: Double?
        package var chunkRows: Int?
        package var spawnWorkers: Int?
    }

    /// The defaults with `overrides` applied.
    /// - Throws: `ServingError` 503 naming the key and `file` when a number is out of range.
    package init(_ overrides: Overrides, file: String) throws(ServingError) {
        func positive<T: Comparable & Numeric>(
            _ value: T?, _ key: String, allowZero: Bool = false
        ) throws(ServingError)
            -> T?
        {
            guard let value else { return nil }
            guard value > 0 || (allowZero && value == 0) else {
                throw ServingError(
                    .unavailable, "predict.cgi is misconfigured",
                    detail: "\(key) in \(file) must be \(allowZero ? "zero or more" : "positive")")
            }
            return value
        }
        databasePath = overrides.database ?? databasePath
        resultsPath = overrides.results ?? resultsPath
        maxBodyBytes = try positive(overrides.maxBodyBytes, "max_job_body_bytes") ?? maxBodyBytes
        maxRows = try positive(overrides.maxRows, "max_job_rows") ?? maxRows
        retentionSeconds = try positive(overrides.retentionSeconds, "job_retention_seconds") ?? retentionSeconds
        leaseSeconds = try positive(overrides.leaseSeconds, "job_lease_seconds") ?? leaseSeconds
        chunkRows = try positive(overrides.chunkRows, "job_chunk_rows") ?? chunkRows
        spawnWorkers = try positive(overrides.spawnWorkers, "spawn_workers", allowZero: true) ?? spawnWorkers
    }
}
