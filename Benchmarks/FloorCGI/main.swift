// The floor CGI that `make bench-cgi` compares predict.cgi with: the least any CGI honouring
// predict.cgi's contract must do per request, in plain C calls and built the same way (static,
// release). It reads the body, walks the model file as a prediction would, logs one row to SQLite
// before answering, and answers. No Foundation, GRDB or Models: what it costs is the contract's
// cost on this machine; what predict.cgi costs beyond it is predict.cgi's own.
//
// Environment: FLOOR_DATABASE (the log, created when missing), FLOOR_MODEL (a model artifact),
// CONTENT_LENGTH. Every failure is a 503 answer.
import FloorCGICore
import GRDBSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// Opens the log as predict.cgi does (WAL, synchronous = NORMAL, a busy timeout for the other CGI
/// processes) and commits one row in `BEGIN IMMEDIATE`. Returns the connection, left open: closing
/// the last connection to a WAL database checkpoints and syncs it, which predict.cgi avoids too.
func logRow(input: [UInt8], label: String, latency: Int) throws(Failure) -> (OpaquePointer, Int64) {
    guard let path = getenv("FLOOR_DATABASE") else { throw Failure(message: "FLOOR_DATABASE is not set") }
    var handle: OpaquePointer?
    guard
        sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
            == SQLITE_OK, let db = handle
    else { throw Failure(message: "the log cannot be opened") }
    func run(_ sql: String) throws(Failure) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw Failure(message: "the log failed") }
    }
    sqlite3_busy_timeout(db, 5000)
    try run("PRAGMA synchronous = NORMAL")
    // A no-op read of the schema once the table exists; it also tells the connection the journal mode.
    // A plain rowid table, so a commit writes one page: predict.cgi's AUTOINCREMENT and two indexes
    // (about four pages a commit) serve its statistics, a choice beyond the contract.
    try run(
        "CREATE TABLE IF NOT EXISTS request (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, "
            + "model TEXT NOT NULL, input TEXT NOT NULL, label TEXT NOT NULL, latency_us INTEGER NOT NULL)")
    // WAL is kept in the file: switched once, by the first request.
    var mode: OpaquePointer?
    guard sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &mode, nil) == SQLITE_OK, let mode else {
        throw Failure(message: "the log failed")
    }
    let isWAL = sqlite3_step(mode) == SQLITE_ROW && sqlite3_column_text(mode, 0).map { strcmp($0, "wal") == 0 } == true
    sqlite3_finalize(mode)
    if !isWAL { try run("PRAGMA journal_mode = WAL") }

    var insert: OpaquePointer?
    let sql = "INSERT INTO request (created_at, model, input, label, latency_us) VALUES (?, ?, ?, ?, ?)"
    guard sqlite3_prepare_v2(db, sql, -1, &insert, nil) == SQLITE_OK, let insert else {
        throw Failure(message: "the log failed")
    }
    defer { sqlite3_finalize(insert) }
    // SQLITE_TRANSIENT: SQLite copies each value before the Swift value goes away.
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    sqlite3_bind_text(insert, 1, utcTime(), -1, transient)
    sqlite3_bind_text(insert, 2, "income_classifier/random_forest@1.0.0", -1, transient)
    input.withUnsafeBytes { _ = sqlite3_bind_text(insert, 3, $0.baseAddress, Int32($0.count), transient) }
    sqlite3_bind_text(insert, 4, label, -1, transient)
    sqlite3_bind_int64(insert, 5, Int64(latency))
    try run("BEGIN IMMEDIATE")
    guard sqlite3_step(insert) == SQLITE_DONE else {
        _ = sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
        throw Failure(message: "the row cannot be written")
    }
    try run("COMMIT")
    return (db, sqlite3_last_insert_rowid(db))
}

let startedAt = microseconds()
var log: OpaquePointer?
do {
    let body = try readBody()
    let checksum = try touchModel()
    let (db, id) = try logRow(input: body, label: "<=50K", latency: microseconds() - startedAt)
    log = db
    answer("200 OK", "{\"status\":\"OK\",\"request_id\":\(id),\"model_checksum\":\(checksum)}")
} catch {
    answer("503 Service Unavailable", "{\"error\":\"\(error.message)\"}")
}
// The server sees the end of the answer at EOF; what follows costs CPU but no client waits for it.
close(STDOUT_FILENO)
// As predict.cgi: past 256 KiB, fold the WAL into the database and empty it, because the next
// process that opens the log alone reads all of it. Without waiting: if busy, a later request does it.
var walStatus = stat()
if let log, let path = getenv("FLOOR_DATABASE"), stat(String(cString: path) + "-wal", &walStatus) == 0,
    walStatus.st_size > 256 << 10
{
    sqlite3_busy_timeout(log, 0)
    _ = sqlite3_exec(log, "PRAGMA wal_checkpoint(TRUNCATE)", nil, nil, nil)
}
