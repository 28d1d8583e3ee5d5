import Serving

/// A request log written as predict.cgi writes one, for tests of what reads it. Here rather than
/// in a test target, whose files would all see GRDB's members once one of them imports Serving.
public enum RequestLogFile {
    /// Creates (and migrates) the log at `path` and appends `rows`.
    public static func write(_ rows: [LoggedRequest], to path: String) throws {
        let log = try RequestLog(path: path)
        for row in rows { _ = try log.append(row) }
    }

    /// Every row of the log at `path`, every column, in id order.
    public static func rows(at path: String) throws -> [LoggedRequest] {
        try RequestLog(path: path, readOnly: true).loggedRequests(after: .min, limit: .max)
    }
}
