import Foundation
import RegistryTestSupport
import Scoring
import Snapshot
import Testing

@testable import Registry

/// The serving snapshot and the site's API files, checked against files kept in
/// Snapshots/ (re-record on purpose with `RECORD_SNAPSHOTS=1 swift test --filter RegistryTests`).
@Suite struct ServingAndAPITests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    /// A registry with a history: two versions, a promotion, a finished A/B test, an archive.
    func history() throws -> Scratch {
        let scratch = try Scratch().withEndpoint()
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        let gb = try scratch.registered("income_classifier/gradient_boosting@1.0.0")
        let et = try scratch.registered("income_classifier/extra_trees@1.0.0")
        scratch.clock.set("2026-11-01T11:00:00Z")
        try scratch.registry.setStatus(rf, to: .production, by: "alice", note: "best ROC AUC")
        scratch.clock.set("2026-11-02T08:00:00Z")
        let test = try scratch.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "dana")
        scratch.clock.set("2026-11-03T08:00:00Z")
        let summary = ABTestSummary(
            arms: [
                .init(
                    arm: "A", requests: 1000, withFeedback: 800, correct: 680, accuracy: 0.85, accuracyLow: 0.82,
                    accuracyHigh: 0.87),
                .init(
                    arm: "B", requests: 1000, withFeedback: 800, correct: 688, accuracy: 0.86, accuracyLow: 0.83,
                    accuracyHigh: 0.88),
            ], pValue: 0.57, minimumSampleSize: 400, significant: false,
            decision: "No significant difference; nothing promoted.")
        try scratch.registry.stopABTest(id: test.id, winner: nil, summary: summary, by: "dana")
        try scratch.registry.setStatus(et, to: .archived, by: "alice")
        _ = gb
        return scratch
    }

    func compare(_ data: Data, to name: String) throws {
        let url = Self.snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let expected = try #require(FileManager.default.contents(atPath: url.path), "missing snapshot \(name)")
        #expect(String(decoding: data, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(name)")
    }

    @Test func servingSnapshotListsServableVersions() throws {
        let scratch = try history()
        defer { scratch.remove() }
        let data = try #require(FileManager.default.contents(atPath: scratch.registry.servingFile.path))
        try compare(data, to: "serving.json")
        let snapshot = try ServingSnapshot.read(from: scratch.registry.servingFile)
        let endpoint = try #require(snapshot.endpoints["income_classifier"])
        #expect(endpoint.versions.map(\.model) == ["gradient_boosting", "random_forest"])
        #expect(endpoint.production?.version == "1.0.0")
        #expect(endpoint.version(model: "gradient_boosting", version: "1.0.0")?.status == .testing)
        #expect(endpoint.schema.labelValues == ["<=50K", ">50K"])
        #expect(endpoint.abTest == nil)
        // An archived version is named, so a pin of it is told it is archived (trial18 #6).
        #expect(endpoint.archived == ["extra_trees@1.0.0"])
        #expect(snapshot.seq == 10)
        #expect(snapshot.encoded() == data)
    }

    /// Each version's training ranges (trial24 #1) read back as written; a version without any
    /// writes no key, so snapshots of such versions keep their bytes.
    @Test func trainingProfileReadBackAndAreLeftOutWhenNone() throws {
        let ranged = ServingSnapshot.Version(
            model: "gbt", version: "1.1.0", status: .production, artifact: "a/model.bin", sha256: "00", size: 1,
            trainingProfile: TrainingProfile(ranges: ["area": 5.2...306.4, "rooms": 1...8]))
        var plain = ranged
        plain.version = "1.0.0"
        plain.trainingProfile = TrainingProfile()
        let snapshot = ServingSnapshot(
            seq: 3,
            endpoints: [
                "rent": .init(
                    schema: Schema(fields: [], label: "rent", labelValues: []), versions: [plain, ranged], abTest: nil)
            ])
        let data = snapshot.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""training_ranges":{"area":[5.2,306.4],"rooms":[1,8]}"#), "\(text)")
        #expect(text.components(separatedBy: "training_ranges").count == 2, "\(text)")
        #expect(try ServingSnapshot.decode(Array(data), file: "serving.json") == snapshot)
    }

    @Test func damagedSnapshotSaysLineAndColumn() throws {
        let scratch = try history()
        defer { scratch.remove() }
        let file = scratch.registry.servingFile
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: #""seq":10"#, with: #""seq":"ten""#)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: ServingSnapshot.ReadError.self) { try ServingSnapshot.read(from: file) }
        let column = try #require(text.range(of: #""ten""#)).lowerBound.utf16Offset(in: text) + 1
        #expect(error.description == "\(file.path):1: bad JSON: column \(column): expected a number")
        text = text.replacingOccurrences(of: #","seq":"ten""#, with: "")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let missing = try #require(throws: ServingSnapshot.ReadError.self) { try ServingSnapshot.read(from: file) }
        #expect(missing.description.hasSuffix(#"the object ending here has no "seq""#))
    }

    @Test func apiFilesAreDeterministic() throws {
        let scratch = try history()
        defer { scratch.remove() }
        let state = try scratch.registry.load()
        let files = ReadAPI.files(for: state)
        #expect(
            files.keys.sorted() == [
                "api/v1/abtests.json", "api/v1/endpoints.json", "api/v1/models.json", "api/v1/statuses.json",
            ])
        for (path, data) in files {
            try compare(data, to: URL(fileURLWithPath: path).lastPathComponent)
        }
        let again = ReadAPI.files(for: try RegistryState.fold(state.events, definitions: state.definitions))
        #expect(again == files)
    }

    @Test func historyIsReadableAsSummaries() throws {
        let scratch = try history()
        defer { scratch.remove() }
        let state = try scratch.registry.load()
        try compare(
            Data(
                (state.events.map { "\($0.id) \($0.at) \($0.by) \($0.summary(in: state))" }.joined(separator: "\n")
                    + "\n").utf8),
            to: "history.txt")
        try compare(Data((try scratch.eventFiles().joined(separator: "\n") + "\n").utf8), to: "event-files.txt")
        try compare(Data((try scratch.eventLines().joined(separator: "\n") + "\n").utf8), to: "events.jsonl")
    }
}
