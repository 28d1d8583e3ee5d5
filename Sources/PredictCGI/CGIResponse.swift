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
            headers: [("Content-Type", "application/json; charset=utf-8")] + extraHeaders
                + securityHeaders,
            body: body)
    }

    /// An error in the contract's shape: `{"status":"Error","message":…,"errors":[]}`.
    static func error(
        _ status: Int, _ reason: String, message: String, extraHeaders: [(String, String)] = []
    ) -> CGIResponse {
        json(
            status, reason, "{\"status\":\"Error\",\"message\":\(JSON.quote(message)),\"errors\":[]}",
            extraHeaders: extraHeaders)
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
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// The little JSON writing predict.cgi needs, without Foundation's start-up cost.
enum JSON {
    /// `text` as a JSON string literal, with quotes.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
