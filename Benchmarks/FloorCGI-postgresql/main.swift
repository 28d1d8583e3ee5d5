// The floor CGI that `make bench-cgi` compares predict.cgi's PostgreSQL build with: the least a
// CGI honouring predict.cgi's contract does per request when its log is a PostgreSQL database
// (Benchmarks/FloorCGI's SQLite floor, with libpq's C calls in place of SQLite's): it reads the
// body, walks the model file as a prediction would, connects, inserts one row into the `request`
// table that `modelpress db migrate` makes (every column predict.cgi fills, outside a transaction
// block, so the server has committed it when the insert returns), answers, and ends the session
// after the answer has left, as predict.cgi does. Built as predict.cgi's PostgreSQL build is
// (the Swift runtime static, glibc and libpq dynamic).
//
// Environment: FLOOR_DATABASE_URL (a libpq URI), FLOOR_MODEL (a model artifact), CONTENT_LENGTH.
// Every failure is a 503 answer.
import CLibPQ
import FloorCGICore

#if canImport(Glibc)
    import Glibc
#endif

/// Connects to FLOOR_DATABASE_URL and inserts one row; returns the connection, still open, and the
/// row's id. libpq is called here directly, not through ServingPostgres: the floor is plain C calls.
func logRow(input: [UInt8], label: String, latency: Int) throws(Failure) -> (OpaquePointer, String) {
    guard let url = getenv("FLOOR_DATABASE_URL") else { throw Failure(message: "FLOOR_DATABASE_URL is not set") }
    guard let connection = PQconnectdb(url), PQstatus(connection) == CONNECTION_OK else {
        throw Failure(message: "the database cannot be reached")
    }
    let sql =
        "INSERT INTO request (created_at, endpoint, model, version, input, label, probability, "
        + "positive_probability, latency_us, source, token_sha256) "
        + "VALUES ($1, 'income_classifier', 'random_forest', '1.0.0', $2, $3, 0.75, 0.25, $4, 'api', $5) RETURNING id"
    let values = [
        utcTime(), String(decoding: input, as: UTF8.self), label, String(latency), String(repeating: "0", count: 64),
    ]
    var pointers = values.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    let result = pointers.withUnsafeMutableBufferPointer { buffer in
        buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) {
            PQexecParams(connection, sql, Int32(values.count), nil, $0.baseAddress, nil, nil, 0)
        }
    }
    defer { PQclear(result) }
    guard PQresultStatus(result) == PGRES_TUPLES_OK, PQntuples(result) == 1, let id = PQgetvalue(result, 0, 0) else {
        PQfinish(connection)
        throw Failure(message: "the row cannot be written")
    }
    return (connection, String(cString: id))
}

let startedAt = microseconds()
var log: OpaquePointer?
do {
    let body = try readBody()
    let checksum = try touchModel()
    let (connection, id) = try logRow(input: body, label: "<=50K", latency: microseconds() - startedAt)
    log = connection
    answer("200 OK", "{\"status\":\"OK\",\"request_id\":\(id),\"model_checksum\":\(checksum)}")
} catch {
    answer("503 Service Unavailable", "{\"error\":\"\(error.message)\"}")
}
// The server sees the end of the answer at EOF; the session ends after it, as predict.cgi's does.
close(STDOUT_FILENO)
if let log { PQfinish(log) }
