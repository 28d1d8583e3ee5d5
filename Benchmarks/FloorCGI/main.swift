// The floor CGI that `make bench-cgi` compares predict.cgi with: the least any CGI honouring
// predict.cgi's contract must do per request, in plain C calls and built the same way (static,
// release). It reads the body, walks the model file as a prediction would, logs one row to SQLite
// before answering, and answers. No Foundation, GRDB or Models: what it costs is the contract's
// cost on this machine; what predict.cgi costs beyond it is predict.cgi's own.
//
// Environment: FLOOR_DATABASE (the log, created when missing), FLOOR_MODEL (a model artifact),
// CONTENT_LENGTH. Every failure is a 503 answer.
import GRDBSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// A step that failed; `message` goes into the 503 answer as it is (no quotes or backslashes).
struct Failure: Error {
    var message: String
}

/// Writes a whole CGI answer to standard output, retrying short writes.
func answer(_ status: String, _ body: String) {
    let bytes = Array(
        "Status: \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, bytes.count - offset) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}

/// The body: exactly CONTENT_LENGTH bytes (the server may keep the connection's stdin open past it).
func readBody() throws(Failure) -> [UInt8] {
    let text = getenv("CONTENT_LENGTH").map { String(cString: $0) } ?? ""
    guard let length = text.isEmpty ? 0 : Int(text), length >= 0, length <= 1 << 20 else {
        throw Failure(message: "CONTENT_LENGTH is not a byte count up to 1 MiB")
    }
    var body = [UInt8](repeating: 0, count: length)
    var filled = 0
    while filled < length {
        let count = body.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress! + filled, length - filled) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { throw Failure(message: "the body is shorter than CONTENT_LENGTH") }
        filled += count
    }
    return body
}

/// Maps the model and reads one byte of every 4 KiB page: a prediction walks 100 trees spread over
/// nearly the whole file, so every page faults in once. Not MAP_POPULATE (that is a choice, not the
/// contract); not unmapped (exit does it). Returns the bytes' sum, so the walk cannot be optimised away.
func touchModel() throws(Failure) -> UInt64 {
    guard let path = getenv("FLOOR_MODEL") else { throw Failure(message: "FLOOR_MODEL is not set") }
    let file = open(path, O_RDONLY | O_CLOEXEC)
    guard file >= 0 else { throw Failure(message: "the model cannot be opened") }
    defer { close(file) }
    var status = stat()
    guard fstat(file, &status) == 0, status.st_size > 0 else { throw Failure(message: "the model is empty") }
    let size = Int(status.st_size)
    guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, file, 0), map != MAP_FAILED else {
        throw Failure(message: "the model cannot be mapped")
    }
    let bytes = map.assumingMemoryBound(to: UInt8.self)
    var sum: UInt64 = 0
    for offset in stride(from: 0, to: size, by: 4096) { sum &+= UInt64(bytes[offset]) }
    return sum
}

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

/// Now in UTC, ISO 8601 to the second.
func utcTime() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    var text = [CChar](repeating: 0, count: 32)
    let count = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
    return String(decoding: text[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func microseconds() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return spec.tv_sec * 1_000_000 + spec.tv_nsec / 1000
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
