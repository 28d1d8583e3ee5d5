import GRDBSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The request log's single-row writes through SQLite's C API (`DirectConnection`): what
/// predict.cgi does on every request, with no GRDB, Foundation or dispatch queue.
///
/// It writes only to a log that is ready: its schema current (`user_version`) and in WAL mode,
/// both kept in the file. A new, outdated or non-WAL log is set up by `RequestLog` in Serving,
/// whose GRDB migrations are the one definition of the table; predict.cgi hands a request that
/// finds such a log to its jobs executable, which links them.
public final class RequestLogWriter: RequestLogStore {
    public let path: String
    package let connection: DirectConnection

    /// The log's schema version, SQLite's `user_version`: bumped with every migration appended
    /// to `RequestLog.migrator`.
    package static let schemaVersion = 2

    /// How long a write waits for other processes' locks.
    package static let busyTimeoutSeconds = 10

    /// Sets up an open connection to the log as GRDB sets up its own: busy timeout,
    /// synchronous = NORMAL (a per-connection setting; with WAL a process crash loses nothing
    /// committed, a power cut may lose the last few).
    package init(path: String, connection: DirectConnection) throws(SQLiteError) {
        self.path = path
        self.connection = connection
        connection.setBusyTimeout(milliseconds: Int32(Self.busyTimeoutSeconds * 1000))
        try connection.execute("PRAGMA synchronous = NORMAL")
    }

    /// The log at `path` when it exists and is ready; nil when it is missing, not ready or
    /// cannot be opened: `RequestLog` sets it up, or says what is wrong with it.
    /// - Complexity: one open and three pragmas; nothing is created.
    public static func openIfReady(path: String) -> RequestLogWriter? {
        guard let connection = try? DirectConnection(path: path, create: false),
            let writer = try? RequestLogWriter(path: path, connection: connection),
            (try? writer.isReady()) == true
        else { return nil }
        return writer
    }

    /// Whether the schema is current and the file in WAL mode.
    package func isReady() throws(SQLiteError) -> Bool {
        // The first read also tells the connection the file's journal mode.
        guard try connection.value("PRAGMA user_version") == .integer(Int64(Self.schemaVersion)) else { return false }
        return try connection.value("PRAGMA journal_mode") == .text("wal")
    }

    /// Writes a served prediction and returns it with its id.
    /// - Throws: `ServingError` 503: nothing may be served unlogged.
    public func append(_ request: LoggedRequest) throws(ServingError) -> LoggedRequest {
        do {
            var row = request
            row.id = try connection.immediateTransaction {
                _ = try connection.rows(LoggedRequest.insertSQL, request.insertArguments)
                return connection.lastInsertedRowID
            }
            return row
        } catch {
            throw ServingError(
                .unavailable, "the request could not be logged, so it is not served", detail: Self.explain(error))
        }
    }

    /// What feedback did.
    public typealias FeedbackOutcome = ServingCore.FeedbackOutcome

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
            return try connection.immediateTransaction { () throws -> (FeedbackOutcome, LoggedRequest) in
                guard let columns = try connection.rows(LoggedRequest.selectByIDSQL, [.integer(id)]).first else {
                    throw ServingError(.notFound, "there is no request \(id)")
                }
                guard var row = LoggedRequest(columns: columns) else {
                    throw SQLiteError(code: SQLITE_CORRUPT, message: "the row of request \(id) is damaged")
                }
                guard try row.takeFeedback(id: id, token: token, label: label, labelValues: labelValues, at: time)
                else { return (.unchanged, row) }
                _ = try connection.rows(
                    "UPDATE request SET feedback = ?, feedback_at = ? WHERE id = ?",
                    [row.value(.feedback), .text(time), .integer(id)])
                return (.recorded, row)
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.unavailable, "the feedback could not be stored", detail: Self.explain(error))
        }
    }

    /// Request `id` as logged, or nil when there is none or it cannot be read.
    public func request(id: Int64) -> LoggedRequest? {
        guard let columns = try? connection.rows(LoggedRequest.selectByIDSQL, [.integer(id)]).first else { return nil }
        return LoggedRequest(columns: columns)
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
        connection.setBusyTimeout(milliseconds: 0)
        defer { connection.setBusyTimeout(milliseconds: Int32(Self.busyTimeoutSeconds * 1000)) }
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    package static func explain(_ error: any Error) -> String {
        if let error = error as? SQLiteError { return error.message }
        return "\(error)"
    }
}
