import GRDB
import ServingCore

/// One prediction as the request log holds it, with what a drift check reads of it.
public struct ServedRow: Equatable, Sendable {
    /// UTC, ISO 8601 with milliseconds.
    public var createdAt: String
    /// The validated input as compact JSON, fields in schema order, `null` when missing.
    public var input: String
    public var label: String
    public var positiveProbability: Double
    /// A regression prediction's value (nil in a log from before regression was served).
    public var value: Double?
    public var feedback: String?
}

extension RequestLog {
    /// The columns a drift check reads; a log without them was written by something else.
    static let servedColumns = ["created_at", "endpoint", "model", "version", "input", "label", "positive_probability"]

    /// Every prediction the log holds of one version, oldest first, from `since` on (compared as
    /// the log's ISO 8601 text).
    /// - Throws: `ServingError` naming the file when it is not a request log (no `request`
    ///   table, or one without the columns predict.cgi writes) or cannot be read.
    /// - Complexity: O(rows of the version), one query.
    public func servedRows(
        endpoint: String, model: String, version: String, since: String?
    ) throws(ServingError)
        -> [ServedRow]
    {
        do {
            return try read { db in
                guard try db.tableExists(LoggedRequest.databaseTableName) else {
                    throw ServingError(
                        .badRequest, "\(path) is not a modelpress request log: it has no `request` table")
                }
                let columns = Set(try db.columns(in: LoggedRequest.databaseTableName).map(\.name))
                let lacking = Self.servedColumns.filter { !columns.contains($0) }
                guard lacking.isEmpty else {
                    throw ServingError(
                        .badRequest,
                        "\(path) is a request log of another schema: its `request` table has no "
                            + lacking.joined(separator: ", "))
                }
                let value = columns.contains("value") ? "value" : "NULL AS value"
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT created_at, input, label, positive_probability, \(value), feedback FROM request
                        WHERE endpoint = ? AND model = ? AND version = ? AND created_at >= ?
                        ORDER BY created_at, id
                        """, arguments: [endpoint, model, version, since ?? ""])
                return rows.map { row in
                    ServedRow(
                        createdAt: row["created_at"], input: row["input"], label: row["label"],
                        positiveProbability: row["positive_probability"], value: row["value"], feedback: row["feedback"]
                    )
                }
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(
                .unavailable, "the request log cannot be read", detail: "\(path): \(Self.explain(error))")
        }
    }
}
