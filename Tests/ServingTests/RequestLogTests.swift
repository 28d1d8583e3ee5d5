import Foundation
import GRDB
import Models
import Testing

@testable import Serving

@Suite struct RequestLogTests {
    func withLog(_ body: (RequestLog) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(try RequestLog(path: folder.appendingPathComponent("sub/requests.sqlite").path))
    }

    func row(token: String) -> LoggedRequest {
        LoggedRequest(
            createdAt: "2026-11-22T00:00:00.000Z", endpoint: "income", model: "rf", version: "1.0.0", abTestID: nil,
            abArm: nil, clientID: nil, input: "{}", label: "<=50K", probability: 0.7, positiveProbability: 0.3,
            latencyMicroseconds: 10, source: "api", tokenSHA256: Digest.sha256(Array(token.utf8)))
    }

    let labels: (String) -> [String]? = { $0 == "income" ? ["<=50K", ">50K"] : nil }

    @Test func appendGivesIncreasingIDsAndUsesWAL() throws {
        try withLog { log in
            let first = try log.append(row(token: "t1"))
            let second = try log.append(row(token: "t2"))
            #expect(first.id == 1)
            #expect(second.id == 2)
            let mode = try log.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
    }

    @Test func firstFeedbackWins() throws {
        try withLog { log in
            let id = try #require(try log.append(row(token: "secret")).id)
            let (outcome, stored) = try log.recordFeedback(
                id: id, token: "secret", label: ">50K.", labelValues: labels, at: "t")
            #expect(outcome == .recorded)
            #expect(stored.feedback == ">50K")
            #expect(
                try log.recordFeedback(id: id, token: "secret", label: ">50K", labelValues: labels, at: "u").0
                    == .unchanged)
            let conflict = try #require(throws: ServingError.self) {
                try log.recordFeedback(id: id, token: "secret", label: "<=50K", labelValues: labels, at: "v")
            }
            #expect(conflict.status.code == 409)
            let after = try log.read { try LoggedRequest.fetchOne($0, key: id) }
            #expect(after?.feedback == ">50K")
            #expect(after?.feedbackAt == "t")
        }
    }

    @Test(arguments: [
        (Int64(1), "wrong", ">50K", 403),
        (Int64(2), "secret", ">50K", 404),
        (Int64(1), "secret", "maybe", 400),
    ])
    func refusesBadFeedback(id: Int64, token: String, label: String, status: Int) throws {
        try withLog { log in
            _ = try log.append(row(token: "secret"))
            let error = try #require(throws: ServingError.self) {
                try log.recordFeedback(id: id, token: token, label: label, labelValues: labels, at: "t")
            }
            #expect(error.status.code == status)
        }
    }

    @Test func unwritableLogIs503() throws {
        let error = try #require(throws: ServingError.self) { try RequestLog(path: "/proc/modelpress/requests.sqlite") }
        #expect(error.status.code == 503)
        #expect(error.description.contains("/proc/modelpress/requests.sqlite"))
    }

    @Test func deploymentDefaultsAndSettings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try Deployment.load(folder: folder.path)
        #expect(plain.snapshotPath == folder.path + "/research/registry/serving.json")
        #expect(plain.databasePath == folder.path + "/var/requests.sqlite")
        #expect(plain.maxBodyBytes == 65536)
        try Data(#"{"database":"/srv/log.sqlite","max_body_bytes":1024}"#.utf8)
            .write(to: folder.appendingPathComponent("deployment.json"))
        let configured = try Deployment.load(folder: folder.path)
        #expect(configured.databasePath == "/srv/log.sqlite")
        #expect(configured.maxBodyBytes == 1024)
        try Data("{".utf8).write(to: folder.appendingPathComponent("deployment.json"))
        #expect(throws: ServingError.self) { try Deployment.load(folder: folder.path) }
    }

    @Test func truncateWALFoldsALargeWALIntoTheDatabaseAndKeepsEveryRow() throws {
        try withLog { log in
            for index in 0..<50 { _ = try log.append(row(token: "t\(index)")) }
            let wal = log.path + "-wal"
            let size = { (try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? -1 }
            let grown = try size()
            #expect(grown > 4096)
            log.truncateWAL(largerThan: grown)
            #expect(try size() == grown, "a WAL no larger than the limit is left alone")
            log.truncateWAL(largerThan: 4096)
            #expect(try size() == 0)
            #expect(try log.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM request") } == 50)
            #expect(try log.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            _ = try log.append(row(token: "after"))
            #expect(try log.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM request") } == 51)
        }
    }
}
