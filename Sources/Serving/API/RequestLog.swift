import Foundation
import GRDB
import GRDBSQLite
import ServingCore

/// The SQLite request log on the serving host: one row per prediction served, written before
/// the answer leaves, with feedback attached later.
///
/// WAL so readers never block the CGI, and a busy timeout so many CGI processes can write at
/// once. A writable log writes single rows through SQLite's C API (`RequestLogWriter`, in
/// ServingCore, which predict.cgi uses alone on a log that is ready): predict.cgi opens the log
/// on every request, and that open must cost a few system calls, not a GRDB `DatabaseQueue`.
/// GRDB keeps the schema (its migrations are the one definition of the table), reading, and
/// batches; a writable log opens it only when one of those needs it.
public final class RequestLog {
    public let path: String
    /// The single-row write path; nil in a read-only log.
    public let writer: RequestLogWriter?
    var connection: DirectConnection? { writer?.connection }
    /// GRDB's connection: opened at once in a read-only log, on first use in a writable one.
    private var grdbQueue: DatabaseQueue?

    /// Opens (creating when needed) the log at `path` and brings its schema up to date.
    /// - Throws: `ServingError` 503 naming the file when it cannot be opened or migrated.
    public init(path: String, readOnly: Bool = false) throws(ServingError) {
        self.path = path
        guard readOnly else {
            writer = try Self.writer(path: path)
            return
        }
        writer = nil
        do {
            grdbQueue = try Self.open(path: path, configuration: Self.configuration(readOnly: true), migrate: false)
        } catch {
            throw Self.cannotOpen(path, error)
        }
    }

    /// The writer of the log at `path`, set up (created, migrated, switched to WAL) where needed.
    /// - Throws: `ServingError` 503 naming the file when it cannot be opened or migrated.
    public static func writer(path: String) throws(ServingError) -> RequestLogWriter {
        do {
            return try connect(path: path)
        } catch {
            throw cannotOpen(path, error)
        }
    }

    private static func cannotOpen(_ path: String, _ error: any Error) -> ServingError {
        ServingError(.unavailable, "the request log cannot be opened", detail: "\(path): \(explain(error))")
    }

    /// How long a write waits for other processes' locks.
    static let busyTimeoutSeconds = RequestLogWriter.busyTimeoutSeconds

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

    /// The C-API writer for single rows. A log whose schema is current and which is in WAL mode
    /// (both are kept in the file) costs an open and three pragmas; any other file (new,
    /// outdated, not WAL) goes through GRDB's set-up and migrations first.
    static func connect(path: String) throws -> RequestLogWriter {
        let connection: DirectConnection
        do {
            connection = try DirectConnection(path: path)
        } catch let error where error.code == SQLITE_CANTOPEN {
            // Usually a missing folder: create it only then, not on every request.
            try createFolder(of: path)
            connection = try DirectConnection(path: path)
        }
        let writer = try RequestLogWriter(path: path, connection: connection)
        if try !writer.isReady() {
            _ = try open(path: path, configuration: configuration(readOnly: false), migrate: true)
            guard try writer.isReady() else {
                throw SQLiteError(code: SQLITE_ERROR, message: "its schema or journal mode could not be set up")
            }
        }
        return writer
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

    /// Stored as SQLite's `user_version`; bumped (in `RequestLogWriter`) with every migration
    /// appended below.
    static let schemaVersion = RequestLogWriter.schemaVersion

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

    /// What feedback did.
    public typealias FeedbackOutcome = RequestLogWriter.FeedbackOutcome

    /// Writes a served prediction and returns it with its id (see `RequestLogWriter.append`).
    /// - Throws: `ServingError` 503: nothing may be served unlogged.
    public func append(_ request: LoggedRequest) throws(ServingError) -> LoggedRequest {
        guard let writer else {
            throw ServingError(
                .unavailable, "the request could not be logged, so it is not served",
                detail: "the log \(path) is open read-only")
        }
        return try writer.append(request)
    }

    /// Attaches feedback to a request (see `RequestLogWriter.recordFeedback`).
    /// - Throws: `ServingError` 400, 403, 404, 409 or 503, as `RequestLogWriter.recordFeedback`.
    public func recordFeedback(
        id: Int64, token: String, label: String, labelValues: (String) -> [String]?, at time: String
    ) throws(ServingError) -> (FeedbackOutcome, LoggedRequest) {
        guard let writer else {
            throw ServingError(
                .unavailable, "the feedback could not be stored", detail: "the log \(path) is open read-only")
        }
        return try writer.recordFeedback(id: id, token: token, label: label, labelValues: labelValues, at: time)
    }

    /// Folds the WAL back into the database when it has grown past `bytes` (see
    /// `RequestLogWriter.truncateWAL`); a read-only log does nothing.
    public func truncateWAL(largerThan bytes: Int) {
        writer?.truncateWAL(largerThan: bytes)
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
