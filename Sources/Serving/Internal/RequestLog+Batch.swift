import GRDB

/// Batch rows in the request log: many rows per transaction, and a job's rows removed when
/// the job is started over.
extension RequestLog: JobRowLog {
    /// Writes `requests` in one transaction and returns them with their ids.
    ///
    /// One prepared statement serves every row (a record's `insert` encodes each row through
    /// `Codable`, which was a tenth of a large job); feedback columns start empty.
    /// - Throws: `ServingError` 503: nothing may be served unlogged.
    public func append(contentsOf requests: [LoggedRequest]) throws(ServingError) -> [LoggedRequest] {
        do {
            return try queue().write { db in
                let statement = try db.cachedStatement(sql: LoggedRequest.insertSQL)
                var rows = requests
                for index in rows.indices {
                    try statement.execute(
                        arguments: StatementArguments(rows[index].insertArguments.map { $0.databaseValue }))
                    rows[index].id = db.lastInsertedRowID
                }
                return rows
            }
        } catch {
            throw ServingError(
                .unavailable, "the job's rows could not be logged, so they are not served",
                detail: Self.explain(error))
        }
    }

    /// `append(contentsOf:)`, without checking the lease in the write: the queue is another
    /// SQLite file on this host, and the worker renewed its lease right before (`JobRowLog`).
    public func append(
        contentsOf requests: [LoggedRequest], whileHolding id: String, owner: String
    ) throws(ServingError) -> [LoggedRequest]? {
        try append(contentsOf: requests)
    }

    /// Removes every row logged with `source` (a job's rows from an attempt that never finished:
    /// their ids and tokens were never given out) and returns how many there were.
    public func removeRows(source: String) throws(ServingError) -> Int {
        do {
            return try queue().write { db in
                try db.execute(sql: "DELETE FROM request WHERE source = ?", arguments: [source])
                return db.changesCount
            }
        } catch {
            throw ServingError(
                .unavailable, "an unfinished job's rows could not be removed", detail: Self.explain(error))
        }
    }
}
