import Basics
import Foundation
import Models
import RegistryTestSupport
import Testing

@testable import Registry

/// What a team sees while it resolves a merge of two branches' registry changes: problems
/// named at their cause, the state readable around them, and no endpoint file that silently
/// stops matching a registered version.
@Suite struct MergeResolutionTests {
    typealias Repository = TeamMergeTests.Repository

    /// The team's main branch (`TeamMergeTests.base()`): the endpoint, three versions, random
    /// forest in production.
    let team = TeamMergeTests()
    var rf: VersionID { team.rf }
    var gb: VersionID { team.gb }
    var et: VersionID { team.et }

    func base() throws -> Repository { try team.base() }

    /// The scratch schema with `sex` taking one more category.
    func schema(withCategory category: String) -> Schema {
        var schema = Scratch.schema
        schema.fields[1].categories.append(category)
        return schema
    }

    @Test func anEndpointFileResolvedByTakingOneSideIsReportedAndStopsThePromotion() throws {
        let repository = try base()
        let scratch = repository.scratch
        defer { scratch.remove() }
        let alice = vid("income_classifier/alice_model@1"), bob = vid("income_classifier/bob_model@1")
        for (id, category) in [(alice, "Other"), (bob, "Unknown")] {
            try repository.branch(id.model, at: "2026-11-05T09:00:00Z", "\(id.model) registers") {
                try scratch.makeArtifact(id, schema: schema(withCategory: category))
                _ = try scratch.registry.register(id, by: id.model)
            }
        }
        try repository.merge("alice_model")
        // Both registrations extended the endpoint file: git cannot merge it.
        #expect(throws: Repository.GitFailed.self) { try repository.merge("bob_model") }

        let endpointFile = scratch.definitionFile.path
        let conflicted = scratch.registry.check()
        let markers = try #require(conflicted.first)
        #expect(markers.file == endpointFile)
        #expect(markers.reason == .mergeConflictMarkers(line: try #require(markers.line)))
        #expect(
            markers.description.contains("git conflict markers") && markers.description.contains("resolve the merge"))
        #expect(!conflicted.contains { $0.description.contains("bad JSON") })
        // Every event of the endpoint is fine; each says it follows from the file.
        #expect(conflicted.dropFirst().allSatisfy { $0.reason == .endpointFileUnreadable("income_classifier") })

        // Resolved by taking bob's side: alice_model's category is gone from the endpoint.
        try repository.git("checkout", "--theirs", "--", "research/registry/endpoints/income_classifier.json")
        let problems = scratch.registry.check()
        #expect(problems.count == 1, "\(problems)")
        let mismatch = try #require(problems.first)
        #expect(mismatch.file == endpointFile)
        #expect(
            mismatch.reason
                == .schemaNoLongerFits(alice, differences: ["field 'sex' lacks the version's categories 'Other'"]))
        let refused = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(alice, to: .production, by: "alice")
        }
        #expect(refused.description.contains("alice_model@1 was registered with a schema"))
        #expect(try scratch.registry.load().versions[alice]?.status == .testing)

        // The endpoint file made to cover both versions again.
        var definition = try JSONCoding.decoder.decode(
            EndpointDefinition.self, from: Data(contentsOf: scratch.definitionFile))
        definition.schema.fields[1].categories.append("Other")
        try JSONCoding.prettyData(definition).write(to: scratch.definitionFile)
        #expect(scratch.registry.check() == [])
        try scratch.registry.setStatus(alice, to: .production, by: "alice")
    }

    @Test func aVersionRegisteredOnBothBranchesNamesTheOtherRegistrationAndAsksForANewVersion() throws {
        let repository = try base()
        let scratch = repository.scratch
        defer { scratch.remove() }
        let twin = vid("income_classifier/twin@1.2.0")
        var files: [String: [String]] = [:]
        for (branch, (time, bytes)) in [
            ("c1", ("2026-11-05T09:00:00Z", "thirty")), ("c2", ("2026-11-05T10:00:00Z", "seventy")),
        ] {
            try repository.branch(branch, at: time, "\(branch): twin and an A/B test") {
                let before = Set(try scratch.eventFiles())
                try scratch.makeArtifact(twin, bytes: bytes)
                _ = try scratch.registry.register(twin, by: branch)
                try scratch.registry.startABTest(
                    endpoint: "income_classifier", a: rf, b: twin, title: branch, by: branch)
                files[branch] = Set(try scratch.eventFiles()).subtracting(before).sorted()
            }
        }
        try repository.merge("c1")
        // The artifacts conflict in git (add/add); keep c1's, as the user did.
        #expect(throws: Repository.GitFailed.self) { try repository.merge("c2") }
        try repository.git("checkout", "--ours", "--", "research/artifacts")
        try repository.git("add", "-A")

        func path(_ name: String) -> String { scratch.eventsFolder.path + "/" + name }
        let reading = try scratch.registry.read()
        let c1 = try #require(files["c1"]), c2 = try #require(files["c2"])
        let kinds = { (name: String) in reading.state.events.first { path(name).hasSuffix($0.fileName) }?.kind }
        let c1Registered = try #require(c1.first { kinds($0) == .registered })
        let c1Started = try #require(c1.first { kinds($0) == .abStarted })
        let problems = scratch.registry.check()
        #expect(problems.count == 3, "\(problems)")
        let registration = try #require(
            problems.first { $0.description.contains("already registered with other facts") })
        #expect(registration.description.contains("cannot hold together with \(path(c1Registered)) (commit "))
        #expect(registration.description.contains("give the other pipeline a new version"))
        #expect(!registration.description.contains("modelpress register"))
        let start = try #require(problems.first { $0.description.contains("already runs A/B test") })
        #expect(start.description.contains("cannot hold together with \(path(c1Started)) (commit "))
        let startFile = try #require(start.file)
        let following = try #require(problems.first { $0.description.contains("this follows from") })
        #expect(following.description.contains("this follows from \(startFile), which starts its A/B test"))
        #expect(Set(problems.compactMap(\.file)) == Set(c2.map(path)))
        // The state reads around them: c2's events are the ones left out.
        #expect(Set(reading.refused.map(\.event.fileName)) == Set(c2))
        #expect(reading.state.versions[twin]?.status == .abTesting)
    }

    @Test func aRemovedEventIsReportedFirstAndWhatFollowsKeepsItsEvents() throws {
        let repository = try Repository()
        let scratch = repository.scratch
        defer { scratch.remove() }
        try scratch.withEndpoint()
        _ = try scratch.registered(rf.description)
        scratch.clock.set("2026-11-01T11:00:00Z")
        try scratch.registry.setStatus(rf, to: .staging, by: "alice")
        scratch.clock.set("2026-11-01T12:00:00Z")
        try scratch.registry.setStatus(rf, to: .production, by: "alice")
        try repository.commit("main")
        try repository.checkout("tamper", new: true)
        let staging = try #require(try scratch.eventFiles().dropLast().last)
        try repository.git("rm", "-q", "research/registry/events/\(staging)")
        try repository.commit("remove an event")

        let problems = scratch.registry.check(since: "main")
        #expect(problems.count == 2, "\(problems)")
        guard case .rewrittenSince(_, _, "removed", _)? = problems.first?.reason else {
            Issue.record("the removal is not reported first: \(problems)")
            return
        }
        let consequence = try #require(problems.last)
        guard
            case .followsFromRewrite(.wrongFromStatus(rf, recorded: .staging, actual: .testing), "main") =
                consequence.reason
        else {
            Issue.record("the promotion is not marked as following from the removal: \(consequence)")
            return
        }
        #expect(!problems.contains { $0.description.contains("git rm") })
    }

    @Test func readingCommandsSeeTheStateAroundAConflict() throws {
        let repository = try base()
        let scratch = repository.scratch
        defer { scratch.remove() }
        try repository.branch("alice", at: "2026-11-05T09:00:00Z", "alice promotes boosting") {
            try scratch.registry.setStatus(gb, to: .production, by: "alice")
        }
        try repository.branch("bob", at: "2026-11-05T10:00:00Z", "bob promotes extra trees") {
            try scratch.registry.setStatus(et, to: .production, by: "bob")
        }
        try repository.merge("alice")
        try repository.merge("bob")

        let error = try #require(throws: RegistryError.self) { try scratch.registry.load() }
        guard case .unreadable(let problems) = error.reason else {
            Issue.record("expected .unreadable, got \(error)")
            return
        }
        #expect(!error.description.contains("nothing was written"))
        // Each problem once, in the list the sentence introduces.
        for problem in problems {
            #expect(error.description.components(separatedBy: problem.description).count == 2)
        }
        let reading = try scratch.registry.read()
        #expect(reading.problems.count == problems.count)
        #expect(reading.state.production(of: "income_classifier")?.id == gb)
        #expect(reading.refused.allSatisfy { $0.event.by == "bob" } && reading.refused.count == 2)
        #expect(reading.troubledEndpoints == ["income_classifier"])
        let write = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(rf, to: .archived, by: "carol")
        }
        #expect(write.description.contains("nothing was written"))
    }

    @Test func aNewRegistryAndAMigratedOneIgnoreTheirDerivedFiles() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let ignore = scratch.registryFolder.appendingPathComponent(".gitignore")
        #expect(try String(contentsOf: ignore, encoding: .utf8) == ".lock\n.*.tmp\nserving.json\n")
        // A registry from before serving.json was derived: its own lines stay, the missing are added.
        try Data("# mine\n.lock".utf8).write(to: ignore)
        #expect(try scratch.registry.ensureGitIgnore() == [".*.tmp", "serving.json"])
        #expect(try String(contentsOf: ignore, encoding: .utf8) == "# mine\n.lock\n.*.tmp\nserving.json\n")
        #expect(try scratch.registry.ensureGitIgnore() == [])
    }
}
