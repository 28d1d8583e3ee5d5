import Serving

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A complete CGI response: `Status:`, headers, a blank line, the body (RFC 3875 §6).
struct CGIResponse {
    var status: Int
    var reason: String
    var headers: [(String, String)]
    var body: String

    /// A JSON answer; `body` must already be JSON.
    static func json(
        _ status: Int, _ reason: String, _ body: String, extraHeaders: [(String, String)] = []
    ) -> CGIResponse {
        CGIResponse(
            status: status, reason: reason,
            headers: [("Content-Type", "application/json; charset=utf-8")] + extraHeaders + securityHeaders,
            body: body)
    }

    /// An HTML page for the site's form.
    static func html(_ status: Int, _ reason: String, _ body: String) -> CGIResponse {
        CGIResponse(
            status: status, reason: reason,
            headers: [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"),
            ] + securityHeaders,
            body: body)
    }

    /// The contract's error body, with `Allow` on a 405.
    static func error(_ error: ServingError) -> CGIResponse {
        var extra: [(String, String)] = []
        if case .methodNotAllowed(let allow) = error.reason {
            extra.append(("Allow", allow.joined(separator: ", ")))
        }
        return json(error.status.code, error.status.phrase, error.json, extraHeaders: extra)
    }

    static let securityHeaders = [
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
    ]

    /// The whole response as bytes, so it is written in one piece.
    var serialized: [UInt8] {
        var text = "Status: \(status) \(reason)\r\n"
        for (name, value) in headers {
            text += "\(name): \(value)\r\n"
        }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n"
        text += body
        return Array(text.utf8)
    }

    /// Writes the response to standard output, retrying short writes.
    func write() {
        let bytes = serialized
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(STDOUT_FILENO, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
