import GRDB

/// One batch job in the queue: what was asked, where it is, who works on it.
///
/// Times are Unix seconds (UTC); answers show them as ISO 8601.
public struct JobRecord: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "job"

    public enum Status: String, Codable, Sendable {
        case pending = "PENDING"
        case running = "RUNNING"
        case success = "SUCCESS"
        case failure = "FAILURE"
    }

    /// 128 random bits in hex (`JobID`).
    public var id: String
    public var endpoint: String
    /// The SHA-256 of the endpoint's schema the rows were validated against.
    public var schemaSHA256: String
    public var statusPin: String?
    public var modelPin: String?
    public var versionPin: String?
    public var skipInvalid: Bool
    /// Whether each result row carries its explanation's columns (`?explain=true`).
    public var explain: Bool
    public var status: Status
    public var submittedAt: Double
    public var startedAt: Double?
    public var finishedAt: Double?
    /// When the result files were removed after the retention period.
    public var expiredAt: Double?
    public var rowsTotal: Int
    public var rowsDone: Int
    /// Rows left out because they were invalid and the client asked to skip them.
    public var rowsSkipped: Int
    /// The skipped rows' problems as the contract's JSON `errors` array (at most 100).
    public var skippedErrors: String
    /// The valid rows as CSV (`row` and the schema's fields); emptied once the job ends.
    public var input: String
    /// `YYYY-MM-DD/<id>` under the results folder, without the extension.
    public var resultFile: String?
    public var error: String?
    public var leaseOwner: String?
    public var leaseUntil: Double?
    public var attempts: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, endpoint
        case schemaSHA256 = "schema_sha256"
        case statusPin = "status_pin"
        case modelPin = "model_pin"
        case versionPin = "version_pin"
        case skipInvalid = "skip_invalid"
        case status
        case submittedAt = "submitted_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case expiredAt = "expired_at"
        case rowsTotal = "rows_total"
        case rowsDone = "rows_done"
        case rowsSkipped = "rows_skipped"
        case skippedErrors = "skipped_errors"
        case input
        case resultFile = "result_file"
        case error
        case leaseOwner = "lease_owner"
        case leaseUntil = "lease_until"
        case attempts
        // Last, as the "v2 explain" migration appended it.
        case explain
    }

    /// The source batch rows are logged with, as the request log's `source` column.
    public var logSource: String { Self.logSource(of: id) }

    /// The source the rows of job `id` are logged with: `job:<id>`.
    public static func logSource(of id: String) -> String { "job:\(id)" }
}

/// Job ids: 128 bits from the system's random generator in lower-case hex, so they cannot be
/// guessed, and checked before they are used anywhere (a file name included).
public enum JobID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return FeedbackToken.make(using: &generator)
    }

    /// Whether `text` has the form of a job id: 32 characters of 0-9 and a-f.
    public static func isValid(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
