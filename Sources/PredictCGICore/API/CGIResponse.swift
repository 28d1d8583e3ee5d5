import ServingCore

/// A complete CGI response: `Status:`, headers, a blank line, the body (RFC 3875 §6).
public struct CGIResponse {
    package var status: Int
    package var reason: String
    package var headers: [(String, String)]
    package var body: String

    package init(status: Int, reason: String, headers: [(String, String)], body: String) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// A JSON answer; `body` must already be JSON.
    package static func json(
        _ status: Int, _ reason: String, _ body: String, extraHeaders: [(String, String)] = []
    ) -> CGIResponse {
        CGIResponse(
            status: status, reason: reason,
            headers: [("Content-Type", "application/json; charset=utf-8")] + extraHeaders + securityHeaders,
            body: body)
    }

    /// An HTML page for the site's forms. Its policy lets the page use the site's stylesheet and
    /// icon (the themed answers link them) when the site is served from predict.cgi's origin.
    package static func html(
        _ status: Int, _ reason: String, _ body: String, extraHeaders: [(String, String)] = []
    ) -> CGIResponse {
        CGIResponse(
            status: status, reason: reason,
            headers: [
                ("Content-Type", "text/html; charset=utf-8"),
                (
                    "Content-Security-Policy",
                    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                        + "frame-ancestors 'self'"
                ),
            ] + extraHeaders + securityHeaders,
            body: body)
    }

    /// The error's answer: the contract's JSON body, or for a client that asks for HTML (see
    /// `CGIRequest.wantsHTML`) a page listing the problems, with `Allow` on a 405. An
    /// error with a `detail` is also written to standard error, which a web server keeps in its
    /// error log (RFC 3875 leaves it to the server; lighttpd, Apache and fcgiwrap log it), so the
    /// operator sees what the client is not told.
    /// - Parameter request: the request answered, when known.
    package static func error(
        _ error: ServingError, for request: CGIRequest? = nil, endpoint known: String? = nil
    ) -> CGIResponse {
        if error.detail != nil { StandardStreams.logError("predict.cgi: \(error.status.code): \(error.description)") }
        var extra: [(String, String)] = []
        if case .methodNotAllowed(let allow) = error.reason {
            extra.append(("Allow", allow.joined(separator: ", ")))
        }
        if let request, request.wantsHTML {
            let parts = Router.segments(of: request.pathInfo)
            let endpointRoute = parts.count == 2 && (parts[1] == "predict" || parts[1] == "jobs")
            let page = HTMLAnswer.error(
                error, endpoint: known ?? (endpointRoute && error.status.code != 404 ? parts[0] : nil),
                deployment: try? request.deployment())
            return html(error.status.code, error.status.phrase, page, extraHeaders: extra)
        }
        return json(error.status.code, error.status.phrase, error.json, extraHeaders: extra)
    }

    package static let securityHeaders = [
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
    ]

    /// The whole response as bytes (UTF-8, CRLF after each header line), so it is written in one
    /// piece.
    public var serialized: [UInt8] {
        var text = "Status: \(status) \(reason)\r\n"
        for (name, value) in headers {
            text += "\(name): \(value)\r\n"
        }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n"
        text += body
        return Array(text.utf8)
    }
}
