import JSONWriting
import Serving

/// Maps a request's PATH_INFO and method onto an answer. Every failure becomes a contract
/// error answer; nothing escapes as a crash or a half-written response.
enum Router {
    static func respond(to request: CGIRequest, startedAt: Int) -> CGIResponse {
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
            // For HEAD the server drops the body and keeps the headers (RFC 3875 §4.3.3).
            return .json(200, "OK", "{\"status\":\"OK\",\"service\":\"predict.cgi\"}")
        case 2 where parts[1] == "predict":
            try allow(request, ["POST"])
            return try PredictRoute.respond(to: request, endpoint: parts[0], startedAt: startedAt)
        case 2 where parts[0] == "jobs":
            try allow(request, ["GET", "HEAD"])
            return try JobsRoute.status(request, id: parts[1])
        case 2 where parts[1] == "jobs":
            try allow(request, ["POST"])
            return try JobsRoute.submit(request, endpoint: parts[0])
        case 3 where parts[0] == "jobs" && parts[2] == "result":
            try allow(request, ["GET", "HEAD"])
            return try JobsRoute.result(request, id: parts[1])
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

/// Request bodies as a flat set of named values.
enum RequestBody {
    /// The body as name → value: a JSON object, or a form.
    /// - Throws: `ServingError` 415 for other media types, 400 for a body that does not parse.
    static func fields(of request: CGIRequest, limit: Int) throws(ServingError) -> [String: InputValue] {
        guard let mediaType = request.mediaType else {
            throw ServingError(
                .unsupportedMediaType,
                "the body needs a Content-Type: application/json or application/x-www-form-urlencoded")
        }
        switch mediaType {
        case "application/json":
            let body = try request.readBody(limit: limit)
            guard !body.isEmpty else { throw ServingError(.badRequest, "the body is empty; send a JSON object") }
            do {
                return try JSONInput.object(from: body)
            } catch {
                throw ServingError(.badRequest, "the body is not a JSON object: \(error)")
            }
        case "application/x-www-form-urlencoded":
            let body = try request.readBody(limit: limit)
            var fields: [String: InputValue] = [:]
            for (name, value) in FormDecoding.pairs(String(decoding: body, as: UTF8.self)) {
                fields[name] = .text(value)
            }
            return fields
        default:
            throw ServingError(
                .unsupportedMediaType,
                "Content-Type \(mediaType) is not accepted; use application/json or application/x-www-form-urlencoded")
        }
    }
}

enum PredictRoute {
    static func respond(to request: CGIRequest, endpoint: String, startedAt: Int) throws(ServingError) -> CGIResponse {
        let deployment = try Deployment.fromEnvironment()
        var input = try RequestBody.fields(of: request, limit: deployment.maxBodyBytes)
        let service = try PredictionService(deployment: deployment)
        var clientKey = request.clientID
        if case .text(let key)? = input["client_id"] { clientKey = key }
        input["client_id"] = nil
        let pins = PredictionService.Pins(
            status: request.query("status"), model: request.query("model"), version: request.query("version"),
            clientKey: clientKey)
        let log = try OpenLog.keep(RequestLog(path: deployment.databasePath))
        let served = try service.predict(
            endpoint: endpoint, input: input, pins: pins, log: log, startedAt: startedAt)
        if request.wantsHTML {
            return .html(200, "OK", HTMLAnswer.prediction(served, scriptName: request.scriptName))
        }
        return .json(200, "OK", served.json)
    }
}

enum FeedbackRoute {
    static func respond(to request: CGIRequest, id: Int64) throws(ServingError) -> CGIResponse {
        let deployment = try Deployment.fromEnvironment()
        let fields = try RequestBody.fields(of: request, limit: deployment.maxBodyBytes)
        var problems: [ServingError.FieldProblem] = []
        func text(_ name: String) -> String? {
            switch fields[name] {
            case .text(let value)?: return value
            case nil: problems.append(.init(field: name, message: "is required"))
            default: problems.append(.init(field: name, message: "must be a string"))
            }
            return nil
        }
        let label = text("feedback")
        let token = text("token")
        guard let label, let token, problems.isEmpty else {
            throw ServingError(.badRequest, "feedback needs 'feedback' (the true label) and 'token'", errors: problems)
        }
        let service = try PredictionService(deployment: deployment)
        let log = try OpenLog.keep(RequestLog(path: deployment.databasePath))
        let (outcome, row) = try log.recordFeedback(
            id: id, token: token, label: label,
            labelValues: { service.snapshot.endpoints[$0]?.schema.labelValues }, at: Clock.utcTimestamp())
        if request.wantsHTML {
            return .html(200, "OK", HTMLAnswer.feedback(row, outcome: outcome))
        }
        var writer = JSONWriter()
        writer.object {
            $0.field("status", "OK")
            $0.field("request_id", Int(id))
            $0.field("feedback", row.feedback ?? label)
            $0.field("recorded", outcome == .recorded)
        }
        return .json(200, "OK", writer.text)
    }
}

/// Keeps the request log's connection open until the process exits.
///
/// Closing the last connection to a WAL database checkpoints it, which syncs the database file
/// to disk; a CGI process would pay that on every request. Left open, the connection ends with
/// the process (SQLite is built to survive exactly that), the WAL stays in place for the next
/// request, and SQLite's automatic checkpoints spread the syncing over many requests.
enum OpenLog {
    nonisolated(unsafe) private static var kept: [RequestLog] = []

    static func keep(_ log: RequestLog) -> RequestLog {
        kept.append(log)
        return log
    }

    /// After the answer has left: keeps the WAL small (see `RequestLog.truncateWAL`).
    ///
    /// A request adds about 16 KiB to the WAL, and a process that opens the log alone reads and
    /// checksums all of it. At 256 KiB (a checkpoint every ~16 requests) that cost 0.4 ms less
    /// CPU per request than at 1 MiB in a one-at-a-time loop; 64 KiB gained nothing more.
    static func tidy() {
        for log in kept { log.truncateWAL(largerThan: 256 << 10) }
    }
}
