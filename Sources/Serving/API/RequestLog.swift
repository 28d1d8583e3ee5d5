import Foundation
import GRDB
import GRDBSQLite
import Models

/// The SQLite request log on the serving host: one row per prediction served, written before
/// the answer leaves, with feedback attached later.
///
/// WAL so readers never block the CGI, and a busy timeout so many CGI processes can write at
/// once. A writable log writes single rows through SQLite's C API (`DirectConnection`):
/// predict.cgi opens the log on every request, and that open must cost a few system calls, not
/// a GRDB `DatabaseQueue`. GRDB keeps the schema (its migrations are the one definition of the
/// table), reading, and batches; a writable log opens it only when one of those needs it.
public final class RequestLog {
    public let path: String
    /// The single-row write path; nil in a read-only log.
    let connection: DirectConnection?
    /// GRDB's connection: opened at once in a read-only log, on first use in a writable one.
    private var grdbQueue: DatabaseQueue?

    /// Opens (creating when needed) the log at `path` and brings its schema up to date.
    /// - Throws: `ServingError` 503 naming the file when it cannot be opened or migrated.
    public init(path: String, readOnly: Bool = false) throws(ServingError) {
        self.path = path
        do {
            if readOnly {
                connection = nil
                grdbQueue = try Self.open(path: path, configuration: Self.configuration(readOnly: true), migrate: false)
            } else {
                connection = try Self.connect(path: path)
            }
        } catch {
            throw ServingError(.unavailable, "the request log \(path) cannot be opened: \(Self.explain(error))")
        }
    }

    /// How long a write waits for other processes' locks.
    static let busyTimeoutSeconds = 10

    static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(TimeInterval(busyTimeoutSeconds))
        configuration.readonly = readOnly
        if !readOnly {
            // WAL (with synchronous = NORMAL): readers never block the CGI's writes, and a
            // process crash loses nothing committed (a power cut may lose the last few).
            configuration.journalMode = .wal
        }
        return configuration
    }

    /// The C-API connection for single-row writes, set up as GRDB sets up its own: busy
    /// timeout, synchronous = NORMAL (a per-connection setting). A log whose schema is current
    /// and which is in WAL mode (both are kept in the file) costs two pragmas; any other file
    /// (new, outdated, not WAL) goes through GRDB's set-up and migrations first.
    static func connect(path: String) throws -> DirectConnection {
        let connection: DirectConnection
        do {
            connection = try DirectConnection(path: path)
        } catch let error where error.code == SQLITE_CANTOPEN {
            // Usually a missing folder: create it only then, not on every request.
            try createFolder(of: path)
            connection = try DirectConnection(path: path)
        }
        connection.setBusyTimeout(milliseconds: Int32(busyTimeoutSeconds * 1000))
        try connection.execute("PRAGMA synchronous = NORMAL")
        if try !isReady(connection) {
            _ = try open(path: path, configuration: configuration(readOnly: false), migrate: true)
            guard try isReady(connection) else {
                throw SQLiteError(code: SQLITE_ERROR, message: "its schema or journal mode could not be set up")
            }
        }
        return connection
    }

    /// Whether the schema is current and the file in WAL mode.
    private static func isReady(_ connection: DirectConnection) throws -> Bool {
        // The first read also tells the connection the file's journal mode.
        try connection.value("PRAGMA user_version") == .integer(Int64(schemaVersion))
            && connection.value("PRAGMA journal_mode") == .text("wal")
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
    static let schemaVersion = 2

    /// Creates the folder holding `path` when it is missing (plain mkdir: this runs per request).
    static func createFolder(of path: String) throws {
        var folder = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, part) in parts.enumerated() {
            folder += index == 0 ? String(part) : "/" + part
            if folder.isEmpty || part.isEmpty { continue }
            if mkdir(folder, 0o755) != 0 && errno != EEXIST {
                throw SQLiteError(
                    code: SQLITE_CANTOPEN,
                    message: "cannot create the folder \(folder): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Migrations are named and never change once shipped; new ones are appended.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 requests") { db in
            try LoggedRequest.createTable(db)
            try db.create(index: "request_by_endpoint", on: "request", columns: ["endpoint", "created_at"])
            try db.create(index: "request_by_ab_test", on: "request", columns: ["ab_test_id", "ab_arm"])
        }
        migrator.registerMigration("v2 task outputs") { db in
            try LoggedRequest.addTaskColumns(db)
        }
        return migrator
    }

    /// Writes a served prediction and returns it with its id.
    /// - Throws: `ServingError` 503: nothing may be served unlogged.
    public func append(_ request: LoggedRequest) throws(ServingError) -> LoggedRequest {
        do {
            let connection = try writable()
            var row = request
            row.id = try connection.immediateTransaction {
                _ = try connection.rows(LoggedRequest.insertSQL, request.insertArguments)
                return connection.lastInsertedRowID
            }
            return row
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

    /// Attaches the true label (or, for regression, the true value) to request `id`, if `token`
    /// is the one returned with it. The first feedback wins: the same label again changes
    /// nothing, another one is refused.
    /// - Parameter labelValues: the endpoint's labels; `label` is normalised against them
    ///   (`>50K.` and ` >50K` both mean `>50K`). For a regression prediction (a row with a
    ///   `value`) `label` must be a finite number instead (see `Labels.feedback`).
    /// - Throws: `ServingError` 400 (unknown label, not a finite number), 403 (wrong token), 404 (no such request),
    ///   409 (a different label was already given), 503 (the log cannot be written).
    public func recordFeedback(
        id: Int64, token: String, label: String, labelValues: (String) -> [String]?, at time: String
    ) throws(ServingError) -> (FeedbackOutcome, LoggedRequest) {
        do {
            let connection = try writable()
            return try connection.immediateTransaction { () throws -> (FeedbackOutcome, LoggedRequest) in
                guard let columns = try connection.rows(LoggedRequest.selectByIDSQL, [.integer(id)]).first else {
                    throw ServingError(.notFound, "there is no request \(id)")
                }
                guard var row = LoggedRequest(columns: columns) else {
                    throw SQLiteError(code: SQLITE_CORRUPT, message: "the row of request \(id) is damaged")
                }
                guard FeedbackToken.sha256(token) == row.tokenSHA256 else {
                    throw ServingError(.forbidden, "the token does not belong to request \(id)")
                }
                // A regression row is the one that logged a value.
                let normalised = try Labels.feedback(
                    label, accepted: labelValues(row.endpoint) ?? [], isRegression: row.value != nil)
                if let existing = row.feedback {
                    guard existing == normalised else {
                        throw ServingError(
                            .conflict, "request \(id) already has feedback '\(existing)'; the first feedback wins")
                    }
                    return (.unchanged, row)
                }
                row.feedback = normalised
                row.feedbackAt = time
                _ = try connection.rows(
                    "UPDATE request SET feedback = ?, feedback_at = ? WHERE id = ?",
                    [.text(normalised), .text(time), .integer(id)])
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
        guard let connection, stat(path + "-wal", &status) == 0, Int(status.st_size) > bytes else { return }
        connection.setBusyTimeout(milliseconds: 0)
        defer { connection.setBusyTimeout(milliseconds: Int32(Self.busyTimeoutSeconds * 1000)) }
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Runs a read-only query (statistics, A/B results, tests).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue().read(body)
    }

    /// GRDB's connection to the log, opened when first needed.
    func queue() throws -> DatabaseQueue {
        if let grdbQueue { return grdbQueue }
        let queue = try Self.open(path: path, configuration: Self.configuration(readOnly: false), migrate: false)
        grdbQueue = queue
        return queue
    }

    private func writable() throws -> DirectConnection {
        guard let connection else {
            throw SQLiteError(code: SQLITE_READONLY, message: "the log \(path) is open read-only")
        }
        return connection
    }

    static func explain(_ error: any Error) -> String {
        if let error = error as? SQLiteError {
            return error.message
        }
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

    /// Feedback as the log stores it: one of `accepted` (normalised as above) for
    /// classification; for regression a finite number, written as Swift writes a `Double`
    /// (`3` is stored as `3.0`, so the same value compares equal however it was sent).
    /// - Throws: `ServingError` 400 naming `feedback` and why it is refused.
    public static func feedback(_ text: String, accepted: [String], isRegression: Bool) throws(ServingError) -> String {
        guard isRegression else {
            guard let label = normalise(text, accepted: accepted) else {
                let list = accepted.joined(separator: ", ")
                throw ServingError(
                    .badRequest, "unknown label '\(text)'; accepted: \(list)",
                    errors: [.init(field: "feedback", message: "must be one of \(list)")])
            }
            return label
        }
        guard let value = DecimalNumber.parse(text.trimmingWhitespace), value.isFinite else {
            throw ServingError(
                .badRequest, "the feedback '\(text.prefix(40))' is not a finite number; send the true value",
                errors: [.init(field: "feedback", message: "must be a finite number (the true value)")])
        }
        return String(value)
    }
}
