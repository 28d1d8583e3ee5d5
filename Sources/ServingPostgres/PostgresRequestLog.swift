import ServingCore

/// The request log in a PostgreSQL database that several serving hosts share: what the
/// PostgreSQL build of predict.cgi writes a served prediction and its feedback to, with the
/// SQLite log's columns and rules (`RequestLogStore`).
///
/// Request ids come from the table's identity column, one sequence for every host, so they are
/// unique across hosts and stay the contract's integers. A prediction's row is one INSERT outside
/// any transaction block, which the server commits before it says it is idle again; the answer
/// leaves only after that. Feedback reads the row `FOR UPDATE` and writes it in one transaction,
/// so of two hosts receiving feedback for one request, the second waits and finds the first's.
/// The table is made by `PostgresSchema.migrate` (`modelpress db migrate`), never here.
public final class PostgresRequestLog: RequestLogStore {
    /// The database's libpq URI.
    public let url: String
    let connection: PostgresConnection

    /// Connects to the log in the database at `url`.
    /// - Throws: `ServingError` 503 naming the database (without its password) and libpq's
    ///   reason when it cannot connect.
    public init(url: String) throws(ServingError) {
        self.url = url
        do {
            connection = try PostgresConnection(url: url, applicationName: "modelpress")
        } catch {
            throw ServingError(
                .unavailable, "the request log cannot be opened",
                detail: RequestStore.connectionFailure(url, reason: error.message))
        }
    }

    /// The logs this process has connected to, kept until `closeAll`.
    nonisolated(unsafe) private static var connected: [PostgresRequestLog] = []

    /// The log at `url`, connected once per process (predict.cgi's routes may ask twice: a
    /// refused feedback form reads the row again for its page), connected again once the server
    /// has closed the session (a long-running `modelpress worker` through a restart).
    /// - Throws: `ServingError` 503 as `init(url:)`.
    public static func connect(url: String) throws(ServingError) -> PostgresRequestLog {
        connected.removeAll { $0.connection.isBroken }
        if let log = connected.first(where: { $0.url == url }) { return log }
        let log = try PostgresRequestLog(url: url)
        connected.append(log)
        return log
    }

    /// Ends every connection `connect` made: predict.cgi does it after its answer has left.
    public static func closeAll() {
        connected.removeAll()
    }

    public func append(_ request: LoggedRequest) throws(ServingError) -> LoggedRequest {
        do {
            let result = try connection.execute(LoggedRequest.postgresInsertSQL, request.postgresInsertArguments)
            // Idle again: the statement's own transaction is committed, so the answer may leave.
            guard connection.isIdle, let text = result.rows.first?.first ?? nil, let id = Int64(text) else {
                throw PostgresError(message: "the insert did not return a committed row's id")
            }
            var row = request
            row.id = id
            return row
        } catch {
            throw ServingError(
                .unavailable, "the request could not be logged, so it is not served", detail: explain(error))
        }
    }

    public func recordFeedback(
        id: Int64, token: String, label: String, labelValues: (String) -> [String]?, at time: String
    ) throws(ServingError) -> (FeedbackOutcome, LoggedRequest) {
        do {
            return try connection.transaction { () throws -> (FeedbackOutcome, LoggedRequest) in
                let rows = try connection.execute(LoggedRequest.postgresSelectByIDSQL + " FOR UPDATE", [String(id)])
                guard let columns = rows.rows.first else {
                    throw ServingError(.notFound, "there is no request \(id)")
                }
                guard var row = LoggedRequest(postgresColumns: columns) else {
                    throw PostgresError(message: "the row of request \(id) is damaged")
                }
                guard try row.takeFeedback(id: id, token: token, label: label, labelValues: labelValues, at: time)
                else { return (.unchanged, row) }
                try connection.execute(
                    "UPDATE request SET feedback = $1, feedback_at = $2 WHERE id = $3",
                    [row.feedback, time, String(id)])
                return (.recorded, row)
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.unavailable, "the feedback could not be stored", detail: explain(error))
        }
    }

    public func request(id: Int64) -> LoggedRequest? {
        guard let columns = try? connection.execute(LoggedRequest.postgresSelectByIDSQL, [String(id)]).rows.first
        else { return nil }
        return LoggedRequest(postgresColumns: columns)
    }

    /// What the server's error log gets: the database (without its password), the cause, and
    /// what to do when the schema is missing or older than this build.
    func explain(_ error: any Error) -> String {
        Self.explain(error, url: url)
    }

    /// `explain(_:)` for the database at `url`.
    package static func explain(_ error: any Error, url: String) -> String {
        let place = "PostgreSQL at \(RequestStore.redacted(url))"
        guard let error = error as? PostgresError else { return "\(place): \(error)" }
        guard error.isMissingSchema else { return "\(place): \(error.message)" }
        return "\(place): \(error.message); the database's schema is missing or older than this predict.cgi: "
            + "run `modelpress db migrate --database URL` (see `modelpress db migrate --help`)"
    }
}
