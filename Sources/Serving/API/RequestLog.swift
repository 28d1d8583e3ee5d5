import Foundation
import GRDB
import Models

/// The SQLite request log on the serving host: one row per prediction served, written before
/// the answer leaves, with feedback attached later.
///
/// One connection per process, WAL so readers never block the CGI, and a busy timeout so many
/// CGI processes can write at once.
public final class RequestLog: Sendable {
    let queue: DatabaseQueue
    public let path: String

    /// Opens (creating when needed) the log at `path` and brings its schema up to date.
    /// - Throws: `ServingError` 503 naming the file when it cannot be opened or migrated.
    public init(path: String, readOnly: Bool = false) throws(ServingError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = readOnly
        if !readOnly {
            // WAL (with synchronous = NORMAL): readers never block the CGI's writes, and a
            // process crash loses nothing committed (a power cut may lose the last few).
            configuration.journalMode = .wal
        }
        do {
            if !readOnly {
                try Self.createFolder(of: path)
            }
            queue = try Self.open(path: path, configuration: configuration, migrate: !readOnly)
        } catch {
            throw ServingError(.unavailable, "the request log \(path) cannot be opened: \(Self.explain(error))")
        }
    }

    /// Opens the database and brings its schema up to date. Processes that create a new log at
    /// the same moment contend for switching it to WAL (which SQLite does not wait for), so
    /// a locked database is retried for up to about two seconds. The job queue opens its own
    /// database the same way, with its own migrations.
    static func open(
        path: String, configuration: Configuration, migrate: Bool, migrator: DatabaseMigrator = migrator,
        schemaVersion: Int = schemaVersion
    ) throws -> DatabaseQueue {
        var attempt = 0
        while true {
            do {
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                // The CGI opens the log on every request: a current schema costs one pragma.
                if migrate, try queue.read({ try Int.fetchOne($0, sql: "PRAGMA user_version") }) != schemaVersion {
                    do {
                        try migrator.migrate(queue)
                    } catch {
                        // Of two processes migrating a new log at once, the second fails (the
                        // table exists) after the first has committed, which is fine.
                        guard try queue.read({ try migrator.hasCompletedMigrations($0) }) else { throw error }
                    }
                    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = \(schemaVersion)") }
                }
                return queue
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 40
            {
                attempt += 1
                usleep(UInt32(20_000 + (attempt % 4) * 7_000))
            }
        }
    }

    /// Bumped with every migration appended below; stored as SQLite's `user_version`.
    static let schemaVersion = 1

    /// Creates the folder holding `path` when it is missing (plain mkdir: this runs per request).
    static func createFolder(of path: String) throws {
        var folder = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, part) in parts.enumerated() {
            folder += index == 0 ? String(part) : "/" + part
            if folder.isEmpty || part.isEmpty { continue }
            if mkdir(folder, 0o755) != 0 && errno != EEXIST {
                throw DatabaseError(message: "cannot create the folder \(folder): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Migrations are named and never change once shipped; new ones are appended.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 requests") { db in
            try db.create(table: "request") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("created_at", .text).notNull()
                table.column("endpoint", .text).notNull()
                table.column("model", .text).notNull()
                table.column("version", .text).notNull()
                table.column("ab_test_id", .integer)
                table.column("ab_arm", .text)
                table.column("client_id", .text)
                table.column("input", .text).notNull()
                table.column("label", .text).notNull()
                table.column("probability", .double).notNull()
                table.column("positive_probability", .double).notNull()
                table.column("latency_us", .integer).notNull()
                table.column("source", .text).notNull()
                table.column("token_sha256", .text).notNull()
                table.column("feedback", .text)
                table.column("feedback_at", .text)
            }
            try db.create(index: "request_by_endpoint", on: "request", columns: ["endpoint", "created_at"])
            try db.create(index: "request_by_ab_test", on: "request", columns: ["ab_test_id", "ab_arm"])
        }
        return migrator
    }

    /// Writes a served prediction and returns it with its id.
    /// - Throws: `ServingError` 503: nothing may be served unlogged.
    public func append(_ request: LoggedRequest) throws(ServingError) -> LoggedRequest {
        do {
            return try queue.write { db in
                var row = request
                try row.insert(db)
                return row
            }
        } catch {
            throw ServingError(
                .unavailable, "the request could not be logged, so it is not served: \(Self.explain(error))")
        }
    }

    /// What feedback did.
    public enum FeedbackOutcome: Equatable, Sendable {
        /// The label was stored.
        case recorded
        /// The same label was already stored; nothing changed.
        case unchanged
    }

    /// Attaches the true label to request `id`, if `token` is the one returned with it.
    /// The first feedback wins: the same label again changes nothing, another one is refused.
    /// - Parameter labelValues: the endpoint's labels; `label` is normalised against them
    ///   (`>50K.` and ` >50K` both mean `>50K`).
    /// - Throws: `ServingError` 400 (unknown label), 403 (wrong token), 404 (no such request),
    ///   409 (a different label was already given), 503 (the log cannot be written).
    public func recordFeedback(
        id: Int64, token: String, label: String, labelValues: (String) -> [String]?, at time: String
    ) throws(ServingError) -> (FeedbackOutcome, LoggedRequest) {
        do {
            return try queue.write { db in
                guard var row = try LoggedRequest.fetchOne(db, key: id) else {
                    throw ServingError(.notFound, "there is no request \(id)")
                }
                guard Digest.sha256(Array(token.utf8)) == row.tokenSHA256 else {
                    throw ServingError(.forbidden, "the token does not belong to request \(id)")
                }
                let accepted = labelValues(row.endpoint) ?? []
                guard let normalised = Labels.normalise(label, accepted: accepted) else {
                    throw ServingError(
                        .badRequest, "unknown label '\(label)'; accepted: \(accepted.joined(separator: ", "))",
                        errors: [
                            .init(field: "feedback", message: "must be one of \(accepted.joined(separator: ", "))")
                        ])
                }
                if let existing = row.feedback {
                    guard existing == normalised else {
                        throw ServingError(
                            .conflict, "request \(id) already has feedback '\(existing)'; the first feedback wins")
                    }
                    return (.unchanged, row)
                }
                row.feedback = normalised
                row.feedbackAt = time
                try row.update(db)
                return (.recorded, row)
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.unavailable, "the feedback could not be stored: \(Self.explain(error))")
        }
    }

    /// Folds the WAL back into the database and empties it when it has grown past `bytes`.
    ///
    /// A CGI process is often the log's only connection, and SQLite then rebuilds the WAL's
    /// index by reading the whole WAL when it opens the log: the larger the WAL, the slower
    /// every request. predict.cgi calls this after its answer has left, so no client waits for
    /// it; when another process is busy with the log it does nothing (the next one will).
    public func truncateWAL(largerThan bytes: Int) {
        var status = stat()
        guard stat(path + "-wal", &status) == 0, Int(status.st_size) > bytes else { return }
        try? queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Runs a read-only query (statistics, A/B results, tests).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read(body)
    }

    static func explain(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}

/// Label spelling as clients and data files write it.
public enum Labels {
    /// `label` as one of `accepted`, ignoring surrounding spaces and a trailing period
    /// (Adult's test file writes `>50K.`); nil when it is none of them.
    public static func normalise(_ label: String, accepted: [String]) -> String? {
        var text = label.trimmingWhitespace
        if !accepted.contains(text), text.hasSuffix(".") { text.removeLast() }
        return accepted.contains(text) ? text : nil
    }
}
