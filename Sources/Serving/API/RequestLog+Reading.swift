import Basics
import GRDB

extension RequestLog: RequestLogCopyTarget {
    public var place: String { path }

    /// Each arm's counts for A/B test `testID` (`ABTallyQuery.tallies`, the query the PostgreSQL
    /// log runs too).
    /// - Parameters:
    ///   - arms: each arm's name (`A`, `B`) and the version behind it, in arm order.
    ///   - startedAt: when the test started.
    /// - Returns: the counts by arm name.
    /// - Throws: `ServingError` 503 naming the log when it cannot be read.
    public func abTallies(
        testID: Int, arms: [(arm: String, version: VersionID)], startedAt: Timestamp
    ) throws(ServingError) -> [String: ABArmTally] {
        try reading { db in
            try ABTallyQuery.tallies(
                testID: testID, arms: arms, startedAt: startedAt, byteOrder: RequestLogQuery.sqliteByteOrder,
                run: Self.run(db))
        }
    }

    /// Every prediction the log holds of one version, oldest first (`RequestLogQuery.servedRows`,
    /// the query the PostgreSQL log runs too).
    /// - Throws: `ServingError` 400 naming the file when it is not a request log (no `request`
    ///   table, or one without the columns predict.cgi writes), 503 when it cannot be read.
    /// - Complexity: O(rows of the version), one query.
    public func servedRows(
        endpoint: String, model: String, version: String, since: String?
    ) throws(ServingError) -> [ServedRow] {
        try reading { db in
            let columns = try requestColumns(db)
            return try RequestLogQuery.servedRows(
                endpoint: endpoint, model: model, version: version, since: since,
                hasValue: columns.contains("value"), byteOrder: RequestLogQuery.sqliteByteOrder, place: path,
                run: Self.run(db))
        }
    }

    /// What the log says about each version it served (`RequestLogQuery.statistics`).
    /// - Throws: `ServingError` 503 naming the file when it cannot be read.
    public func servingStatistics() throws(ServingError) -> ServingStatistics {
        try reading { db in
            try RequestLogQuery.statistics(place: path, byteOrder: RequestLogQuery.sqliteByteOrder, run: Self.run(db))
        }
    }

    /// How many requests the log holds.
    /// - Throws: `ServingError` 400 naming the file when it is not a request log, 503 when it
    ///   cannot be read.
    public func requestCount() throws(ServingError) -> Int {
        try reading { db in
            _ = try requestColumns(db)
            return try Int.fetchOne(db, sql: RequestLogQuery.countSQL) ?? 0
        }
    }

    /// Up to `limit` requests with ids above `id`, every column (`RequestLogQuery.loggedRequests`).
    /// - Throws: `ServingError` 400 naming the file when it is not a request log of the current
    ///   schema, 503 when it cannot be read.
    public func loggedRequests(after id: Int64, limit: Int) throws(ServingError) -> [LoggedRequest] {
        try reading { db in
            let columns = try requestColumns(db)
            let lacking = LoggedRequest.CodingKeys.allCases.map(\.rawValue).filter { !columns.contains($0) }
            guard lacking.isEmpty else {
                throw ServingError(
                    .badRequest,
                    "\(path) is a request log of an older schema (no \(lacking.joined(separator: ", "))); predict.cgi "
                        + "brings it up to date the next time it writes to it, then copy again")
            }
            return try RequestLogQuery.loggedRequests(after: id, limit: limit, place: path, run: Self.run(db))
        }
    }

    /// Copies every request of `source` into this log, which must hold none, ids kept, in one
    /// write transaction (`RequestLogQuery.copy`).
    /// - Throws: `ServingError` 409 when this log holds requests already, 503 when it cannot be
    ///   written, or what reading `source` throws; nothing is written then.
    public func copy(from source: any RequestLogReader, progress: (Int) -> Void) throws(ServingError) -> Int {
        do {
            return try queue().write { db in
                let existing = try Int.fetchOne(db, sql: RequestLogQuery.countSQL) ?? 0
                guard existing == 0 else {
                    throw ServingError(
                        .conflict, "\(path) already holds \(existing) requests; copy into a new file or an empty log")
                }
                let insert = try db.makeStatement(sql: RequestLogQuery.copyInsertSQL(rows: 1))
                return try RequestLogQuery.copy(
                    from: source, into: path,
                    insert: { batch in
                        for request in batch {
                            try insert.execute(
                                arguments: StatementArguments(
                                    LoggedRequest.CodingKeys.allCases.map { request.value($0).databaseValue }))
                        }
                    },
                    count: { try Int.fetchOne(db, sql: RequestLogQuery.countSQL) ?? 0 }, progress: progress)
            }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(
                .unavailable, "the request log cannot be written", detail: "\(path): \(Self.explain(error))")
        }
    }

    /// The `request` table's column names.
    /// - Throws: `ServingError` 400 naming the file when it has no such table, or one without the
    ///   columns a drift check reads (something else wrote it).
    private func requestColumns(_ db: Database) throws -> Set<String> {
        guard try db.tableExists(LoggedRequest.databaseTableName) else {
            throw ServingError(.badRequest, "\(path) is not a modelpress request log: it has no `request` table")
        }
        let columns = Set(try db.columns(in: LoggedRequest.databaseTableName).map(\.name))
        let lacking = RequestLogQuery.servedColumns.filter { !columns.contains($0) }
        guard lacking.isEmpty else {
            throw ServingError(
                .badRequest,
                "\(path) is a request log of another schema: its `request` table has no "
                    + lacking.joined(separator: ", "))
        }
        return columns
    }

    /// `body` in a read transaction; a `ServingError` it throws as is, anything else as 503.
    private func reading<T>(_ body: (Database) throws -> T) throws(ServingError) -> T {
        do {
            return try read(body)
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(
                .unavailable, "the request log cannot be read", detail: "\(path): \(Self.explain(error))")
        }
    }

    /// Runs the shared statements on `db`.
    private static func run(_ db: Database) -> RequestLogQuery.Run {
        { sql, arguments in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue)))
                .map { row in row.databaseValues.map { SQLiteValue($0) } }
        }
    }
}

extension SQLiteValue {
    /// A value GRDB read (a blob, which the log never holds, as its bytes' text).
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let bytes): self = .text(String(decoding: bytes, as: UTF8.self))
        }
    }
}
