import Foundation
import Serving
import ServingPostgres

extension RequestStore {
    /// The log opened for reading — the SQLite file read-only (a running server keeps writing
    /// to it), or the PostgreSQL database connected to —: the one opener of the commands that
    /// read a log (`monitor`, `publish --requests`, `ab show`, `ab stop`).
    /// - Returns: nil when the log is a SQLite file that is not there.
    /// - Throws: `ServingError` naming the log when it cannot be read or reached.
    public func openReaderIfPresent() throws(ServingError) -> (any RequestLogReader)? {
        switch self {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try RequestLog(path: path, readOnly: true)
        case .postgresql(let url):
            return try PostgresRequestLog(url: url)
        }
    }

    /// The log's name for a page that must not show where a deployment keeps its files or its
    /// database server: the file's name (`requests.sqlite`), or the database's name and
    /// `(PostgreSQL)`.
    public var shortName: String {
        switch self {
        case .sqlite(let path): return URL(fileURLWithPath: path).lastPathComponent
        case .postgresql(let url):
            let afterScheme = url.firstRange(of: "://").map { url[$0.upperBound...] } ?? url[...]
            let path = afterScheme.firstIndex(of: "/").map { afterScheme[afterScheme.index(after: $0)...] } ?? ""
            let name = path.prefix { $0 != "?" }
            return (name.isEmpty ? "the database" : String(name)) + " (PostgreSQL)"
        }
    }
}
