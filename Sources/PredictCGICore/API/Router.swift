import ServingCore

/// Maps a request's PATH_INFO and method onto a route's answer. Every failure becomes a
/// contract error answer; nothing escapes as a crash or a half-written response.
///
/// This is predict.cgi's lean path: health, a prediction and feedback, with nothing linked that
/// starts Foundation, GRDB or swift-crypto. The batch job routes, and a request log that needs
/// setting up (GRDB's migrations), are answered by the jobs executable (`JobsRouter`), which
/// predict.cgi runs in its own place (`JobsExecutable`) before it has read the body.
public enum Router {
    /// What predict.cgi does with a request.
    public enum Outcome {
        case answer(CGIResponse)
        /// The request is the jobs executable's (see `Router`); nothing of it has been read.
        case elsewhere
    }

    /// How the prediction and feedback routes get the request log.
    public enum LogAccess {
        /// predict.cgi's own: a log that is ready (`RequestLogWriter.openIfReady`), opened before
        /// the body is read; any other log sends the request `.elsewhere`.
        case readyOnly
        /// The jobs executable's: the log by path, set up where needed, opened where the route
        /// needs it (after the body, so a bad body is answered before a broken log); in the
        /// jobs executable's PostgreSQL build, a deployment whose `requestStore` is PostgreSQL
        /// gets its log from `postgreSQL` (given the URI), as `.postgreSQL` does.
        case setUp(
            (String) throws(ServingError) -> RequestLogWriter,
            postgreSQL: ((String) throws(ServingError) -> any RequestLogStore)? = nil)
        /// The PostgreSQL build of predict.cgi's: a deployment whose `requestStore` is
        /// PostgreSQL gets its log from `open` (given the URI), connected where the route needs
        /// it, as `.setUp` is; a SQLite one is read as `.readyOnly` reads it.
        case postgreSQL((String) throws(ServingError) -> any RequestLogStore)
    }

    /// The answer to `request`, or `.elsewhere`.
    /// - Parameters:
    ///   - startedAt: when the process started, in `Clock.monotonicMicroseconds()`, for the
    ///     latency the request log records.
    ///   - logs: how the routes open the request log.
    public static func respond(to request: CGIRequest, startedAt: Int, logs: LogAccess = .readyOnly) -> Outcome {
        do {
            return try route(request, startedAt: startedAt, logs: logs)
        } catch {
            return .answer(.error(error, for: request))
        }
    }

    private static func route(_ request: CGIRequest, startedAt: Int, logs: LogAccess) throws(ServingError) -> Outcome {
        let parts = segments(of: request.pathInfo)
        switch parts.count {
        case 1 where parts[0] == "health":
            try allow(request, ["GET", "HEAD"])
            _ = try request.query(accepting: [], route: "GET /health")
            return .answer(HealthRoute.respond())
        case 2 where parts[1] == "predict":
            try allow(request, ["POST"])
            let deployment = try request.deployment()
            guard let log = try openLog(deployment, logs) else { return .elsewhere }
            return .answer(
                try PredictRoute.respond(
                    to: request, deployment: deployment, endpoint: parts[0], startedAt: startedAt, log: log))
        case 2 where parts[0] == "jobs" || parts[1] == "jobs":
            return .elsewhere
        case 3 where parts[0] == "jobs" && parts[2] == "result":
            return .elsewhere
        case 3 where parts[0] == "requests" && parts[2] == "feedback":
            try allow(request, ["POST"])
            _ = try request.query(accepting: [], route: "POST /requests/{id}/feedback")
            guard let id = Int64(parts[1]), id > 0 else {
                throw ServingError(.notFound, "'\(parts[1])' is not a request id")
            }
            let deployment = try request.deployment()
            guard let log = try openLog(deployment, logs) else { return .elsewhere }
            return .answer(try FeedbackRoute.respond(to: request, deployment: deployment, id: id, log: log))
        case 0:
            throw ServingError(.notFound, "no route given; routes: \(routes)")
        default:
            throw ServingError(.notFound, "no route \(request.pathInfo); routes: \(routes)")
        }
    }

    /// How the route opens the deployment's log; nil when predict.cgi finds a SQLite log not
    /// ready. The one place a request's store is chosen: the deployment's `requestStore` and
    /// what this build links (`logs`).
    /// - Throws: `ServingError` 503 when the deployment names PostgreSQL and this build of
    ///   predict.cgi is the SQLite one, which does not link libpq.
    private static func openLog(
        _ deployment: Deployment, _ logs: LogAccess
    ) throws(ServingError) -> (() throws(ServingError) -> any RequestLogStore)? {
        switch (deployment.requestStore, logs) {
        case (.sqlite, .readyOnly), (.sqlite, .postgreSQL):
            guard let log = OpenLog.ready(path: deployment.databasePath) else { return nil }
            return { log }
        case (.sqlite, .setUp(let open, _)):
            return { () throws(ServingError) in try open(deployment.databasePath) }
        case (.postgresql(let url), .postgreSQL(let open)), (.postgresql(let url), .setUp(_, let open?)):
            return { () throws(ServingError) in try open(url) }
        case (.postgresql, _):
            throw ServingError(
                .unavailable, "the request log is not available, so nothing is served",
                detail: "the deployment keeps its request log in PostgreSQL (\(deployment.requestStore.description)), "
                    + "and this predict.cgi is the SQLite build, which does not link libpq: install the PostgreSQL "
                    + "build (PredictCGI-postgresql) as predict.cgi, as `modelpress bundle` does for such a deployment")
        }
    }

    /// The path's non-empty segments between slashes. A plain loop: the generic `split` built a
    /// `[Substring]`, whose first use cost runtime type lookups, 1.5% of a request.
    package static func segments(of path: String) -> [String] {
        var parts: [String] = []
        var part = ""
        for character in path {
            if character != "/" {
                part.append(character)
            } else if !part.isEmpty {
                parts.append(part)
                part = ""
            }
        }
        if !part.isEmpty { parts.append(part) }
        return parts
    }

    package static let routes =
        "GET /health, POST /{endpoint}/predict, POST /requests/{id}/feedback, POST /{endpoint}/jobs, "
        + "GET /jobs/{task_id}, GET /jobs/{task_id}/result"

    package static func allow(_ request: CGIRequest, _ methods: [String]) throws(ServingError) {
        guard methods.contains(request.method) else {
            throw ServingError(
                .methodNotAllowed(allow: methods),
                "\(request.method) is not allowed on \(request.pathInfo); use \(methods.joined(separator: " or "))")
        }
    }
}
