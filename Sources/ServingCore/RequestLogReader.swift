import Basics

/// A request log the reading commands read — `monitor`, `publish --requests`, `ab show` and
/// `ab stop` —: the SQLite log (`RequestLog`, in Serving) or the PostgreSQL one every host of a
/// deployment writes (`PostgresRequestLog`). Both run `RequestLogQuery`'s and `ABTallyQuery`'s
/// statements, so the same rows read the same from either.
public protocol RequestLogReader: AnyObject {
    /// Where the log is, for messages: the file's path, or the database's URI without its password.
    var place: String { get }

    /// Each arm's counts for A/B test `testID` (see `ABTallyQuery.tallies`).
    /// - Throws: `ServingError` 503 naming the log when it cannot be read.
    func abTallies(
        testID: Int, arms: [(arm: String, version: VersionID)], startedAt: Timestamp
    ) throws(ServingError) -> [String: ABArmTally]

    /// Every prediction the log holds of one version, oldest first (by time, then id), from
    /// `since` on (an ISO 8601 UTC time, compared as text in byte order).
    /// - Throws: `ServingError` 400 naming the log when it is not a request log, 503 when it
    ///   cannot be read.
    func servedRows(
        endpoint: String, model: String, version: String, since: String?
    ) throws(ServingError)
        -> [ServedRow]

    /// What the log says about each version it served (see `RequestLogQuery.statistics`).
    /// - Throws: `ServingError` 503 naming the log when it cannot be read.
    func servingStatistics() throws(ServingError) -> ServingStatistics

    /// How many requests the log holds.
    /// - Throws: `ServingError` 400 when it is not a request log, 503 when it cannot be read.
    func requestCount() throws(ServingError) -> Int

    /// Up to `limit` logged requests with ids above `id`, every column, in id order (what
    /// `modelpress requests copy` moves, a batch at a time).
    /// - Throws: `ServingError` 400 when a row is not what predict.cgi writes, 503 when the log
    ///   cannot be read.
    func loggedRequests(after id: Int64, limit: Int) throws(ServingError) -> [LoggedRequest]
}

/// A log `modelpress requests copy` writes into: the SQLite log or the PostgreSQL one.
public protocol RequestLogCopyTarget: RequestLogReader {
    /// Copies every request of `source` into this log, which must be empty, keeping ids, in one
    /// transaction (`RequestLogQuery.copy`): all of them or, on any failure, none.
    /// - Parameter progress: receives the number of rows copied so far after each batch.
    /// - Returns: how many rows were copied.
    /// - Throws: `ServingError` naming the log when it cannot be written, or when the count
    ///   copied is not the source's.
    func copy(from source: any RequestLogReader, progress: (Int) -> Void) throws(ServingError) -> Int
}

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

    public init(
        createdAt: String, input: String, label: String, positiveProbability: Double, value: Double?,
        feedback: String?
    ) {
        self.createdAt = createdAt
        self.input = input
        self.label = label
        self.positiveProbability = positiveProbability
        self.value = value
        self.feedback = feedback
    }
}

/// The statements that read served rows and serving statistics, as SQL that SQLite and
/// PostgreSQL read alike (`?` parameters, which the PostgreSQL side numbers; `CASE` rather than
/// SQLite's sums of booleans; `DOUBLE PRECISION`, which SQLite reads as REAL): the one reading
/// of both stores. Times are ISO 8601 text, which compares in time order only byte by byte, so
/// every comparison and ordering of them names the store's byte-order collation
/// (`byteOrder`): PostgreSQL's default follows the database's locale.
package enum RequestLogQuery {
    /// Runs a statement with its `?` bound in order and returns its rows.
    package typealias Run = ABTallyQuery.Run

    /// SQLite's collation that compares text byte by byte.
    package static let sqliteByteOrder = "COLLATE BINARY"
    /// PostgreSQL's.
    package static let postgresByteOrder = "COLLATE \"C\""

    /// The columns a drift check reads; a log without them was written by something else.
    package static let servedColumns = [
        "created_at", "endpoint", "model", "version", "input", "label", "positive_probability",
    ]

    /// See `RequestLogReader.servedRows`.
    /// - Parameters:
    ///   - hasValue: whether the log has the `value` column (a SQLite log from before regression
    ///     was served has not; its rows read as nil).
    ///   - byteOrder: the store's byte-order collation (`sqliteByteOrder`, `postgresByteOrder`).
    /// - Throws: what `run` throws, or `ServingError` 400 when a row is not what predict.cgi writes.
    package static func servedRows(
        endpoint: String, model: String, version: String, since: String?, hasValue: Bool, byteOrder: String,
        place: String, run: Run
    ) throws -> [ServedRow] {
        let rows = try run(
            """
            SELECT created_at, input, label, positive_probability, \(hasValue ? "value" : "NULL"), feedback
            FROM request WHERE endpoint = ? AND model = ? AND version = ? AND created_at \(byteOrder) >= ?
            ORDER BY created_at \(byteOrder), id
            """, [.text(endpoint), .text(model), .text(version), .text(since ?? "")])
        return try rows.map { row in
            guard row.count == 6, let createdAt = row[0].string, let input = row[1].string,
                let label = row[2].string, let probability = row[3].double
            else {
                throw ServingError(
                    .badRequest,
                    "\(place) holds a request of \(endpoint)/\(model)@\(version) that is not what "
                        + "predict.cgi writes (a time, an input, a label and a probability)")
            }
            return ServedRow(
                createdAt: createdAt, input: input, label: label, positiveProbability: probability,
                value: row[4].double, feedback: row[5].string)
        }
    }

    /// The number of requests in the log.
    package static let countSQL = "SELECT count(*) FROM request"

    /// See `RequestLogReader.loggedRequests`.
    /// - Throws: what `run` throws, or `ServingError` 400 when a row is not what predict.cgi writes.
    package static func loggedRequests(
        after id: Int64, limit: Int, place: String, run: Run
    ) throws
        -> [LoggedRequest]
    {
        let columns = LoggedRequest.CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")
        return try run(
            "SELECT \(columns) FROM request WHERE id > ? ORDER BY id LIMIT ?", [.integer(id), .integer(Int64(limit))]
        ).map { row in
            guard let request = LoggedRequest(columns: row), request.id != nil else {
                let which = row.first?.int64.map { "request \($0)" } ?? "a request without an id"
                throw ServingError(
                    .badRequest,
                    "\(place) holds \(which) that is not what predict.cgi writes (a column missing or of another "
                        + "type); mend or delete that row and copy again")
            }
            return request
        }
    }

    /// `rows` logged requests with their ids, every column, `?` for each value in row order
    /// (`copy`'s insert: SQLite's prepares it for one row; PostgreSQL's writes a whole batch in
    /// one statement, a round trip a batch rather than a row, which took a 200,000-row copy from
    /// 29.6 to 16.3 s, debug build on a loaded machine).
    package static func copyInsertSQL(rows: Int) -> String {
        let names = LoggedRequest.CodingKeys.allCases.map(\.rawValue)
        let row = "(" + [String](repeating: "?", count: names.count).joined(separator: ", ") + ")"
        return "INSERT INTO request (\(names.joined(separator: ", "))) VALUES "
            + [String](repeating: row, count: rows).joined(separator: ", ")
    }

    /// How many rows `copy` reads and writes at a time.
    package static let copyBatch = 500

    /// Copies every request of `source`, `copyBatch` at a time in id order, through `insert`
    /// (which writes one batch inside the destination's transaction), then checks that the
    /// destination holds as many rows as the source: the one loop of both destinations.
    /// - Parameters:
    ///   - count: the destination's rows, counted inside its transaction.
    ///   - progress: receives the rows copied so far after each batch.
    /// - Returns: the rows copied.
    /// - Throws: what `source`, `insert` or `count` throw, or `ServingError` 500 when the
    ///   counts differ (the caller's transaction then rolls back).
    package static func copy(
        from source: any RequestLogReader, into place: String, insert: ([LoggedRequest]) throws -> Void,
        count: () throws -> Int, progress: (Int) -> Void
    ) throws -> Int {
        let expected = try source.requestCount()
        var copied = 0
        var last: Int64 = .min
        while true {
            let batch = try source.loggedRequests(after: last, limit: copyBatch)
            guard let end = batch.last?.id else { break }
            try insert(batch)
            copied += batch.count
            last = end
            progress(copied)
        }
        let written = try count()
        guard copied == expected, written == copied else {
            throw ServingError(
                .internalError,
                "the copy into \(place) was rolled back: \(source.place) held \(expected) requests when it began, "
                    + "\(copied) were read and \(place) would hold \(written); copy again once nothing writes to "
                    + "\(source.place)")
        }
        return copied
    }

    /// Per version and UTC day: requests, batch job rows, A/B test rows, feedback, correct
    /// answers (classification), and the sums of absolute and squared errors on feedback
    /// (regression: rows with a `value`); then the latencies of single predictions
    /// (`source` = `api`). Two statements over the whole log.
    /// - Parameter byteOrder: the store's byte-order collation, for the days' order.
    /// - Throws: what `run` throws.
    package static func statistics(place: String, byteOrder: String, run: Run) throws -> ServingStatistics {
        let error = "CAST(feedback AS DOUBLE PRECISION) - value"
        let regressionFeedback = "feedback IS NOT NULL AND value IS NOT NULL"
        let days = try run(
            """
            SELECT endpoint, model, version, substr(created_at, 1, 10), count(*),
                   sum(CASE WHEN source LIKE 'job:%' THEN 1 ELSE 0 END),
                   sum(CASE WHEN ab_test_id IS NOT NULL THEN 1 ELSE 0 END),
                   count(feedback),
                   sum(CASE WHEN feedback IS NOT NULL AND feedback = label AND value IS NULL THEN 1 ELSE 0 END),
                   coalesce(sum(CASE WHEN \(regressionFeedback) THEN abs(\(error)) END), 0.0),
                   coalesce(sum(CASE WHEN \(regressionFeedback) THEN (\(error)) * (\(error)) END), 0.0)
            FROM request GROUP BY endpoint, model, version, substr(created_at, 1, 10)
            ORDER BY substr(created_at, 1, 10) \(byteOrder)
            """, [])
        var versions: [VersionID: ServingStatistics.Version] = [:]
        for row in days where row.count == 11 {
            guard let endpoint = row[0].string, let model = row[1].string, let versionName = row[2].string,
                let day = row[3].string
            else { continue }
            func count(_ index: Int) -> Int { Int(row[index].int64 ?? 0) }
            let key = VersionID(endpoint: endpoint, model: model, version: versionName)
            var version = versions[key] ?? ServingStatistics.Version()
            version.requests += count(4)
            version.jobRows += count(5)
            version.abTestRequests += count(6)
            version.feedback += count(7)
            version.correct += count(8)
            version.absoluteErrorTotal += row[9].double ?? 0
            version.squaredErrorTotal += row[10].double ?? 0
            version.days.append(ServingStatistics.Day(day: day, requests: count(4), feedback: count(7)))
            versions[key] = version
        }
        let latencies = try run(
            "SELECT endpoint, model, version, latency_us FROM request WHERE source = 'api' "
                + "ORDER BY endpoint, model, version, latency_us", [])
        var current: VersionID?
        var values: [Int] = []
        func close() {
            if let current { versions[current]?.latency = ServingStatistics.Latency(sorted: values) }
            values.removeAll(keepingCapacity: true)
        }
        for row in latencies where row.count == 4 {
            guard let endpoint = row[0].string, let model = row[1].string, let versionName = row[2].string,
                let latency = row[3].int64
            else { continue }
            let key = VersionID(endpoint: endpoint, model: model, version: versionName)
            if key != current {
                close()
                current = key
            }
            values.append(Int(latency))
        }
        close()
        return ServingStatistics(versions: versions, path: place)
    }
}
