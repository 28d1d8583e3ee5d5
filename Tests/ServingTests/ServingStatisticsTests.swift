import Basics
import Foundation
import Models
import Testing

@testable import Serving

@Suite struct ServingStatisticsTests {
    let labels: (String) -> [String]? = { _ in ["<=50K", ">50K"] }

    func request(
        _ day: String, model: String = "rf", latency: Int, label: String = "<=50K", source: String = "api",
        abTestID: Int? = nil, token: String
    ) -> LoggedRequest {
        LoggedRequest(
            createdAt: "\(day)T12:00:00.000Z", endpoint: "income", model: model, version: "1.0.0",
            abTestID: abTestID, abArm: abTestID == nil ? nil : "A", clientID: nil, input: "{}", label: label,
            probability: 0.7, positiveProbability: label == ">50K" ? 0.7 : 0.3, latencyMicroseconds: latency,
            source: source, tokenSHA256: Digest.sha256(Array(token.utf8)))
    }

    @Test func countsPerDayLatencyPercentilesAndFeedbackAccuracy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("requests.sqlite").path
        let log = try RequestLog(path: path)
        // 100 single predictions of rf on two days with latencies 1…100 µs, 3 batch rows that
        // must not count towards latency, 2 A/B rows, and one request of another model.
        for latency in 1...100 {
            let day = latency <= 60 ? "2026-11-20" : "2026-11-22"
            _ = try log.append(request(day, latency: latency, abTestID: latency <= 2 ? 7 : nil, token: "t\(latency)"))
        }
        for index in 0..<3 {
            _ = try log.append(request("2026-11-22", latency: 900_000, source: "job:abc", token: "j\(index)"))
        }
        _ = try log.append(request("2026-11-21", model: "gb", latency: 5, token: "g"))
        // Feedback: 4 agree with the label, 1 does not.
        for id in 1...4 {
            _ = try log.recordFeedback(id: Int64(id), token: "t\(id)", label: "<=50K.", labelValues: labels, at: "x")
        }
        _ = try log.recordFeedback(id: 5, token: "t5", label: ">50K", labelValues: labels, at: "x")

        let statistics = try RequestLog(path: path, readOnly: true).servingStatistics()
        #expect(statistics.path == path)
        #expect(statistics.versions.count == 2)
        let rf = try #require(statistics.versions[VersionID(endpoint: "income", model: "rf", version: "1.0.0")])
        #expect(rf.requests == 103)
        #expect(rf.jobRows == 3)
        #expect(rf.abTestRequests == 2)
        #expect(rf.feedback == 5)
        #expect(rf.correct == 4)
        #expect(
            rf.days == [
                .init(day: "2026-11-20", requests: 60, feedback: 5),
                .init(day: "2026-11-22", requests: 43, feedback: 0),
            ])
        let latency = try #require(rf.latency)
        #expect(latency.count == 100)
        #expect(latency.p50 == 50)
        #expect(latency.p90 == 90)
        #expect(latency.p99 == 99)
        #expect(latency.maximum == 100)
        let gb = try #require(statistics.versions[VersionID(endpoint: "income", model: "gb", version: "1.0.0")])
        #expect(gb.requests == 1)
        #expect(gb.latency?.p99 == 5)
        #expect(gb.feedback == 0)
    }

    @Test func aFileThatIsNotALogIsA503NamingIt() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("not a database".utf8).write(to: file)
        #expect {
            try RequestLog(path: file.path, readOnly: true).servingStatistics()
        } throws: { error in
            (error as? ServingError)?.description.contains(file.path) == true
        }
    }
}
