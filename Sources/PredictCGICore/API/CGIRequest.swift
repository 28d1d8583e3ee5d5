import ServingCore

/// One CGI request as the web server describes it in meta-variables (RFC 3875 §4.1), with its
/// body still unread.
///
/// Only the variables modelpress uses are read; `HTTP_PROXY` never is (httpoxy).
public struct CGIRequest {
    package var method: String
    /// The path after the script name (`/health`, `/income_classifier/predict`).
    package var pathInfo: String
    /// SCRIPT_NAME as the server sent it: the URL path of predict.cgi itself. Links back to it
    /// use `scriptPath(in:)`, which checks it first.
    package var scriptName: String
    /// `REQUEST_URI`: the request's path and query as the client sent them. Not an RFC 3875
    /// variable, but lighttpd, Apache and nginx's `fastcgi_params` set it.
    package var requestURI: String?
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
    /// `MODELPRESS_DATABASE_URL`: a PostgreSQL database the server's configuration names over
    /// deployment.json's `database` (see `RequestStore`).
    package var databaseURL: String?
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
        requestURI = variable("REQUEST_URI")
        queryString = variable("QUERY_STRING") ?? ""
        contentType = variable("CONTENT_TYPE")
        contentLength = variable("CONTENT_LENGTH")
        accept = variable("HTTP_ACCEPT")
        clientID = variable("HTTP_X_CLIENT_ID")
        deploymentFolder = variable(Deployment.variable)
        databaseURL = variable(RequestStore.variable)
        self.input = input
    }

    /// Whether the client asked for HTML (a browser posting the site's form does) rather than
    /// JSON: one rule for every answer, success or error, so that a script posting form data
    /// without `Accept: text/html` gets the contract's JSON either way (`prefers`).
    package var wantsHTML: Bool {
        prefers("text/html", to: "application/json")
    }

    /// Whether the Accept header prefers media type `type` to `other` (the default: also
    /// without an Accept header), read as RFC 9110 §12.5.1 reads it: each type gets the q-value
    /// (default 1) of the most specific media range that matches it (`text/html` before
    /// `text/*` before `*/*`; the first of equal ones), none matching or q=0 meaning not
    /// acceptable; the higher q wins, and on a tie the type named by the more specific range,
    /// then the one listed first. `other` otherwise: with `*/*` alone, neither type acceptable,
    /// or a tie nothing breaks. A range whose q is not a q-value (0 to 1, at most three
    /// decimals) is left out.
    /// - Parameters: `type`, `other`: lower-case `type/subtype`.
    /// - Complexity: O(length of the header).
    package func prefers(_ type: String, to other: String) -> Bool {
        guard let accept else { return false }
        // (q, specificity, position) of the range that decides each type; nil when none matches.
        var mine: (q: Double, specificity: Int, position: Int)?
        var theirs: (q: Double, specificity: Int, position: Int)?
        for (position, element) in accept.lowercased().split(separator: ",").enumerated() {
            let parts = element.split(separator: ";", omittingEmptySubsequences: false)
            let range = String(parts[0]).trimmingCharacters(in: " \t")
            var q = 1.0
            var valid = true
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2, String(pair[0]).trimmingCharacters(in: " \t") == "q" else { continue }
                let text = String(pair[1]).trimmingCharacters(in: " \t")
                if let value = Double(text), value >= 0, value <= 1, text.count <= 5, text.first?.isNumber == true {
                    q = value
                } else {
                    valid = false
                }
            }
            guard valid else { continue }
            func specificity(for type: String) -> Int? {
                if range == type { return 2 }
                if range == "*/*" { return 0 }
                if range.hasSuffix("/*"), type.hasPrefix(range.dropLast()) { return 1 }
                return nil
            }
            if let rank = specificity(for: type), rank > (mine?.specificity ?? -1) { mine = (q, rank, position) }
            if let rank = specificity(for: other), rank > (theirs?.specificity ?? -1) { theirs = (q, rank, position) }
        }
        let myQ = mine?.q ?? 0
        let theirQ = theirs?.q ?? 0
        guard let mine, myQ > 0 else { return false }
        guard let theirs, myQ == theirQ else { return myQ > theirQ }
        if mine.specificity != theirs.specificity { return mine.specificity > theirs.specificity }
        return mine.position < theirs.position
    }

    /// The media type without parameters, lower-cased (`application/json`).
    package var mediaType: String? {
        guard let contentType, !contentType.isEmpty else { return nil }
        return contentType.split(separator: ";", maxSplits: 1).first.map {
            String($0).trimmingCharacters(in: " \t").lowercased()
        }
    }

    /// The URL path of predict.cgi for links back to it (the feedback form, a job's status and
    /// result): SCRIPT_NAME when SCRIPT_NAME followed by PATH_INFO is the request's path
    /// (REQUEST_URI without its query, percent-decoded, repeated slashes read as one), or when the
    /// server sets no REQUEST_URI. When they disagree — nginx's `fastcgi_params` sends the whole
    /// path as SCRIPT_NAME unless the server block splits it — one line goes to the server's error
    /// log and the links use the deployment's `cgi_url` (deployment.json, as `bundle` writes it),
    /// or without one the request's path less PATH_INFO, so one misconfigured server does not
    /// hand out wrong links.
    /// - Parameter log: where the line goes; the error log (standard error) by default.
    package func scriptPath(in deployment: Deployment?, log: (String) -> Void = StandardStreams.logError) -> String {
        guard let requestURI, !requestURI.isEmpty else { return scriptName }
        let requestPath = Self.mergingSlashes(
            FormDecoding.decode(requestURI.prefix { $0 != "?" }, plusIsSpace: false))
        let pathInfo = Self.mergingSlashes(self.pathInfo)
        if Self.mergingSlashes(scriptName) + pathInfo == requestPath { return scriptName }
        let path: String
        let source: String
        if let cgiURL = deployment?.cgiURL, !cgiURL.isEmpty {
            path = Self.path(of: cgiURL)
            source = "cgi_url in deployment.json"
        } else if requestPath.hasSuffix(pathInfo) {
            path = String(requestPath.dropLast(pathInfo.count))
            source = "the request's path less PATH_INFO"
        } else {
            path = scriptName
            source = "SCRIPT_NAME all the same (deployment.json records no cgi_url)"
        }
        log(
            "predict.cgi: SCRIPT_NAME '\(scriptName)' and PATH_INFO '\(self.pathInfo)' do not make up the request's "
                + "path '\(requestPath)'; links back to predict.cgi use \(source): '\(path)'. Fix the server's "
                + "configuration (docs/deploy.md shows one for each server)")
        return path
    }

    /// `path` with each run of slashes as one.
    private static func mergingSlashes(_ path: String) -> String {
        var merged = ""
        merged.reserveCapacity(path.utf8.count)
        var previousSlash = false
        for character in path {
            let slash = character == "/"
            if !(slash && previousSlash) { merged.append(character) }
            previousSlash = slash
        }
        return merged
    }

    /// The path of a URL or path (`https://example.org/models/predict.cgi/` gives
    /// `/models/predict.cgi`), with a leading slash and no trailing one.
    private static func path(of url: String) -> String {
        var rest = Substring(url)
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
            rest = rest[(rest.firstIndex(of: "/") ?? rest.endIndex)...]
        }
        var path = mergingSlashes(String(rest.prefix { $0 != "?" && $0 != "#" }))
        if !path.hasPrefix("/") { path = "/" + path }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// The deployment `MODELPRESS_DEPLOYMENT` names, its request log in the database
    /// `MODELPRESS_DATABASE_URL` names when that is set.
    /// - Throws: `ServingError` 503 when it is unset or its `deployment.json` is unreadable.
    package func deployment() throws(ServingError) -> Deployment {
        try Deployment.named(deploymentFolder, databaseURL: databaseURL)
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
