import Basics
import Foundation
import RegistryTestSupport
import Testing

@testable import Registry

@Suite struct FoldTests {
    @Test func pointInTimeSaysWhoPutProductionThere() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        let et = try scratch.registered("income_classifier/extra_trees@1.0.0")
        scratch.clock.set("2026-11-01T11:00:00Z")
        try scratch.registry.setStatus(rf, to: .production, by: "alice", note: "first production model")
        scratch.clock.set("2026-11-02T09:30:00Z")
        try scratch.registry.setStatus(et, to: .production, by: "bob")

        let noon = try #require(Timestamp(parsing: "2026-11-01T12:00Z"))
        let then = try scratch.registry.state(at: noon)
        let production = try #require(then.production(of: "income_classifier"))
        #expect(production.id == rf)
        #expect(production.lastChange?.by == "alice")
        #expect(production.lastChange?.at.description == "2026-11-01T11:00:00Z")
        #expect(production.lastChange?.note == "first production model")

        let before = try scratch.registry.state(at: try #require(Timestamp(parsing: "2026-11-01T10:59:59Z")))
        #expect(before.production(of: "income_classifier") == nil)
        #expect(before.versions.count == 2)

        let now = try scratch.registry.load()
        #expect(now.production(of: "income_classifier")?.id == et)
        #expect(now.production(of: "income_classifier")?.lastChange?.by == "bob")
        #expect(now.versions[rf]?.history.map(\.to) == [.testing, .production, .archived])
    }

    @Test func foldOfTheSameEventsIsTheSameState() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        try scratch.registry.setStatus(rf, to: .staging, by: "alice")
        let state = try scratch.registry.load()
        let refolded = try RegistryState.fold(state.events, definitions: state.definitions)
        #expect(refolded == state)
        #expect(state.lastSeq == 3)
        #expect(state.events.map(\.kind) == [.endpointCreated, .registered, .statusChanged])
    }

    @Test func eventsRoundTripThroughTheirJSONLine() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        for line in try scratch.eventLines() {
            let event = try JSONDecoder().decode(RegistryEvent.self, from: Data(line.utf8))
            #expect(try RegistryEvent.jsonLine(event) == line)
        }
        let first = try #require(try scratch.eventLines().first)
        #expect(
            first
                == #"{"at":"2026-11-01T10:00:00Z","by":"alice","endpoint":"income_classifier","id":"3d25ffbbec0ce3a8","kind":"endpoint_created","owner":"research","tick":1}"#
        )
    }
}

@Suite struct ValueTests {
    @Test(arguments: [
        ("2026-11-01T12:00Z", "2026-11-01T12:00:00Z"), ("2026-11-01T12:00:07Z", "2026-11-01T12:00:07Z"),
        ("2026-11-01T12:00:07.123+00:00", "2026-11-01T12:00:07Z"), ("2026-11-01", "2026-11-01T23:59:59Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"), ("2024-02-29T01:02:03", "2024-02-29T01:02:03Z"),
    ])
    func timestamps(text: String, canonical: String) throws {
        #expect(try #require(Timestamp(parsing: text)).description == canonical)
    }

    @Test(arguments: ["", "2026-13-01", "2026-11-01T25:00Z", "2026-11-01T12:00+02:00", "yesterday"])
    func badTimestamps(text: String) {
        #expect(Timestamp(parsing: text) == nil)
    }

    @Test func actorName() {
        let root = URL(fileURLWithPath: NSTemporaryDirectory())
        #expect(ActorName.resolve(explicit: "alice", root: root) == "alice")
        #expect(!ActorName.resolve(explicit: nil, root: root).isEmpty)
        #expect(ActorName.resolve(explicit: "  ", root: root) != "  ")
    }

    /// The name git puts on the commit as its author: GIT_AUTHOR_NAME over user.name (trial24 #9:
    /// CI's GIT_AUTHOR_NAME=carol recorded user.name's bob), `--by` over both.
    @Test func actorNameIsTheCommitsAuthor() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("actor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for arguments in [["init", "-q"], ["config", "user.name", "bob"]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            git.arguments = arguments
            git.currentDirectoryURL = root
            try git.run()
            git.waitUntilExit()
            #expect(git.terminationStatus == 0, "\(arguments)")
        }
        #expect(ActorName.resolve(explicit: nil, root: root, environment: [:]) == "bob")
        #expect(ActorName.resolve(explicit: nil, root: root, environment: ["GIT_AUTHOR_NAME": "carol"]) == "carol")
        #expect(ActorName.resolve(explicit: nil, root: root, environment: ["GIT_AUTHOR_NAME": " "]) == "bob")
        #expect(ActorName.resolve(explicit: "alice", root: root, environment: ["GIT_AUTHOR_NAME": "carol"]) == "alice")
    }
}
