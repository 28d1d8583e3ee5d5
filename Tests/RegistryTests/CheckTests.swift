import Foundation
import RegistryTestSupport
import Testing

@testable import Registry

@Suite struct CheckTests {
    static let created =
        #"{"at":"2026-11-01T10:00:00Z","by":"alice","endpoint":"income_classifier","kind":"endpoint_created","owner":"research","seq":1}"#

    /// A `status_changed` line in the single-file log's form: `seq` becomes its id and tick.
    static func change(
        _ seq: Int, _ at: String, model: String = "random_forest", from: String, to: String,
        endpoint: String = "income_classifier"
    ) -> String {
        #"{"at":"\#(at)","by":"bob","endpoint":"\#(endpoint)","from":"\#(from)","kind":"status_changed","model":"\#(model)","seq":\#(seq),"to":"\#(to)","version":"1.0.0"}"#
    }

    /// A registry with the endpoint and random_forest 1.0.0 registered (ticks 1 and 2).
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
        let events = try scratch.eventFiles().map { scratch.eventsFolder.appendingPathComponent($0) }
        for file in [endpoint] + events {
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
                "events/line-3.json:1: bad JSON: column 2: expected a key in quotes",
                "events/line-4.json:1: bad JSON: column 1: missing key 'at'",
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
                "events/20261101T100000Z-3.json: unknown version income_classifier/nope@1.0.0: it was never registered",
                "events/20261101T100000Z-4.json: unknown endpoint 'other' (no endpoint_created event or no endpoints/other.json)",
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
                "events/20261101T100000Z-4.json: illegal transition for income_classifier/random_forest@1.0.0: production → testing (from production a version may go to staging, archived); it cannot hold together with events/20261101T100000Z-3.json; "
                    + Self.keepOne("events/20261101T100000Z-4.json", "income_classifier/random_forest@1.0.0 testing"),
                "events/20261101T100000Z-5.json: status change for income_classifier/random_forest@1.0.0 starts from testing, but the version is production at this point; it cannot hold together with events/20261101T100000Z-3.json; "
                    + Self.keepOne("events/20261101T100000Z-5.json", "income_classifier/random_forest@1.0.0 ab_testing"),
            ])
    }

    /// The resolution `registry check` prints for a refused status change.
    static func keepOne(_ file: String, _ redo: String) -> String {
        "keep one: remove this event (and the events written with it) from its branch with `git rm \(file)` and, "
            + "if still wanted, make the change again on the merged registry with `modelpress status \(redo)`"
    }

    @Test func orderIsTimeThenTickNotTheFileList() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        // Dated before the endpoint it needs: it folds first and is refused.
        let found = try problems(
            scratch, [Self.created, registered, Self.change(3, "2026-10-31T23:00:00Z", from: "testing", to: "staging")])
        #expect(
            found == [
                "events/20261031T230000Z-3.json: unknown endpoint 'income_classifier' (no endpoint_created event or no endpoints/income_classifier.json)"
            ])
        // Same second: the lower tick comes first, whatever the names.
        let ordered = try problems(
            scratch,
            [
                Self.created, registered, Self.change(4, "2026-11-01T10:00:00Z", from: "staging", to: "production"),
                Self.change(3, "2026-11-01T10:00:00Z", from: "testing", to: "staging"),
            ])
        #expect(ordered == [])
        #expect(
            try scratch.registry.load().versions[vid("income_classifier/random_forest@1.0.0")]?.status == .production)
    }

    @Test func repeatedIDsAndEditedOrMisnamedEvents() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        let found = try problems(
            scratch,
            [
                Self.created, registered, Self.change(3, "2026-11-01T10:00:00Z", from: "testing", to: "staging"),
                Self.change(3, "2026-11-01T11:00:00Z", from: "staging", to: "production"),
            ])
        #expect(
            found == [
                "events/20261101T110000Z-3.json: event id 3 is used twice (first by events/20261101T100000Z-3.json); every event has its own id, remove the copy"
            ])
        // An event written since the migration carries the digest of its content as its id.
        try scratch.writeEvents([Self.created, registered])
        let name = try #require(try scratch.eventFiles().last)
        let file = scratch.eventsFolder.appendingPathComponent(name)
        let original = try String(contentsOf: file, encoding: .utf8)
        try original.replacingOccurrences(of: #""by":"bob""#, with: #""by":"mallory""#).write(
            to: file, atomically: true, encoding: .utf8)
        let edited = scratch.registry.check().map(\.description)
        #expect(edited.count == 1)
        #expect(edited.first?.contains("it was edited after it was written") == true, "\(edited)")
        try original.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(at: file, to: scratch.eventsFolder.appendingPathComponent("renamed.json"))
        #expect(
            scratch.registry.check().map(\.description) == [
                "\(scratch.eventsFolder.path)/renamed.json: the event's file must be named \(name) (its time and id); rename it with `git mv`"
            ])
    }

    @Test func aSingleFileLogIsReadAndMigratedByTheCommand() throws {
        let (scratch, registered) = try setUp()
        defer { scratch.remove() }
        _ = try scratch.registry.setStatus(vid("income_classifier/random_forest@1.0.0"), to: .staging, by: "bob")
        let before = try scratch.registry.load()
        // The log as it was before one file per event: one line per event, numbered by seq.
        let legacy = [Self.created, registered, Self.change(3, "2026-11-01T10:00:00Z", from: "testing", to: "staging")]
            .map { $0.replacingOccurrences(of: #""id":"[0-9a-f]{16}","#, with: "", options: .regularExpression) }
            .map { $0.replacingOccurrences(of: #""tick":2"#, with: #""seq":2"#) }
        try FileManager.default.removeItem(at: scratch.eventsFolder)
        try Data((legacy.joined(separator: "\n") + "\n").utf8).write(
            to: scratch.registryFolder.appendingPathComponent("events.jsonl"))
        #expect(
            scratch.registry.check().map(\.description) == [
                "\(scratch.registryFolder.path)/events.jsonl: the event log is still one file; run `modelpress registry migrate` and commit the result"
            ])
        #expect(try scratch.registry.load().versions == before.versions)
        #expect(throws: RegistryError.self) {
            try scratch.registry.setStatus(vid("income_classifier/random_forest@1.0.0"), to: .production, by: "bob")
        }
        #expect(try scratch.registry.migrate() == 3)
        #expect(try scratch.registry.migrate() == 0)
        #expect(scratch.registry.check().isEmpty)
        #expect(
            try scratch.eventFiles() == [
                "20261101T100000Z-1.json", "20261101T100000Z-2.json", "20261101T100000Z-3.json",
            ])
        #expect(try scratch.registry.load().events.map(\.id) == ["1", "2", "3"])
        #expect(
            !FileManager.default.fileExists(atPath: scratch.registryFolder.appendingPathComponent("events.jsonl").path))
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
                "events/20261101T100000Z-5.json: income_classifier/extra_trees@1.0.0 cannot become production while income_classifier/random_forest@1.0.0 is production; archive it first (modelpress status does this); it cannot hold together with events/20261101T100000Z-4.json; "
                    + Self.keepOne("events/20261101T100000Z-5.json", "income_classifier/extra_trees@1.0.0 production")
            ])
    }

    @Test func badEndpointFile() throws {
        let (scratch, _) = try setUp()
        defer { scratch.remove() }
        try Data("{\"name\": 3}".utf8).write(to: scratch.registryFolder.appendingPathComponent("endpoints/broken.json"))
        let prefix = scratch.registryFolder.path + "/"
        let found = scratch.registry.check().map { $0.description.replacingOccurrences(of: prefix, with: "") }
        #expect(found == ["endpoints/broken.json:1: bad JSON: column 10: 'name' is not a string"])
        try FileManager.default.removeItem(at: scratch.registryFolder.appendingPathComponent("endpoints/broken.json"))
        // serving.json is derived and not committed: a stale one is no problem of the registry.
        try Data("{}\n".utf8).write(to: scratch.registry.servingFile)
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
        #expect(problems.map(\.line) == [1])
        #expect(try scratch.eventFiles().count == 3)
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
