import Serving

/// Maps a request's PATH_INFO and method onto a route's answer. Every failure becomes a
/// contract error answer; nothing escapes as a crash or a half-written response.
public enum Router {
    /// The answer to `request`.
    /// - Parameter startedAt: when the process started, in `Clock.monotonicMicroseconds()`, for
    ///   the latency the request log records.
    public static func respond(to request: CGIRequest, startedAt: Int) -> CGIResponse {
        do {
            return try route(request, startedAt: startedAt)
        } catch {
            return .error(error)
        }
    }

    private static func route(_ request: CGIRequest, startedAt: Int) throws(ServingError) -> CGIResponse {
        let parts = segments(of: request.pathInfo)
        switch parts.count {
        case 1 where parts[0] == "health":
            try allow(request, ["GET", "HEAD"])
            return HealthRoute.respond()
        case 2 where parts[1] == "predict":
            try allow(request, ["POST"])
            return try PredictRoute.respond(to: request, endpoint: parts[0], startedAt: startedAt)
        case 2 where parts[0] == "jobs":
            try allow(request, ["GET", "HEAD"])
            return try JobStatusRoute.respond(to: request, id: parts[1])
        case 2 where parts[1] == "jobs":
            try allow(request, ["POST"])
            return try JobSubmitRoute.respond(to: request, endpoint: parts[0])
        case 3 where parts[0] == "jobs" && parts[2] == "result":
            try allow(request, ["GET", "HEAD"])
            return try JobResultRoute.respond(to: request, id: parts[1])
        case 3 where parts[0] == "requests" && parts[2] == "feedback":
            try allow(request, ["POST"])
            guard let id = Int64(parts[1]), id > 0 else {
                throw ServingError(.notFound, "'\(parts[1])' is not a request id")
            }
            return try FeedbackRoute.respond(to: request, id: id)
        case 0:
            throw ServingError(.notFound, "no route given; routes: \(routes)")
        default:
            throw ServingError(.notFound, "no route \(request.pathInfo); routes: \(routes)")
        }
    }

    /// The path's non-empty segments between slashes. A plain loop: the generic `split` built a
    /// `[Substring]`, whose first use cost runtime type lookups, 1.5% of a request.
    static func segments(of path: String) -> [String] {
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

    static let routes =
        "GET /health, POST /{endpoint}/predict, POST /requests/{id}/feedback, POST /{endpoint}/jobs, "
        + "GET /jobs/{task_id}, GET /jobs/{task_id}/result"

    private static func allow(_ request: CGIRequest, _ methods: [String]) throws(ServingError) {
        guard methods.contains(request.method) else {
            throw ServingError(
                .methodNotAllowed(allow: methods),
                "\(request.method) is not allowed on \(request.pathInfo); use \(methods.joined(separator: " or "))")
        }
    }
}
