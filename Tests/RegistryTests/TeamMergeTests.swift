import Basics
import Foundation
import RegistryTestSupport
import Testing

@testable import Registry

/// A team's registry: two branches change it, plain `git merge` combines them, and
/// `registry check` reports what cannot hold. Runs git in a temporary repository.
@Suite struct TeamMergeTests {
    /// A repository around a scratch registry, with its own git identity.
    struct Repository {
        let scratch: Scratch

        init() throws {
            scratch = try Scratch()
            try git("init", "-q", "-b", "main")
            try git("config", "user.name", "Test Runner")
            try git("config", "user.email", "runner@example.org")
            try git("config", "commit.gpgsign", "false")
            try Data("research/registry/serving.json\nresearch/registry/.lock\n".utf8).write(
                to: scratch.root.appendingPathComponent(".gitignore"))
        }

        /// `git <arguments>` in the repository; its output.
        /// - Throws: when git exits non-zero (a merge conflict, say), with its messages.
        @discardableResult
        func git(_ arguments: String...) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", scratch.root.path] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                throw GitFailed(arguments: arguments, output: text)
            }
            return text
        }

        struct GitFailed: Error, CustomStringConvertible {
            var arguments: [String]
            var output: String
            var description: String { "git \(arguments.joined(separator: " ")) failed: \(output)" }
        }

        /// Commits everything as `author`.
        func commit(_ message: String, as author: String = "Test Runner") throws {
            try git("add", "-A")
            try git("-c", "user.name=\(author)", "commit", "-q", "-m", message)
        }

        /// Switches to `branch`, creating it from the current commit when `new`.
        func checkout(_ branch: String, new: Bool = false) throws {
            if new { try git("checkout", "-q", "-b", branch) } else { try git("checkout", "-q", branch) }
        }

        /// Makes `change` at `time` on a new branch `name` from main, commits it as `name`, and
        /// returns to main.
        func branch(_ name: String, at time: String, _ message: String, _ change: () throws -> Void) throws {
            try checkout(name, new: true)
            scratch.clock.set(time)
            try change()
            try commit(message, as: name)
            try checkout("main")
        }

        /// Merges `branch` into the current one with plain git (no custom merge driver).
        func merge(_ branch: String) throws {
            try git("merge", "-q", "--no-edit", branch)
        }
    }

    let rf = vid("income_classifier/random_forest@1.0.0")
    let gb = vid("income_classifier/gradient_boosting@1.0.0")
    let et = vid("income_classifier/extra_trees@1.0.0")

    /// main: the endpoint, random forest in production, boosting and extra trees in testing.
    func base() throws -> Repository {
        let repository = try Repository()
        let scratch = repository.scratch
        try scratch.withEndpoint()
        for id in [rf, gb, et] { _ = try scratch.registered(id.description) }
        try scratch.makeArtifact(vid("income_classifier/alice_model@1"))
        try scratch.makeArtifact(vid("income_classifier/bob_model@1"))
        try scratch.registry.setStatus(rf, to: .production, by: "alice")
        try repository.commit("the registry on main")
        return repository
    }

    /// alice's branch: a new endpoint, a registration, two status changes.
    func aliceChanges(_ repository: Repository, at time: String) throws {
        let registry = repository.scratch.registry
        try repository.branch("alice", at: time, "alice: churn, alice_model, extra trees reviewed and archived") {
            var churn = Scratch.definition
            churn.name = "churn"
            try registry.createEndpoint(churn, by: "alice")
            _ = try registry.register(vid("income_classifier/alice_model@1"), by: "alice")
            try registry.setStatus(et, to: .staging, by: "alice", note: "reviewed")
            try registry.setStatus(et, to: .archived, by: "alice")
        }
    }

    /// bob's branch: a registration, a status change, an A/B test started and stopped.
    func bobChanges(_ repository: Repository, at time: String) throws {
        let registry = repository.scratch.registry
        try repository.branch("bob", at: time, "bob: bob_model, an A/B test of boosting") {
            _ = try registry.register(vid("income_classifier/bob_model@1"), by: "bob")
            try registry.setStatus(gb, to: .staging, by: "bob")
            let test = try registry.startABTest(
                endpoint: "income_classifier", a: rf, b: gb, title: "RF vs GB", by: "bob")
            try registry.stopABTest(id: test.id, winner: nil, summary: nil, by: "bob", note: "no difference")
        }
    }

    /// Each change by time, author, summary and note: what the history page, the feed and
    /// `history` show of an event, without its id and with A/B test ids as `#` (both are
    /// digests, which differ when the same change is made on top of other events).
    func story(_ state: RegistryState) -> [String] {
        state.events.map { event in
            state.abTests.keys.reduce("\(event.at) \(event.by) \(event.summary(in: state)) \(event.note ?? "")") {
                $0.replacingOccurrences(of: String($1), with: "#")
            }
        }
    }

    @Test(arguments: ["2026-11-05T08:00:00Z", "2026-11-05T09:00:00Z", "2026-11-05T10:00:00Z"])
    func compatibleBranchesMergeWithoutConflict(bobsTime: String) throws {
        let repository = try base()
        defer { repository.scratch.remove() }
        try aliceChanges(repository, at: "2026-11-05T09:00:00Z")
        try bobChanges(repository, at: bobsTime)
        try repository.merge("alice")
        try repository.merge("bob")

        let registry = repository.scratch.registry
        #expect(registry.check().map(\.description) == [])
        let state = try registry.load()
        #expect(state.endpointNames == ["churn", "income_classifier"])
        #expect(state.versions[vid("income_classifier/alice_model@1")]?.status == .testing)
        #expect(state.versions[vid("income_classifier/bob_model@1")]?.status == .testing)
        #expect(state.versions[et]?.status == .archived)
        #expect(state.versions[gb]?.status == .staging)
        #expect(state.versions[rf]?.status == .production)
        #expect(state.allABTests.count == 1)
        #expect(state.allABTests.first?.isRunning == false)
        #expect(Set(state.events.map(\.id)).count == state.events.count)
        let times = state.events.map(\.at)
        #expect(times == times.sorted())
        // Merging the other way round gives the same log.
        try repository.git("checkout", "-q", "-b", "other-way", "HEAD~2")
        try repository.merge("bob")
        try repository.merge("alice")
        #expect(try registry.load() == state)
    }

    @Test(arguments: ["2026-11-05T08:00:00Z", "2026-11-05T10:00:00Z"])
    func mergedHistoryIsTheSameAsMadeOneAfterAnother(bobsTime: String) throws {
        let merged = try base()
        defer { merged.scratch.remove() }
        try aliceChanges(merged, at: "2026-11-05T09:00:00Z")
        try bobChanges(merged, at: bobsTime)
        try merged.merge("alice")
        try merged.merge("bob")
        let together = try merged.scratch.registry.load()

        // The same changes on one branch, in time order.
        let sequential = try base()
        defer { sequential.scratch.remove() }
        if bobsTime < "2026-11-05T09:00:00Z" {
            try bobChanges(sequential, at: bobsTime)
            try sequential.merge("bob")
            try aliceChanges(sequential, at: "2026-11-05T09:00:00Z")
            try sequential.merge("alice")
        } else {
            try aliceChanges(sequential, at: "2026-11-05T09:00:00Z")
            try sequential.merge("alice")
            try bobChanges(sequential, at: bobsTime)
            try sequential.merge("bob")
        }
        let oneByOne = try sequential.scratch.registry.load()
        #expect(story(together) == story(oneByOne))
        for moment in ["2026-11-05T07:00:00Z", "2026-11-05T08:30:00Z", "2026-11-05T09:30:00Z", "2026-11-05T11:00:00Z"] {
            let at = try #require(Timestamp(parsing: moment))
            let then = try merged.scratch.registry.state(at: at)
            let expected = try sequential.scratch.registry.state(at: at)
            #expect(story(then) == story(expected), "\(moment)")
            #expect(then.versions.mapValues(\.status) == expected.versions.mapValues(\.status), "\(moment)")
        }
    }

    @Test func twoPromotionsOfOneEndpointAreReportedNamingBothEvents() throws {
        let repository = try base()
        let scratch = repository.scratch
        defer { scratch.remove() }
        var aliceFiles: [String] = []
        try repository.branch("alice", at: "2026-11-05T09:00:00Z", "alice promotes boosting") {
            try scratch.registry.setStatus(gb, to: .production, by: "alice")
            aliceFiles = try scratch.eventFiles()
        }
        var bobFiles: [String] = []
        try repository.branch("bob", at: "2026-11-05T10:00:00Z", "bob promotes extra trees") {
            try scratch.registry.setStatus(et, to: .production, by: "bob")
            bobFiles = Set(try scratch.eventFiles()).subtracting(aliceFiles).sorted()
        }
        try repository.merge("alice")
        try repository.merge("bob")  // no conflict for git: every event is its own file

        let problems = scratch.registry.check().map(\.description)
        #expect(problems.count == 2, "\(problems)")
        let promotion = try #require(problems.first { $0.contains("cannot become production") })
        #expect(promotion.contains("extra_trees@1.0.0 cannot become production while"))
        #expect(promotion.contains("gradient_boosting@1.0.0 is production"))
        #expect(promotion.contains("(commit ") && promotion.contains(" by alice: alice promotes boosting)"))
        #expect(
            promotion.contains("this event came with commit ")
                && promotion.contains(" by bob: bob promotes extra trees"))
        #expect(promotion.contains("`modelpress status income_classifier/extra_trees@1.0.0 production`"))
        for file in bobFiles { #expect(problems.contains { $0.hasPrefix("\(scratch.eventsFolder.path)/\(file):") }) }
        #expect(throws: RegistryError.self) { try scratch.registry.load() }

        // Resolved as the message says: bob's events leave his branch, the change is made again.
        for file in bobFiles { try repository.git("rm", "-q", "research/registry/events/\(file)") }
        scratch.clock.set("2026-11-05T10:05:00Z")
        try scratch.registry.setStatus(et, to: .production, by: "bob")
        #expect(scratch.registry.check().map(\.description) == [])
        let state = try scratch.registry.load()
        #expect(state.versions[gb]?.status == .archived)
        #expect(state.versions[et]?.status == .production)
    }

    /// alice promotes boosting at 09:00 on her branch, bob extra trees at 10:00 on his, which
    /// is merged into main first; then alice merges main into her branch (tracking main when
    /// `upstream`). Returns the repository and each side's new event files.
    func crossedPromotions(upstream: Bool) throws -> (Repository, alice: [String], bob: [String]) {
        let repository = try base()
        let scratch = repository.scratch
        let before = Set(try scratch.eventFiles())
        var aliceFiles: [String] = []
        try repository.branch("alice", at: "2026-11-05T09:00:00Z", "alice promotes boosting") {
            try scratch.registry.setStatus(gb, to: .production, by: "alice")
            aliceFiles = Set(try scratch.eventFiles()).subtracting(before).sorted()
        }
        var bobFiles: [String] = []
        try repository.branch("bob", at: "2026-11-05T10:00:00Z", "bob promotes extra trees") {
            try scratch.registry.setStatus(et, to: .production, by: "bob")
            bobFiles = Set(try scratch.eventFiles()).subtracting(before).sorted()
        }
        try repository.merge("bob")
        try repository.checkout("alice")
        if upstream { try repository.git("branch", "-q", "--set-upstream-to=main") }
        try repository.merge("main")
        return (repository, aliceFiles, bobFiles)
    }

    /// bob's later promotion reached main first; alice merges main into her branch. The rules
    /// refuse bob's event (the later one), but it is main's history: the advice is to remove
    /// alice's own event, which `registry check --since main` then accepts.
    @Test func theEventAlreadyOnTheUpstreamBranchIsTheOneToKeep() throws {
        let (repository, aliceFiles, _) = try crossedPromotions(upstream: true)
        let scratch = repository.scratch
        defer { scratch.remove() }

        let problems = scratch.registry.check().map(\.description)
        let promotion = try #require(problems.first { $0.contains("cannot become production") }, "\(problems)")
        #expect(promotion.contains("extra_trees@1.0.0 cannot become production while"))
        #expect(
            promotion.contains(
                "this event is already on main and the other is not: keep main's; remove the other side's events"),
            "\(promotion)")
        let aliceEvents = aliceFiles.map { "research/registry/events/\($0)" }
        #expect(removal(after: "", in: promotion, scratch) == aliceEvents, "\(promotion)")

        // Resolved that way: main's history holds, and the change is made again on top.
        for file in aliceEvents { try repository.git("rm", "-q", file) }
        #expect(scratch.registry.check().map(\.description) == [])
        #expect(scratch.registry.check(since: "main").map(\.description) == [])
    }

    /// The `git rm` list after `prefix` in a problem's advice, as repository paths.
    func removal(after prefix: String, in problem: String, _ scratch: Scratch) -> [String]? {
        let from = prefix.isEmpty ? problem.startIndex : problem.range(of: prefix)?.upperBound
        guard let from, let start = problem[from...].range(of: "`git rm ")
        else { return nil }
        let rest = problem[start.upperBound...]
        guard let end = rest.firstIndex(of: "`") else { return nil }
        return rest[..<end].split(separator: " ").map {
            String($0).replacingOccurrences(of: scratch.root.path + "/", with: "")
        }
    }

    /// trial 24 #2: bob's later promotion reached main first; alice merges main into her
    /// branch, which has no upstream. The rules refuse bob's event (the later one), but that
    /// is no reason to remove it: `check` names both sides' whole sets, and `check --since
    /// main` advises removing only alice's events, which both checks then accept.
    @Test func theAdviceNamesBothSidesAndSinceKeepsTheTargetsEvents() throws {
        let (repository, aliceFiles, bobFiles) = try crossedPromotions(upstream: false)
        let scratch = repository.scratch
        defer { scratch.remove() }
        let aliceEvents = aliceFiles.map { "research/registry/events/\($0)" }
        let bobEvents = bobFiles.map { "research/registry/events/\($0)" }
        #expect(aliceEvents.count == 2 && bobEvents.count == 2)

        let problems = scratch.registry.check().map(\.description)
        #expect(!problems.isEmpty)
        for problem in problems where problem.contains("cannot hold together") {
            #expect(
                problem.contains("by bob: bob promotes extra trees") && problem.contains("by alice: alice promotes"))
            let both = [
                removal(after: "to keep the other side, ", in: problem, scratch),
                removal(after: "to keep this side, ", in: problem, scratch),
            ].compactMap { $0 }
            #expect(Set(both) == [aliceEvents, bobEvents], "\(problem)")
        }
        let since = scratch.registry.check(since: "main").map(\.description)
        #expect(!since.isEmpty)
        for problem in since {
            #expect(problem.contains("is already on main"), "\(problem)")
            #expect(removal(after: "", in: problem, scratch) == aliceEvents, "\(problem)")
        }

        for file in aliceEvents { try repository.git("rm", "-q", file) }
        #expect(scratch.registry.check().map(\.description) == [])
        #expect(scratch.registry.check(since: "main").map(\.description) == [])
        #expect(try scratch.registry.load().versions[et]?.status == .production)
    }

    /// trial 24 #2's second merge: both branches aborted the same A/B test at the same second
    /// and promoted different versions, so the log's order refuses some of each side's events.
    /// Every problem gives the same two sets; removing one leaves the abort recorded whole by
    /// the other side.
    @Test func aChangeBothBranchesMadeIsNeverLeftHalfAndHalf() throws {
        let repository = try base()
        let scratch = repository.scratch
        defer { scratch.remove() }
        scratch.clock.set("2026-11-05T08:00:00Z")
        let test = try scratch.registry.startABTest(endpoint: "income_classifier", a: rf, b: gb, title: "t", by: "bob")
        try repository.commit("the A/B test")
        for (name, winner) in [("alice", et), ("bob", gb)] {
            try repository.branch(name, at: "2026-11-05T09:00:00Z", "\(name): abort and promote") {
                _ = try scratch.registry.abortABTest(id: test.id, by: name, note: "\(name) aborts")
                try scratch.registry.setStatus(winner, to: .production, by: name)
            }
        }
        try repository.merge("alice")
        try repository.merge("bob")

        let problems = scratch.registry.check().map(\.description).filter { $0.contains("cannot hold together") }
        #expect(!problems.isEmpty)
        let sets = problems.map {
            Set([
                removal(after: "to keep the other side, ", in: $0, scratch),
                removal(after: "to keep this side, ", in: $0, scratch),
            ])
        }
        #expect(Set(sets).count == 1, "\(problems)")
        let first = try #require(problems.first)
        let removed = try #require(removal(after: "to keep the other side, ", in: first, scratch))
        #expect(removed.count == 4, "\(removed)")  // the abort's two events, the promotion's two
        for file in removed { try repository.git("rm", "-q", file) }
        #expect(scratch.registry.check().map(\.description) == [])
        let state = try scratch.registry.load()
        let stopping = state.events.filter { $0.abTestID == test.id && $0.at > test.startedAt }
        #expect(stopping.count == 2, "\(stopping.map { "\($0.by) \($0.summary(in: state)) \($0.note ?? "")" })")
        #expect(Set(stopping.map(\.by)).count == 1, "\(stopping.map(\.by))")
    }

    @Test func anABStartAgainstAVersionTheOtherBranchArchivedIsReported() throws {
        let repository = try base()
        let scratch = repository.scratch
        defer { scratch.remove() }
        var archive = ""
        try repository.branch("alice", at: "2026-11-05T09:00:00Z", "alice archives boosting") {
            try scratch.registry.setStatus(gb, to: .archived, by: "alice")
            archive = try scratch.eventFiles().last ?? ""
        }
        try repository.branch("bob", at: "2026-11-05T10:00:00Z", "bob tests boosting") {
            try scratch.registry.startABTest(endpoint: "income_classifier", a: rf, b: gb, title: "RF vs GB", by: "bob")
        }
        try repository.merge("alice")
        try repository.merge("bob")

        let problems = scratch.registry.check().map(\.description)
        let start = try #require(problems.first { $0.contains("an A/B arm must be testing, staging or production") })
        #expect(start.contains("gradient_boosting@1.0.0 is archived"))
        #expect(start.contains("it cannot hold together with \(scratch.eventsFolder.path)/\(archive) (commit "))
        #expect(start.contains("`modelpress ab start`"))
    }

    @Test func checkSinceCatchesAnEditedARemovedAndAReorderedEvent() throws {
        let repository = try Repository()
        let scratch = repository.scratch
        defer { scratch.remove() }
        try scratch.withEndpoint()
        for id in [rf, gb, et] { _ = try scratch.registered(id.description) }
        scratch.clock.set("2026-11-01T11:00:00Z")
        try scratch.registry.setStatus(rf, to: .staging, by: "alice")
        try repository.commit("main")
        try repository.checkout("change", new: true)
        #expect(scratch.registry.check(since: "main").map(\.description) == [])
        scratch.clock.set("2026-11-01T12:00:00Z")
        try scratch.registry.setStatus(gb, to: .staging, by: "bob")
        #expect(scratch.registry.check(since: "main").map(\.description) == [], "appending is fine")

        let files = try scratch.eventFiles()
        func url(_ name: String) -> URL { scratch.eventsFolder.appendingPathComponent(name) }
        func restore() throws {
            try repository.git("checkout", "main", "--", "research/registry/events")
            try repository.git("clean", "-q", "-f", "--", "research/registry/events")
            try scratch.registry.setStatus(gb, to: .staging, by: "bob")
        }
        let sinceMain = { scratch.registry.check(since: "main").map(\.description) }
        let first = files[0]
        let id = String(first.dropFirst("20261101T100000Z-".count).dropLast(".json".count))

        // Edited: a note changed in place.
        let text = try String(contentsOf: url(first), encoding: .utf8)
        try text.replacingOccurrences(of: "\"owner\" : \"research\"", with: "\"owner\" : \"someone else\"").write(
            to: url(first), atomically: true, encoding: .utf8)
        #expect(
            sinceMain().contains(
                "\(scratch.eventsFolder.path)/\(first): event \(id) existed at main and was edited; the log is "
                    + "append-only, restore it with `git checkout main -- \(scratch.eventsFolder.path)/\(first)`"),
            "\(sinceMain())")
        try restore()

        // Removed.
        try FileManager.default.removeItem(at: url(first))
        #expect(sinceMain().contains { $0.contains("event \(id) existed at main and was removed") }, "\(sinceMain())")
        try restore()

        // Reordered: its tick changed (and its id, which is its digest, and its name with it).
        var event = try JSONDecoder().decode(RegistryEvent.self, from: Data(contentsOf: url(first)))
        try FileManager.default.removeItem(at: url(first))
        event.tick = 99
        try JSONCoding.prettyData(event).write(to: url(event.fileName))
        #expect(sinceMain().contains { $0.contains("event \(id) existed at main and was moved in the order") })
        try FileManager.default.removeItem(at: url(event.fileName))
        try restore()
        #expect(sinceMain() == [])

        let unknown = scratch.registry.check(since: "no-such-branch").map(\.description)
        #expect(unknown.last?.contains("git does not know the revision 'no-such-branch'") == true)
    }

    @Test func checkSinceComparesAMigratedLogWithTheSingleFileItCameFrom() throws {
        let repository = try Repository()
        let scratch = repository.scratch
        defer { scratch.remove() }
        try scratch.withEndpoint()
        _ = try scratch.registered(rf.description)
        try scratch.registry.setStatus(rf, to: .staging, by: "alice")
        // Rewrite the log as it was before one file per event: lines numbered by seq.
        let lines = try scratch.eventLines().enumerated().map { index, line in
            line.replacingOccurrences(of: #""id":"[0-9a-f]{16}","#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "\"tick\":\(index + 1)", with: "\"seq\":\(index + 1)")
        }
        try FileManager.default.removeItem(at: scratch.eventsFolder)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(
            to: scratch.registryFolder.appendingPathComponent("events.jsonl"))
        try repository.commit("the single-file log")
        try repository.checkout("migrate", new: true)
        #expect(try scratch.registry.migrate() == 3)
        try repository.commit("migrate the log")
        #expect(scratch.registry.check(since: "main").map(\.description) == [])
        // A migrated event whose time changed moves in the order.
        let name = try #require(try scratch.eventFiles().last)
        var event = try JSONDecoder().decode(
            RegistryEvent.self, from: Data(contentsOf: scratch.eventsFolder.appendingPathComponent(name)))
        try FileManager.default.removeItem(at: scratch.eventsFolder.appendingPathComponent(name))
        event.at = try #require(Timestamp(parsing: "2026-11-01T10:30:00Z"))
        try JSONCoding.prettyData(event).write(to: scratch.eventsFolder.appendingPathComponent(event.fileName))
        #expect(
            scratch.registry.check(since: "main").map(\.description) == [
                "\(scratch.registryFolder.path)/events.jsonl:3: event 3 existed at main and was moved in the order "
                    + "(its time or tick changed); the log is append-only, restore it with "
                    + "`git show main:./events.jsonl (line 3)`"
            ])
    }
}
