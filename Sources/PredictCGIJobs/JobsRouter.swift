import PredictCGICore
import Serving

/// The jobs executable's routes: batch jobs, and every route of predict.cgi's lean `Router`
/// with a request log set up by GRDB's migrations where it needs it (`RequestLog`).
public enum JobsRouter {
    /// The answer to `request`.
    /// - Parameter startedAt: when the process started, in `Clock.monotonicMicroseconds()`.
    public static func respond(to request: CGIRequest, startedAt: Int) -> CGIResponse {
        do {
            if let response = try jobRoute(request) { return response }
        } catch {
            return .error(error, for: request)
        }
        let logs = Router.LogAccess.setUp { path throws(ServingError) in
            try OpenLog.keep(RequestLog.writer(path: path))
        }
        switch Router.respond(to: request, startedAt: startedAt, logs: logs) {
        case .answer(let response): return response
        case .elsewhere:
            return .error(ServingError(.internalError, "no executable answers \(request.pathInfo)"), for: request)
        }
    }

    /// A job route's answer; nil for the other routes.
    private static func jobRoute(_ request: CGIRequest) throws(ServingError) -> CGIResponse? {
        let parts = Router.segments(of: request.pathInfo)
        switch parts.count {
        case 2 where parts[0] == "jobs":
            try Router.allow(request, ["GET", "HEAD"])
            _ = try request.query(accepting: [], route: "GET /jobs/{task_id}")
            return try JobStatusRoute.respond(to: request, id: parts[1])
        case 2 where parts[1] == "jobs":
            try Router.allow(request, ["POST"])
            return try JobSubmitRoute.respond(to: request, endpoint: parts[0])
        case 3 where parts[0] == "jobs" && parts[2] == "result":
            try Router.allow(request, ["GET", "HEAD"])
            return try JobResultRoute.respond(to: request, id: parts[1])
        default:
            return nil
        }
    }
}
