/// Maps a request's PATH_INFO and method onto an answer.
enum Router {
    static func respond(to request: CGIRequest) -> CGIResponse {
        switch request.pathInfo {
        case "/health", "/health/":
            guard request.method == "GET" || request.method == "HEAD" else {
                return .error(
                    405, "Method Not Allowed", message: "\(request.method) is not allowed on /health; use GET",
                    extraHeaders: [("Allow", "GET, HEAD")])
            }
            // For HEAD the server drops the body and keeps the headers (RFC 3875 §4.3.3).
            return .json(200, "OK", "{\"status\":\"OK\",\"service\":\"predict.cgi\"}")
        case "":
            return .error(404, "Not Found", message: "no route given; try /health")
        default:
            return .error(404, "Not Found", message: "no route \(request.pathInfo)")
        }
    }
}
