import Foundation
import GRDB
import Testing

@testable import Serving

/// A job as text (what the PostgreSQL store binds and reads) has the SQLite queue's columns and
/// reads back as the same job.
@Suite struct JobRecordTextTests {
    func job() -> JobRecord {
        JobRecord(
            id: JobID.make(), endpoint: "income", schemaSHA256: "ab", statusPin: "production", modelPin: nil,
            versionPin: "1.0.0", skipInvalid: true, explain: false, status: .running, submittedAt: 1_733_000_000.125,
            startedAt: 0.1 + 0.2, finishedAt: nil, expiredAt: nil, rowsTotal: 12, rowsDone: 7, rowsSkipped: 1,
            skippedErrors: #"[{"field":"row 3: age","message":"x"}]"#, input: "row,age\n1,39\n", resultFile: nil,
            error: nil, leaseOwner: "host:1:ab", leaseUntil: 1_733_000_030.5, attempts: 2)
    }

    @Test func theColumnsAreTheSQLiteQueuesInItsOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let queue = try JobQueue(
            path: folder.appendingPathComponent("jobs.sqlite").path, results: folder.appendingPathComponent("r").path)
        let names = try queue.queue.read { db in try db.columns(in: "job").map(\.name) }
        #expect(JobRecord.columnNames == names)
    }

    @Test func aJobReadsBackAsTheSameJobBitForBit() throws {
        let original = job()
        #expect(JobRecord(textValues: original.textValues) == original)
        // PostgreSQL writes booleans as t and f.
        var values = original.textValues
        let skip = try #require(JobRecord.columnNames.firstIndex(of: "skip_invalid"))
        values[skip] = "t"
        #expect(JobRecord(textValues: values)?.skipInvalid == true)
        values[skip] = "yes"
        #expect(JobRecord(textValues: values) == nil)
        #expect(JobRecord(textValues: Array(original.textValues.dropLast())) == nil)
        let status = try #require(JobRecord.columnNames.firstIndex(of: "status"))
        values = original.textValues
        values[status] = "DONE"
        #expect(JobRecord(textValues: values) == nil)
    }
}
