import Foundation
import GRDB
import Models
import Testing

@testable import Serving

@Suite struct RequestLogBatchTests {
    func row(_ index: Int, source: String) -> LoggedRequest {
        LoggedRequest(
            createdAt: "2026-11-22T00:00:0\(index).000Z", endpoint: "income", model: "rf", version: "1.0.\(index)",
            abTestID: index == 1 ? 7 : nil, abArm: index == 1 ? "B" : nil, clientID: index == 2 ? "c\"2" : nil,
            input: "{\"age\":\(index)}", label: index % 2 == 0 ? "<=50K" : ">50K",
            probability: 0.5 + Double(index) / 10,
            positiveProbability: 0.25, latencyMicroseconds: index, source: source,
            tokenSHA256: Digest.sha256(Array("t\(index)".utf8)))
    }

    @Test func batchRowsAreStoredExactlyAsSingleRowsAndRemovedBySource() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try RequestLog(path: folder.appendingPathComponent("requests.sqlite").path)
        let single = try log.append(row(0, source: "api"))
        let batch = try log.append(contentsOf: (1...3).map { row($0, source: "job:abc") })
        #expect(batch.map(\.id) == [2, 3, 4])
        let stored = try log.read { try LoggedRequest.fetchAll($0, sql: "SELECT * FROM request ORDER BY id") }
        #expect(stored == [single] + batch)
        #expect(try log.removeRows(source: "job:abc") == 3)
        #expect(try log.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM request") } == 1)
    }
}
