import Basics
import Foundation
import GRDB
import Models
import Testing

@testable import Serving

/// `RequestLog.abTallies`: what an A/B stop counts from the log.
@Suite struct RequestLogABTests {
    let arms = [
        (arm: "A", version: VersionID(endpoint: "income", model: "rf", version: "1.0.0")),
        (arm: "B", version: VersionID(endpoint: "income", model: "gbt", version: "1.0.0")),
    ]
    let startedAt = Timestamp(parsing: "2026-11-22T10:00:00Z") ?? .now

    func row(
        _ model: String, arm: String?, test: Int? = 3, label: String = ">50K", at: String = "2026-11-22T10:00:00.500Z"
    ) -> LoggedRequest {
        LoggedRequest(
            createdAt: at, endpoint: "income", model: model, version: "1.0.0", abTestID: test, abArm: arm,
            clientID: nil, input: "{}", label: label, probability: 0.7, positiveProbability: 0.7,
            latencyMicroseconds: 10, source: "api", tokenSHA256: Digest.sha256(Array("token".utf8)))
    }

    @Test func countsServedFeedbackAndCorrectPerArmOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ablog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try RequestLog(path: folder.appendingPathComponent("requests.sqlite").path)
        let labels: (String) -> [String]? = { _ in ["<=50K", ">50K"] }
        func feedback(_ row: LoggedRequest, _ label: String) throws {
            _ = try log.recordFeedback(
                id: try #require(row.id), token: "token", label: label, labelValues: labels, at: "t")
        }
        // Arm A: three served, two with feedback (one right, one wrong, given as `>50K.`).
        try feedback(try log.append(row("rf", arm: "A")), ">50K.")
        try feedback(try log.append(row("rf", arm: "A")), "<=50K")
        _ = try log.append(row("rf", arm: "A"))
        // Arm B: one served, with right feedback.
        try feedback(try log.append(row("gbt", arm: "B", label: "<=50K")), "<=50K")
        // Not part of the test: pinned, another test, another version, before the start.
        try feedback(try log.append(row("rf", arm: nil, test: nil)), ">50K")
        try feedback(try log.append(row("rf", arm: "A", test: 2)), ">50K")
        try feedback(try log.append(row("gbt", arm: "A")), ">50K")
        try feedback(try log.append(row("rf", arm: "A", at: "2026-11-22T09:59:59.900Z")), ">50K")

        let tallies = try log.abTallies(testID: 3, arms: arms, startedAt: startedAt)
        // With feedback by true and predicted label (trial22 #10), the normalised `>50K.` as `>50K`.
        #expect(
            tallies["A"]
                == ABArmTally(
                    requests: 3, withFeedback: 2, correct: 1,
                    outcomes: [
                        .init(truth: "<=50K", predicted: ">50K", count: 1),
                        .init(truth: ">50K", predicted: ">50K", count: 1),
                    ]))
        #expect(
            tallies["B"]
                == ABArmTally(
                    requests: 1, withFeedback: 1, correct: 1,
                    outcomes: [.init(truth: "<=50K", predicted: "<=50K", count: 1)]))
    }
}
