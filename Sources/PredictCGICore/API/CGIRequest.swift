import ServingCore

/// One CGI request as the web server describes it in meta-variables (RFC 3875 §4.1), with its
/// body still unread.
///
/// Only the variables modelpress uses are read; `HTTP_PROXY` never is (httpoxy).
public struct CGIRequest {
    package var method: String
    /// The path after the script name (`/health`, `/income_classifier/predict`).
    package var pathInfo: String
    /// The URL path of predict.cgi itself, for links back to it.
    package var scriptName: String
    package var queryString: String
    package var contentType: String?
    /// `CONTENT_LENGTH` as sent; absent means no body.
    package var contentLength: String?
    package var accept: String?
    /// `X-Client-ID`, a client's stable key for sticky A/B assignment.
    package var clientID: String?
    /// `MODELPRESS_DEPLOYMENT`: not an RFC 3875 variable but the one the server's configuration
    /// sets, naming the deployment folder (see `Deployment`).
    package var deploymentFolder: String?
    /// Reads body bytes into a buffer as `read(2)` does: the count read, 0 at the end of the
    /// body, negative on an error.
    private let input: (UnsafeMutableRawBufferPointer) -> Int

    /// - Parameters:
    ///   - variable: a meta-variable's value by name, nil when unset (predict.cgi passes its
    ///     environment).
    ///   - input: reads the body into a buffer as `read(2)` reads standard input: the count
    ///     read, 0 at the end, negative on an error. Called only when a route reads the body.
    public init(variable: (String) -> String?, input: @escaping (UnsafeMutableRawBufferPointer) -> Int) {
        method = variable("REQUEST_METHOD") ?? "GET"
        pathInfo = variable("PATH_INFO") ?? ""
        scriptName = variable("SCRIPT_NAME") ?? ""
        queryString = variable("QUERY_STRING") ?? ""
        contentType = variable("CONTENT_TYPE")
        contentLength = variable("CONTENT_LENGTH")
        accept = variable("HTTP_ACCEPT")
        clientID = variable("HTTP_X_CLIENT_ID")
        deploymentFolder = variable(Deployment.variable)
        self.input = input
    }

    /// The value of a query parameter.
    package func query(_ name: String) -> String? {
        FormDecoding.value(of: name, in: queryString).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the client asked for HTML (the site's form does) rather than JSON.
    package var wantsHTML: Bool {
        guard let accept = accept?.lowercased() else { return false }
        return accept.contains("text/html") && !accept.hasPrefix("application/json")
    }

    /// Whether an error is answered as an HTML page rather than the contract's JSON: the client
    /// asks for HTML, or it sent a form (the site's prediction or upload form) without asking
    /// for JSON first.
    package var wantsHTMLErrors: Bool {
        if accept?.lowercased().hasPrefix("application/json") == true { return false }
        return wantsHTML || mediaType == "application/x-www-form-urlencoded" || mediaType == "multipart/form-data"
    }

    /// The media type without parameters, lower-cased (`application/json`).
    package var mediaType: String? {
        guard let contentType, !contentType.isEmpty else { return nil }
        return contentType.split(separator: ";", maxSplits: 1).first.map {
            String($0).trimmingCharacters(in: " \t").lowercased()
        }
    }

    /// The deployment `MODELPRESS_DEPLOYMENT` names.
    /// - Throws: `ServingError` 503 when it is unset or its `deployment.json` is unreadable.
    package func deployment() throws(ServingError) -> Deployment {
        try Deployment.named(deploymentFolder)
    }

    /// Reads exactly CONTENT_LENGTH bytes of body (absent means no body).
    /// - Throws: `ServingError` 400 for a malformed length or a short body, 413 past `limit`
    ///   (then nothing is read).
    package func readBody(limit: Int) throws(ServingError) -> [UInt8] {
        guard let contentLength, !contentLength.isEmpty else { return [] }
        // Digits only: `Int(_:)` also takes a sign (`+2`).
        guard contentLength.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), let length = Int(contentLength) else {
            throw ServingError(.badRequest, "CONTENT_LENGTH '\(contentLength)' is not a byte count")
        }
        guard length <= limit else {
            throw ServingError(.payloadTooLarge, "the body has \(length) bytes; the limit is \(limit)")
        }
        var body = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            let count = body.withUnsafeMutableBytes { buffer in
                input(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            guard count > 0 else {
                throw ServingError(.badRequest, "the body ended after \(filled) of \(length) bytes")
            }
            filled += count
        }
        return body
    }
}

extension String {
    /// Without the given leading and trailing characters.
    package func trimmingCharacters(in set: String) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }),
            let last = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
