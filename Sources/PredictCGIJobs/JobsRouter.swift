import PredictCGICore
import Serving

/// The jobs executable's routes: batch jobs, and every route of predict.cgi's lean `Router`
/// with a request log set up by GRDB's migrations where it needs it (`RequestLog`).
public enum JobsRouter {
    /// How the SQLite build opens the request log for predict.cgi's routes: set up where needed.
    public static var sqliteLogs: Router.LogAccess { .setUp(openSQLiteLog) }

    /// The SQLite log at `path`, set up (created or migrated) where needed, kept open.
    /// - Throws: `ServingError` 503 naming the file when it cannot be opened or set up.
    public static func openSQLiteLog(path: String) throws(ServingError) -> RequestLogWriter {
        try OpenLog.keep(RequestLog.writer(path: path))
    }

    /// The answer to `request`.
    /// - Parameters:
    ///   - startedAt: when the process started, in `Clock.monotonicMicroseconds()`.
    ///   - storage: where this build finds a deployment's jobs (`JobStorage`).
    ///   - logs: how predict.cgi's routes get the request log in this build.
    public static func respond(
        to request: CGIRequest, startedAt: Int, storage: JobStorage = .sqlite, logs: Router.LogAccess = sqliteLogs
    ) -> CGIResponse {
        do {
            if let response = try jobRoute(request, storage: storage) { return response }
        } catch {
            return .error(error, for: request)
        }
        switch Router.respond(to: request, startedAt: startedAt, logs: logs) {
        case .answer(let response): return response
        case .elsewhere:
            return .error(ServingError(.internalError, "no executable answers \(request.pathInfo)"), for: request)
        }
    }

    /// A job route's answer; nil for the other routes.
    private static func jobRoute(_ request: CGIRequest, storage: JobStorage) throws(ServingError) -> CGIResponse? {
        let parts = Router.segments(of: request.pathInfo)
        switch parts.count {
        case 2 where parts[0] == "jobs":
            try Router.allow(request, ["GET", "HEAD"])
            _ = try request.query(accepting: [], route: "GET /jobs/{task_id}")
            return try JobStatusRoute.respond(to: request, id: parts[1], storage: storage)
        case 2 where parts[1] == "jobs":
            try Router.allow(request, ["POST"])
            return try JobSubmitRoute.respond(to: request, endpoint: parts[0], storage: storage)
        case 3 where parts[0] == "jobs" && parts[2] == "result":
            try Router.allow(request, ["GET", "HEAD"])
            return try JobResultRoute.respond(to: request, id: parts[1], storage: storage)
        default:
            return nil
        }
    }
}
