import Foundation
import RegistryTestSupport
import Testing

@testable import Registry

@Suite struct CheckTests {
    static let created =
        #"{"at":"2026-11-01T10:00:00Z","by":"alice","endpoint":"income_classifier","kind":"endpoint_created","owner":"research","seq":1}"#

    /// A `status_changed` line.
    static func change(
        _ seq: Int, _ at: String, model: String = "random_forest", from: String, to: String,
        endpoint: String = "income_classifier"
    ) -> String {
        #"{"at":"\#(at)","by":"bob","endpoint":"\#(endpoint)","from":"\#(from)","kind":"status_changed","model":"\#(model)","seq":\#(seq),"to":"\#(to)","version":"1.0.0"}"#
    }

    /// A registry with the endpoint and random_forest 1.0.0 registered (lines 1 and 2).
    func setUp() throws -> (Scratch, String) {
        let scratch = try Scratch().withEndpoint()
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        let registered = try #require(try scratch.eventLines().last)
        return (scratch, registered)
    }

    func problems(_ scratch: Scratch, _ lines: [String]) throws -> [String] {
        try scratch.writeEvents(lines)
        let prefix = scratch.registryFolder.path + "/"
        return scratch.registry.check().map { $0.description.replacingOccurrences(of: prefix, with: "") }
    }

    @Test func soundRegistryHasNoProblems() throws {
        let (scratch, _) = try setUp()
        defer { scratch.remove() }
        #expect(scratch.registry.check().isEmpty)
    }

    @Test func filesSavedOnWindowsRead() throws {
        let (scratch, _) = try setUp()
        defer { scratch.remove() }
        let before = try scratch.registry.load()
        let endpoint = scratch.registryFolder.appendingPathComponent("endpoints/income_classifier.json")
        for file in [endpoint, scratch.registryFolder.appendingPathComponent("events.jsonl")] {
            let text = try String(contentsOf: file, encoding: .utf8)
            try Data(("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")).utf8).write(to: file)
        }
        #expect(scratch.registry.check().isEmpty)
        #expect(try scratch.registry.load() == before)
        #expect(try EndpointDefinition.read(from: endpoint) == Scratch.definition)
    }

    @Test func badJSON() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        let found = try problems(scratch, [Self.created, registered, "{not json", #"{"seq":3}"#])
        #expect(
            found == [
                "events.jsonl:3: bad JSON: not valid JSON",
                "events.jsonl:4: bad JSON: missing key 'at'",
            ])
    }

    @Test func unknownVersionAndEndpoint() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        let found = try problems(
            scratch,
            [
                Self.created, registered,
                Self.change(3, "2026-11-01T10:00:00Z", model: "nope", from: "testing", to: "staging"),
                Self.change(4, "2026-11-01T10:00:00Z", from: "testing", to: "staging", endpoint: "other"),
            ])
        #expect(
            found == [
                "events.jsonl:3: unknown version income_classifier/nope@1.0.0: it was never registered",
                "events.jsonl:4: unknown endpoint 'other' (no endpoint_created event or no endpoints/other.json)",
            ])
    }

    @Test func illegalTransition() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        let found = try problems(
            scratch,
            [
                Self.created, registered, Self.change(3, "2026-11-01T10:00:00Z", from: "testing", to: "production"),
                Self.change(4, "2026-11-01T10:00:00Z", from: "production", to: "testing"),
                Self.change(5, "2026-11-01T10:00:00Z", from: "testing", to: "ab_testing"),
            ])
        #expect(
            found == [
                "events.jsonl:4: illegal transition for income_classifier/random_forest@1.0.0: production → testing (from production a version may go to staging, archived)",
                "events.jsonl:5: status change for income_classifier/random_forest@1.0.0 starts from testing, but the version is production at this point",
            ])
    }

    @Test func timeGoingBackwards() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        let found = try problems(
            scratch, [Self.created, registered, Self.change(3, "2026-10-31T23:00:00Z", from: "testing", to: "staging")])
        #expect(
            found == [
                "events.jsonl:3: time goes backwards: 2026-10-31T23:00:00Z is earlier than the previous event's 2026-11-01T10:00:00Z"
            ])
    }

    @Test func repeatedAndMissingSequenceNumbers() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        let found = try problems(
            scratch,
            [
                Self.created, registered, Self.change(2, "2026-11-01T10:00:00Z", from: "testing", to: "staging"),
                Self.change(5, "2026-11-01T10:00:00Z", from: "testing", to: "staging"),
            ])
        #expect(
            found == [
                "events.jsonl:3: repeated sequence number 2 (first used on line 2)",
                "events.jsonl:4: sequence numbers 3…4 are missing (found 5)",
            ])
    }

    @Test func twoProductionVersions() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/extra_trees@1.0.0")
        let lines = try scratch.eventLines()
        let found = try problems(
            scratch,
            [
                Self.created, registered, lines[2],
                Self.change(4, "2026-11-01T10:00:00Z", from: "testing", to: "production"),
                Self.change(5, "2026-11-01T10:00:00Z", model: "extra_trees", from: "testing", to: "production"),
            ])
        #expect(
            found == [
                "events.jsonl:5: income_classifier/extra_trees@1.0.0 cannot become production while income_classifier/random_forest@1.0.0 is production; archive it first (modelpress status does this)"
            ])
    }

    @Test func badEndpointFileAndStaleSnapshot() throws {
        let (scratch, _) = try setUp()
        defer { scratch.remove() }
        try Data("{\"name\": 3}".utf8).write(to: scratch.registryFolder.appendingPathComponent("endpoints/broken.json"))
        let prefix = scratch.registryFolder.path + "/"
        let found = scratch.registry.check().map { $0.description.replacingOccurrences(of: prefix, with: "") }
        #expect(found == ["endpoints/broken.json:1: bad JSON: 'name' is not a string"])
        try FileManager.default.removeItem(at: scratch.registryFolder.appendingPathComponent("endpoints/broken.json"))
        try Data("{}\n".utf8).write(to: scratch.registry.servingFile)
        #expect(scratch.registry.check().map(\.line) == [nil])
        #expect(
            scratch.registry.check().first?.description
                == "\(scratch.registryFolder.path)/serving.json: the serving snapshot is out of date; any registry write (or `modelpress registry check --fix`) rewrites it"
        )
        try scratch.registry.rewriteServingSnapshot()
        #expect(scratch.registry.check().isEmpty)
    }

    @Test func writesAreRefusedWhileTheRegistryHasProblems() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        try scratch.writeEvents([Self.created, registered, "{oops"])
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(vid("income_classifier/random_forest@1.0.0"), to: .staging, by: "bob")
        }
        guard case .inconsistent(let problems) = error.reason else {
            Issue.record("expected .inconsistent, got \(error)")
            return
        }
        #expect(problems.map(\.line) == [3])
        #expect(try scratch.eventLines().count == 3)
    }

    @Test func endpointFileWithoutEvent() throws {
        let (scratch, _) = try setUp()
        defer { scratch.remove() }
        var other = Scratch.definition
        other.name = "churn"
        try JSONEncoder().encode(other).write(to: scratch.registryFolder.appendingPathComponent("endpoints/churn.json"))
        let prefix = scratch.registryFolder.path + "/"
        #expect(
            scratch.registry.check().map { $0.description.replacingOccurrences(of: prefix, with: "") } == [
                "endpoints/churn.json: endpoint 'churn' has a definition file but no endpoint_created event; add it with `modelpress registry add-endpoint`"
            ])
    }

    @Test func alteredArtifactIsFoundByVerify() throws {
        let (scratch, _) = try setUp()
        defer { scratch.remove() }
        #expect(scratch.registry.verifyArtifacts().isEmpty)
        let path = "research/artifacts/income_classifier/random_forest/1.0.0/model.bin"
        try Data("tampered".utf8).write(to: scratch.root.appendingPathComponent(path))
        let problems = scratch.registry.verifyArtifacts()
        #expect(problems.count == 1)
        #expect(
            problems.first?.description.hasPrefix(
                "\(path): income_classifier/random_forest@1.0.0's model file was altered") == true)
    }

    @Test func writingWithoutARegistryIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let error = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(vid("income_classifier/random_forest@1.0.0"), to: .staging, by: "bob")
        }
        #expect(error.reason == .noRegistry)
        #expect(!FileManager.default.fileExists(atPath: scratch.registryFolder.path))
    }
}
