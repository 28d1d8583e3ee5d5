import Basics
import ServingCore

extension PostgresRequestLog: RequestLogCopyTarget {
    public var place: String { RequestStore.redacted(url) }

    /// Each arm's counts for A/B test `testID`, every host's requests together
    /// (`ABTallyQuery.tallies`, the SQLite log's query).
    /// - Throws: `ServingError` 503 naming the database (without its password) when it cannot be read.
    public func abTallies(
        testID: Int, arms: [(arm: String, version: VersionID)], startedAt: Timestamp
    ) throws(ServingError) -> [String: ABArmTally] {
        do {
            return try ABTallyQuery.tallies(
                testID: testID, arms: arms, startedAt: startedAt, byteOrder: RequestLogQuery.postgresByteOrder,
                run: run)
        } catch {
            throw ServingError(.unavailable, "the request log cannot be read", detail: explain(error))
        }
    }

    /// Every prediction of one version, every host's, oldest first (`RequestLogQuery.servedRows`,
    /// the SQLite log's query).
    /// - Throws: `ServingError` 503 naming the database (without its password) when it cannot be read.
    public func servedRows(
        endpoint: String, model: String, version: String, since: String?
    ) throws(ServingError) -> [ServedRow] {
        do {
            return try RequestLogQuery.servedRows(
                endpoint: endpoint, model: model, version: version, since: since, hasValue: true,
                byteOrder: RequestLogQuery.postgresByteOrder, place: place, run: run)
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.unavailable, "the request log cannot be read", detail: explain(error))
        }
    }

    /// What the log says about each version every host served (`RequestLogQuery.statistics`).
    /// - Throws: `ServingError` 503 naming the database (without its password) when it cannot be read.
    public func servingStatistics() throws(ServingError) -> ServingStatistics {
        do {
            return try RequestLogQuery.statistics(place: place, byteOrder: RequestLogQuery.postgresByteOrder, run: run)
        } catch {
            throw ServingError(.unavailable, "the request log cannot be read", detail: explain(error))
        }
    }

    /// How many requests every host logged.
    /// - Throws: `ServingError` 400 when the database has no request log (not migrated), 503
    ///   when it cannot be read.
    public func requestCount() throws(ServingError) -> Int {
        try checkMigrated()
        do {
            return Int(try run(RequestLogQuery.countSQL, []).first?.first?.int64 ?? 0)
        } catch {
            throw ServingError(.unavailable, "the request log cannot be read", detail: explain(error))
        }
    }

    /// Up to `limit` requests with ids above `id` (`RequestLogQuery.loggedRequests`).
    /// - Throws: `ServingError` 503 naming the database when it cannot be read.
    public func loggedRequests(after id: Int64, limit: Int) throws(ServingError) -> [LoggedRequest] {
        do {
            return try RequestLogQuery.loggedRequests(after: id, limit: limit, place: place, run: run)
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.unavailable, "the request log cannot be read", detail: explain(error))
        }
    }

    /// Copies every request of `source` into this database's log, which must hold none, ids kept,
    /// in one transaction (`RequestLogQuery.copy`); then moves the id sequence past the highest
    /// copied id, so that the next prediction any host logs gets a new one.
    /// - Throws: `ServingError` 400 when the database is not migrated, 409 when its log holds
    ///   requests already, 503 when it cannot be written, or what reading `source` throws;
    ///   nothing is written then.
    public func copy(from source: any RequestLogReader, progress: (Int) -> Void) throws(ServingError) -> Int {
        try checkMigrated()
        do {
            return try connection.transaction { () throws -> Int in
                // No host may log a request while the copy runs: its id could collide with a copied one.
                try connection.execute("LOCK TABLE request IN EXCLUSIVE MODE")
                let existing = Int(try run(RequestLogQuery.countSQL, []).first?.first?.int64 ?? 0)
                guard existing == 0 else {
                    throw ServingError(
                        .conflict,
                        "\(place) already holds \(existing) requests; copy into an empty log (a new database, "
                            + "`modelpress db migrate` first)")
                }
                let columns = LoggedRequest.CodingKeys.allCases
                let copied = try RequestLogQuery.copy(
                    from: source, into: place,
                    insert: { batch in
                        try connection.execute(
                            PostgresConnection.numberingParameters(RequestLogQuery.copyInsertSQL(rows: batch.count)),
                            batch.flatMap { request in columns.map { LoggedRequest.postgresText(request.value($0)) } })
                    },
                    count: { Int(try run(RequestLogQuery.countSQL, []).first?.first?.int64 ?? 0) },
                    progress: progress)
                try connection.execute(
                    "SELECT setval(pg_get_serial_sequence('request', 'id'), coalesce(max(id), 0) + 1, false) FROM request"
                )
                return copied
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.unavailable, "the request log cannot be written", detail: explain(error))
        }
    }

    /// Refuses a database whose schema `modelpress db migrate` has not made.
    /// - Throws: `ServingError` 400 saying to migrate, 503 when the database cannot be read.
    private func checkMigrated() throws(ServingError) {
        let table: SQLiteValue?
        do {
            table = try run("SELECT to_regclass('request')::text", []).first?.first
        } catch {
            throw ServingError(.unavailable, "the request log cannot be read", detail: explain(error))
        }
        guard table?.string != nil else {
            throw ServingError(
                .badRequest,
                "\(place) has no request log yet: run `modelpress db migrate --database \(place)` first")
        }
    }

    /// Runs a shared statement: its `?` numbered, its values bound as text.
    private func run(_ sql: String, _ arguments: [SQLiteValue]) throws -> [[SQLiteValue]] {
        try connection.execute(PostgresConnection.numberingParameters(sql), arguments.map(LoggedRequest.postgresText))
            .values
    }
}
