import CLibPQ
import ServingCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed libpq call: the SQLSTATE code when the server sent one (`42P01`, an undefined
/// table), and libpq's message.
package struct PostgresError: Error, CustomStringConvertible {
    /// The five-character SQLSTATE (https://www.postgresql.org/docs/15/errcodes-appendix.html);
    /// nil when the connection failed or the server said nothing.
    package var sqlState: String?
    package var message: String

    package var description: String { message }

    package init(sqlState: String? = nil, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    /// `undefined_table` or `undefined_column`: the schema is older than this build (or absent).
    package var isMissingSchema: Bool { sqlState == "42P01" || sqlState == "42703" }
}

/// One PostgreSQL connection through libpq's C API: the only place that calls `PQ*`.
///
/// Every value goes as text, in both directions: parameters are bound with `PQexecParams` (never
/// spliced into SQL), their types inferred by the server from the columns they meet, and every C
/// string of a result is copied into Swift before the result is cleared, in the same scope; no
/// pointer leaves the class. Connecting costs the server a process (a few milliseconds): a CGI
/// connects once per request, and many CGI processes at once want PgBouncer in front.
package final class PostgresConnection {
    private let handle: OpaquePointer

    /// How long connecting waits, unless the URI sets `connect_timeout` itself: a request must
    /// not hang on a database host that does not answer.
    package static let connectTimeoutSeconds = 5

    /// Connects to the database `url` names (libpq's URI rules; a password from `~/.pgpass` or
    /// `PGPASSFILE`, libpq's `PG*` environment variables for what the URI leaves out).
    /// - Parameter applicationName: what the server's `pg_stat_activity` shows unless the URI
    ///   names one (`fallback_application_name`).
    /// - Throws: `PostgresError` with libpq's reason when the connection fails.
    package init(url: String, applicationName: String) throws(PostgresError) {
        // The URI is expanded in `dbname`'s place, after the timeout, so its own settings win.
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = ["\(Self.connectTimeoutSeconds)", applicationName, url]
        let connection = Self.withCStrings(keywords) { keywords in
            Self.withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else { throw PostgresError(message: "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(message: message)
        }
        // Notices (`CREATE TABLE IF NOT EXISTS` finding the table) are no one's business: libpq
        // would print them on standard error, which is the web server's error log.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    /// Whether libpq has found the session gone (the server restarted or closed it): every
    /// statement would fail with "no connection to the server"; a new connection is needed.
    package var isBroken: Bool {
        PQstatus(handle) == CONNECTION_BAD
    }

    /// Ends the session (libpq's Terminate message, so the server does not log a client that
    /// vanished).
    deinit {
        PQfinish(handle)
    }

    /// Runs one statement with `arguments` bound to `$1`, `$2`, … (nil is SQL NULL) and returns
    /// its rows, each value as the server's text (nil for NULL), and its command tag (`INSERT 0 1`,
    /// `COMMIT`, or `ROLLBACK` when a COMMIT found the transaction failed).
    /// - Throws: `PostgresError` with the server's SQLSTATE and message.
    @discardableResult
    package func execute(_ sql: String, _ arguments: [String?] = []) throws(PostgresError) -> PostgresResult {
        let result = Self.withOptionalCStrings(arguments) { values in
            PQexecParams(handle, sql, Int32(arguments.count), nil, values, nil, nil, 0)
        }
        guard let result else { throw PostgresError(message: Self.trimmed(PQerrorMessage(handle))) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = Self.trimmed(PQresultErrorMessage(result))
            throw PostgresError(
                sqlState: state, message: message.isEmpty ? Self.trimmed(PQerrorMessage(handle)) : message)
        }
        var rows: [[String?]] = []
        let columns = PQnfields(result)
        for row in 0..<PQntuples(result) {
            rows.append(
                (0..<columns).map { column in
                    PQgetisnull(result, row, column) == 1
                        ? nil
                        : PQgetvalue(result, row, column).map { String(cString: $0) }
                })
        }
        return PostgresResult(
            rows: rows, types: (0..<columns).map { PQftype(result, $0) },
            commandTag: PQcmdStatus(result).map { String(cString: $0) } ?? "")
    }

    /// Whether the server has said that the connection is outside any transaction (its last
    /// ReadyForQuery said idle): after a statement outside `BEGIN`, that means its implicit
    /// transaction is committed.
    package var isIdle: Bool {
        PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Runs `body` between `BEGIN` and `COMMIT`; any error rolls it back.
    /// - Throws: what `body` throws, or `PostgresError` when `BEGIN` or `COMMIT` fails (a COMMIT
    ///   that the server answers with ROLLBACK included).
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            let commit = try execute("COMMIT")
            guard commit.commandTag == "COMMIT" else {
                throw PostgresError(message: "the transaction was rolled back instead of committed")
            }
            return result
        } catch {
            // After a failed COMMIT the transaction is over already; that error says nothing new.
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// `sql` with its `?` parameters numbered `$1`, `$2`, … as PostgreSQL wants them (a `?`
    /// inside a quoted string stays), for statements written for both databases.
    package static func numberingParameters(_ sql: String) -> String {
        var text = ""
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                text += "$\(number)"
            } else {
                text.append(character)
            }
        }
        return text
    }

    private static func trimmed(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        var message = String(cString: text)
        while message.last?.isWhitespace == true { message.removeLast() }
        return message
    }

    /// Calls `body` with a C array of `strings` ended by NULL (`PQconnectdbParams`' keywords and
    /// values), valid only inside it.
    private static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        withOptionalCStrings(strings.map { Optional($0) } + [nil], body)
    }

    /// Calls `body` with a C array of `strings` (NULL for nil), valid only inside it.
    private static func withOptionalCStrings<T>(
        _ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T
    ) -> T {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { buffer in
            // An empty array's buffer may have no address; libpq reads none of it then.
            if let address = buffer.baseAddress { return body(address) }
            let none: [UnsafePointer<CChar>?] = [nil]
            return none.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
    }
}

/// A statement's rows as the server's text (nil for NULL), and its command tag.
package struct PostgresResult {
    package var rows: [[String?]]
    /// Each column's type, by its OID in `pg_type`.
    package var types: [UInt32]
    package var commandTag: String

    /// The rows as SQLite's values: integers (`int2`, `int4`, `int8`) and reals (`float4`,
    /// `float8`, `numeric`) as numbers, NULL as null, the rest as text.
    package var values: [[SQLiteValue]] {
        rows.map { row in
            zip(row, types).map { text, type -> SQLiteValue in
                guard let text else { return .null }
                switch type {
                case 20, 21, 23: return Int64(text).map { .integer($0) } ?? .text(text)
                case 700, 701, 1700: return Double(text).map { .real($0) } ?? .text(text)
                default: return .text(text)
                }
            }
        }
    }
}
