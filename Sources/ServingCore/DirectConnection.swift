import GRDBSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value as SQLite stores it in a column.
package enum SQLiteValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    package var int64: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    package var double: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    package var string: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// A failed SQLite call: its result code and SQLite's message.
package struct SQLiteError: Error, CustomStringConvertible {
    /// The primary result code (`SQLITE_BUSY`, `SQLITE_CANTOPEN`, …).
    package var code: Int32
    package var message: String

    package var description: String { message }

    package init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }
}

/// How a connection waits for another process's lock on the request log: SQLite's own busy
/// timeout sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then 100 ms between tries
/// (`sqliteDefaultBusyCallback`), while a CGI holds the log's write lock for a fraction of a
/// millisecond (one row in WAL): at 16 concurrent requests each waited up to 100 ms for a lock
/// free for most of that time (issue 18: p99 213–278 ms against 91–105 for the floor). This polls
/// every 0.1, 0.2, 0.4, 0.8 ms, then every millisecond for 20 more tries, then every 5 ms.
package enum LockWait {
    /// The pause before try `tries + 1` (`tries` waits so far), in microseconds.
    package static func delay(afterTries tries: Int) -> Int {
        tries < 4 ? 100 << tries : tries < 24 ? 1_000 : 5_000
    }

    /// The microseconds slept by the first `tries` pauses.
    package static func slept(tries: Int) -> Int {
        let doubling = min(tries, 4)
        return 100 * ((1 << doubling) - 1) + 1_000 * max(0, min(tries, 24) - 4) + 5_000 * max(0, tries - 24)
    }

    /// The pause before the next try, or nil once `timeoutMicroseconds` has been slept (SQLite
    /// then answers `SQLITE_BUSY`); the last pause is cut to end at the timeout.
    package static func pause(tries: Int, timeoutMicroseconds: Int) -> Int? {
        let slept = slept(tries: tries)
        guard slept < timeoutMicroseconds else { return nil }
        return min(delay(afterTries: tries), timeoutMicroseconds - slept)
    }
}

/// One SQLite connection through the C API, for the request log's single-row writes.
///
/// predict.cgi opens the log on every request; GRDB's `DatabaseQueue` costs a dispatch queue, a
/// transaction observer set-up and many first-time generic instantiations on each open, which
/// was a fifth of the CGI's time, and GRDB links Foundation. This is the only place that calls `sqlite3_*` directly:
/// every C string is copied into Swift before its statement is finalized, and no pointer
/// leaves the class.
package final class DirectConnection {
    private let handle: OpaquePointer

    /// Opens the database file at `path` (creating it when missing, if `create`), in the
    /// multi-thread mode: the connection belongs to one thread at a time.
    package init(path: String, create: Bool = true) throws(SQLiteError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0)
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            throw SQLiteError(code: code & 0xFF, message: message)
        }
        self.handle = handle
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// How long a statement waits for another connection's lock before failing with
    /// `SQLITE_BUSY` (0: it does not wait), polling in `LockWait`'s short sleeps.
    package func setBusyTimeout(milliseconds: Int32) {
        guard milliseconds > 0 else {
            sqlite3_busy_handler(handle, nil, nil)
            return
        }
        // The timeout rides in the context pointer: the handler is a C function and keeps no state.
        sqlite3_busy_handler(
            handle,
            { context, tries in
                guard
                    let pause = LockWait.pause(tries: Int(tries), timeoutMicroseconds: Int(bitPattern: context) * 1000)
                else { return 0 }
                usleep(useconds_t(pause))
                return 1
            }, UnsafeMutableRawPointer(bitPattern: Int(milliseconds)))
    }

    /// Runs statements that return no rows (`BEGIN IMMEDIATE`, `PRAGMA synchronous = NORMAL`).
    package func execute(_ sql: String) throws(SQLiteError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// Runs one statement with `arguments` bound to its `?` parameters and returns its rows.
    package func rows(_ sql: String, _ arguments: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw error(prepared) }
        defer { sqlite3_finalize(statement) }
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch argument {
            case .null: code = sqlite3_bind_null(statement, position)
            case .integer(let value): code = sqlite3_bind_int64(statement, position, value)
            case .real(let value): code = sqlite3_bind_double(statement, position, value)
            case .text(let value):
                // SQLITE_TRANSIENT: SQLite copies the text before the Swift string goes away.
                code = sqlite3_bind_text(
                    statement, position, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw error(code) }
            rows.append((0..<sqlite3_column_count(statement)).map { column(statement, $0) })
        }
    }

    /// The first column of the first row of `sql`, when there is one.
    package func value(_ sql: String) throws(SQLiteError) -> SQLiteValue? {
        try rows(sql).first?.first
    }

    /// The rowid of the latest successful INSERT on this connection.
    package var lastInsertedRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE` … `COMMIT`, taking the write lock up front (waiting
    /// up to the busy timeout for it) so the transaction never fails half-way on a lock; any
    /// error rolls it back.
    package func immediateTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // After a failed COMMIT SQLite may already have rolled back; that error says nothing new.
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(statement, index))
        case SQLITE_NULL: .null
        default:
            // By length, not up to the first NUL: text is stored as given.
            sqlite3_column_text(statement, index).map {
                let bytes = UnsafeBufferPointer(start: $0, count: Int(sqlite3_column_bytes(statement, index)))
                return .text(String(decoding: bytes, as: UTF8.self))
            } ?? .null
        }
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code & 0xFF, message: String(cString: sqlite3_errmsg(handle)))
    }
}
