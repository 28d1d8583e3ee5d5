#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One CGI request as the web server describes it in meta-variables (RFC 3875 §4.1).
///
/// Only the variables modelpress uses are read; `HTTP_PROXY` never is (httpoxy).
struct CGIRequest {
    var method: String
    /// The path after the script name (`/health`, `/income_classifier/predict`).
    var pathInfo: String
    var queryString: String
    var contentType: String?
    /// `CONTENT_LENGTH` as sent; absent means no body.
    var contentLength: String?
    var accept: String?

    static func fromEnvironment() -> CGIRequest {
        CGIRequest(
            method: variable("REQUEST_METHOD") ?? "GET",
            pathInfo: variable("PATH_INFO") ?? "",
            queryString: variable("QUERY_STRING") ?? "",
            contentType: variable("CONTENT_TYPE"),
            contentLength: variable("CONTENT_LENGTH"),
            accept: variable("HTTP_ACCEPT"))
    }

    private static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
