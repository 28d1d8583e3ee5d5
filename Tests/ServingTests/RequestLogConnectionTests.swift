import Foundation
import GRDB
import Models
import Testing

@testable import Serving

/// The request log's two ways in: single rows through SQLite's C API (predict.cgi's path) and
/// GRDB (schema, reading, batches) must agree on every file and every column.
@Suite struct RequestLogConnectionTests {
    func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lean-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    func row(token: String, abTest: Bool) -> LoggedRequest {
        LoggedRequest(
            createdAt: "2026-11-22T00:00:00.123Z", endpoint: "income", model: "rf", version: "1.0.0",
            abTestID: abTest ? 3 : nil, abArm: abTest ? "B" : nil, clientID: abTest ? "client é" : nil,
            input: #"{"age":37,"note":"a\u0000b"}"#, label: ">50K", probability: 0.8125,
            positiveProbability: 0.8125, latencyMicroseconds: 1234, source: "api",
            tokenSHA256: Digest.sha256(Array(token.utf8)))
    }

    let labels: (String) -> [String]? = { _ in ["<=50K", ">50K"] }

    @Test(arguments: [false, true])
    func rowsWrittenThroughTheCAPIReadBackThroughGRDB(abTest: Bool) throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("requests.sqlite").path
            let written = try RequestLog(path: path).append(row(token: "t", abTest: abTest))
            let id = try #require(written.id)
            let read = try RequestLog(path: path, readOnly: true).read { try LoggedRequest.fetchOne($0, key: id) }
            #expect(read == written)
        }
    }

    @Test(arguments: [false, true])
    func rowsWrittenThroughGRDBReadBackThroughTheCAPI(abTest: Bool) throws {
        try withFolder { folder in
            let log = try RequestLog(path: folder.appendingPathComponent("requests.sqlite").path)
            let inserted = try log.queue().write { db in
                var row = row(token: "secret", abTest: abTest)
                try row.insert(db)
                return row
            }
            let id = try #require(inserted.id)
            let (outcome, stored) = try log.recordFeedback(
                id: id, token: "secret", label: "<=50K.", labelValues: labels, at: "2026-11-23T00:00:00.000Z")
            #expect(outcome == .recorded)
            var expected = inserted
            expected.feedback = "<=50K"
            expected.feedbackAt = "2026-11-23T00:00:00.000Z"
            #expect(stored == expected)
            #expect(try log.read { try LoggedRequest.fetchOne($0, key: id) } == expected)
        }
    }

    @Test func theWriteConnectionIsSetUpLikeGRDBs() throws {
        try withFolder { folder in
            let log = try RequestLog(path: folder.appendingPathComponent("a/b/requests.sqlite").path)
            let connection = try #require(log.connection)
            #expect(try connection.value("PRAGMA journal_mode") == .text("wal"))
            #expect(try connection.value("PRAGMA synchronous") == .integer(1), "NORMAL")
            #expect(try connection.value("PRAGMA user_version") == .integer(Int64(RequestLog.schemaVersion)))
        }
    }

    @Test func aFileWithoutTheSchemaIsMigratedAndSwitchedToWAL() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("requests.sqlite").path
            // A database someone else started: rollback journal, user_version 0, no request table.
            try DatabaseQueue(path: path).writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE; CREATE TABLE other (x)")
            }
            let log = try RequestLog(path: path)
            let id = try #require(try log.append(row(token: "t", abTest: false)).id)
            #expect(id == 1)
            #expect(try log.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            #expect(try log.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == RequestLog.schemaVersion)
            #expect(try log.read { try RequestLog.migrator.hasCompletedMigrations($0) })
        }
    }

    /// A reader in a transaction on a log not yet in WAL mode keeps it from switching to WAL
    /// for as long as it reads; the set-up waits for it (SQLite's busy handler, the log's busy
    /// timeout) and then switches, rather than answer 503 while the reader is busy.
    @Test func aLogHeldByAReaderIsSetUpOnceTheReaderLetsGo() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("requests.sqlite").path
            try DatabaseQueue(path: path).writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE; CREATE TABLE other (x)")
            }
            nonisolated(unsafe) let reader = try DirectConnection(path: path)
            try reader.execute("BEGIN")
            #expect(try reader.value("SELECT count(*) FROM other") == .integer(0), "the reader holds its shared lock")
            let released = Thread {
                usleep(2_000_000)
                try? reader.execute("COMMIT")
            }
            released.start()
            let started = Date()
            let log = try RequestLog(path: path)
            #expect(Date().timeIntervalSince(started) >= 1.9, "it was set up only after the reader let go")
            #expect(try log.connection?.value("PRAGMA journal_mode") == .text("wal"))
            #expect(try log.append(row(token: "t", abTest: false)).id == 1)
        }
    }

    @Test func aCurrentLogTakenOutOfWALIsSwitchedBack() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("requests.sqlite").path
            _ = try RequestLog(path: path).append(row(token: "t", abTest: false))
            try DatabaseQueue(path: path).writeWithoutTransaction {
                try $0.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            let log = try RequestLog(path: path)
            #expect(try log.connection?.value("PRAGMA journal_mode") == .text("wal"))
            #expect(try log.append(row(token: "u", abTest: false)).id == 2)
        }
    }

    @Test func aFileThatIsNotADatabaseIs503NamingIt() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("requests.sqlite").path
            try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: ServingError.self) { try RequestLog(path: path) }
            #expect(error.status.code == 503)
            #expect(error.description.contains(path))
        }
    }

    @Test func aFolderInTheLogsPlaceIs503NamingIt() throws {
        try withFolder { folder in
            let error = try #require(throws: ServingError.self) { try RequestLog(path: folder.path) }
            #expect(error.status.code == 503)
            #expect(error.description.contains(folder.path))
        }
    }

    @Test func aRowThatCannotBeWrittenIs503AndNothingIsKept() throws {
        try withFolder { folder in
            let log = try RequestLog(path: folder.appendingPathComponent("requests.sqlite").path)
            try log.queue().write {
                try $0.execute(
                    sql: "CREATE TRIGGER refuse BEFORE INSERT ON request BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
                )
            }
            let error = try #require(throws: ServingError.self) { try log.append(row(token: "t", abTest: false)) }
            #expect(error.status.code == 503)
            #expect(error.description.contains("disk says no"))
            #expect(try log.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM request") } == 0)
            // The failed transaction was rolled back: the connection writes again.
            try log.queue().write { try $0.execute(sql: "DROP TRIGGER refuse") }
            #expect(try log.append(row(token: "t", abTest: false)).id == 1)
        }
    }

    @Test func aReadOnlyLogRefusesWritesWith503() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("requests.sqlite").path
            _ = try RequestLog(path: path)
            let error = try #require(throws: ServingError.self) {
                try RequestLog(path: path, readOnly: true).append(row(token: "t", abTest: false))
            }
            #expect(error.status.code == 503)
        }
    }

    @Test func aDamagedRowIs503ForFeedback() throws {
        try withFolder { folder in
            let log = try RequestLog(path: folder.appendingPathComponent("requests.sqlite").path)
            let id = try #require(try log.append(row(token: "t", abTest: false)).id)
            try log.queue().write {
                try $0.execute(sql: "UPDATE request SET probability = 'high' WHERE id = ?", arguments: [id])
            }
            let error = try #require(throws: ServingError.self) {
                try log.recordFeedback(id: id, token: "t", label: ">50K", labelValues: labels, at: "t")
            }
            #expect(error.status.code == 503)
        }
    }
}

@Suite struct LoggedRequestColumnsTests {
    @Test func theInsertNamesEveryColumnButTheIDAndFeedbackOnceInArgumentOrder() throws {
        let sql = LoggedRequest.insertSQL
        let open = try #require(sql.firstIndex(of: "("))
        let close = try #require(sql.firstIndex(of: ")"))
        let columns = sql[sql.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let expected = LoggedRequest.CodingKeys.allCases.filter { ![.id, .feedback, .feedbackAt].contains($0) }
        #expect(columns == expected.map(\.rawValue))
        let placeholders = sql.filter { $0 == "?" }.count
        #expect(placeholders == columns.count)
        let row = LoggedRequest(
            createdAt: "", endpoint: "", model: "", version: "", abTestID: nil, abArm: nil, clientID: nil, input: "",
            label: "", probability: 0, positiveProbability: 0, latencyMicroseconds: 0, source: "", tokenSHA256: "")
        #expect(row.insertArguments.count == columns.count)
    }

    /// The statement the "v1 requests" migration made when it shipped; files in use have it.
    static let shippedTable = """
        CREATE TABLE "request" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "created_at" TEXT NOT NULL, \
        "endpoint" TEXT NOT NULL, "model" TEXT NOT NULL, "version" TEXT NOT NULL, "ab_test_id" INTEGER, \
        "ab_arm" TEXT, "client_id" TEXT, "input" TEXT NOT NULL, "label" TEXT NOT NULL, \
        "probability" DOUBLE NOT NULL, "positive_probability" DOUBLE NOT NULL, "latency_us" INTEGER NOT NULL, \
        "source" TEXT NOT NULL, "token_sha256" TEXT NOT NULL, "feedback" TEXT, "feedback_at" TEXT)
        """

    /// On a real SQLite file: the migration made from the coding keys makes the shipped table;
    /// rows written by the batch insert read back the same through GRDB's record decoding and
    /// through the positional reader the feedback path uses.
    @Test func migrationInsertAndPositionalReaderAgreeOnARealFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("columns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("requests.sqlite").path
        let log = try RequestLog(path: path)
        let row = LoggedRequest(
            createdAt: "2026-11-22T00:00:00.123Z", endpoint: "income", model: "rf", version: "1.0.0", abTestID: 3,
            abArm: "B", clientID: "client é", input: "{}", label: ">50K", probability: 0.8125,
            positiveProbability: 0.8125, latencyMicroseconds: 1234, source: "job:x", tokenSHA256: "ab")
        let unpinned = LoggedRequest(
            createdAt: "2026-11-22T00:00:01.000Z", endpoint: "income", model: "rf", version: "1.0.0", abTestID: nil,
            abArm: nil, clientID: nil, input: "{}", label: "<=50K", probability: 0.75, positiveProbability: 0.25,
            latencyMicroseconds: 0, source: "api", tokenSHA256: "cd")
        let written = try log.append(contentsOf: [row, unpinned])

        let table = try log.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'request'")
        }
        // "v2 task outputs" appended its columns to the shipped statement.
        #expect(table == Self.shippedTable.dropLast() + #", "value" DOUBLE, "probabilities" TEXT)"#)
        let declared = try log.read { db in try db.columns(in: "request") }
        #expect(declared.map(\.name) == LoggedRequest.CodingKeys.allCases.map(\.rawValue))

        let connection = try DirectConnection(path: path)
        for request in written {
            let id = try #require(request.id)
            let columns = try #require(try connection.rows(LoggedRequest.selectByIDSQL, [.integer(id)]).first)
            let positional = try #require(LoggedRequest(columns: columns))
            let decoded = try log.read { try LoggedRequest.fetchOne($0, key: id) }
            #expect(positional == request)
            #expect(decoded == request)
            #expect(columns == LoggedRequest.CodingKeys.allCases.map(request.value))
        }
    }
}
