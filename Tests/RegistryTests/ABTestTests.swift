import Basics
import Foundation
import RegistryTestSupport
import Snapshot
import Testing

@testable import Registry

@Suite struct ABTestTests {
    /// An endpoint with random_forest 1.0.0 in production and gradient_boosting 1.0.0 in testing.
    func setUp() throws -> (Scratch, VersionID, VersionID) {
        let scratch = try Scratch().withEndpoint()
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        let gb = try scratch.registered("income_classifier/gradient_boosting@1.0.0")
        try scratch.registry.setStatus(rf, to: .production, by: "alice")
        return (scratch, rf, gb)
    }

    func start(_ scratch: Scratch) throws -> ABTestRecord {
        try scratch.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            percentA: 70, title: "RF vs GBT", by: "dana")
    }

    @Test func startKeepsProductionAndMovesTheChallenger() throws {
        let (scratch, rf, gb) = try setUp()
        defer { scratch.remove() }
        let test = try start(scratch)
        // A new id on every branch, not the next number: 40 bits of the start event's digest.
        #expect(test.id > 1 && test.id < 1 << 40)
        #expect(test.arms.map(\.percent) == [70, 30])
        #expect(test.arms.map(\.statusBefore) == [.production, .testing])
        let state = try scratch.registry.load()
        #expect(state.versions[rf]?.status == .production)
        #expect(state.versions[gb]?.status == .abTesting)
        #expect(state.runningABTest(of: "income_classifier")?.id == test.id)
        let snapshot = try ServingSnapshot.read(from: scratch.registryFolder.appendingPathComponent("serving.json"))
        let routing = try #require(snapshot.endpoints["income_classifier"]?.abTest)
        #expect(routing.id == test.id)
        #expect(routing.arms.map(\.model) == ["random_forest", "gradient_boosting"])
        #expect(snapshot.endpoints["income_classifier"]?.production?.model == "random_forest")
        // What the request path reads writes back to the same bytes, A/B test included.
        let data = try Data(contentsOf: scratch.registryFolder.appendingPathComponent("serving.json"))
        #expect(snapshot.encoded() == data)
    }

    @Test func armsAreFrozenWhileTheTestRuns() throws {
        let (scratch, rf, gb) = try setUp()
        defer { scratch.remove() }
        let id = try start(scratch).id
        let archive = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(rf, to: .archived, by: "x")
        }
        #expect(archive.reason == .armOfRunningABTest(rf, test: id))
        let leave = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(gb, to: .staging, by: "x")
        }
        // An arm in ab_testing is refused naming its test and how to end it (trial17 #13), as
        // the production arm is.
        #expect(leave.reason == .armOfRunningABTest(gb, test: id))
        #expect(leave.description.contains("`modelpress ab abort \(id) --note WHY`"), "\(leave.description)")
        let promoteArm = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(gb, to: .production, by: "x")
        }
        #expect(promoteArm.reason == .armOfRunningABTest(gb, test: id))
        let other = try scratch.registered("income_classifier/extra_trees@1.0.0")
        let promote = try #require(throws: RegistryError.self) {
            try scratch.registry.setStatus(other, to: .production, by: "x")
        }
        #expect(promote.reason == .armOfRunningABTest(rf, test: id))
        // The refusal says how to end the test, and train's next steps ask the state the same
        // question before suggesting a promotion (trial16: they suggested one that was refused).
        #expect(
            promote.description.hasSuffix(
                "is an arm of running A/B test \(id); end the test first: `modelpress ab stop \(id)` decides it from "
                    + "its feedback, `modelpress ab abort \(id) --note WHY` ends it without a decision"),
            "\(promote.description)")
        let state = try scratch.registry.load()
        #expect(
            state.abTestInTheWay(of: other, to: .production).map { [$0.test.id == id, $0.arm == rf] } == [true, true])
        let unregistered = VersionID(endpoint: "income_classifier", model: "new", version: "1.0.0")
        #expect(state.abTestInTheWay(of: unregistered, to: .production)?.arm == rf)
        #expect(state.abTestInTheWay(of: other, to: .staging) == nil)
        #expect(state.abTestInTheWay(of: gb, to: .staging)?.arm == gb)
        let second = try #require(throws: RegistryError.self) { try start(scratch) }
        #expect(second.description == "income_classifier already runs A/B test \(id); stop it first")
    }

    /// A p below alpha on less feedback than the minimum sample is "not judged" yet, not "not
    /// significant" (trial20 #11: 80/70 rows with feedback, p 0.0358, alpha 0.05).
    @Test func aPBelowAlphaOnTooLittleFeedbackIsNotJudgedYet() {
        func summary(p: Double, feedback: Int, significant: Bool) -> ABTestSummary {
            ABTestSummary(
                arms: [
                    .init(arm: "A", requests: 100, withFeedback: feedback, correct: feedback / 2),
                    .init(arm: "B", requests: 100, withFeedback: 70, correct: 50),
                ], pValue: p, minimumSampleSize: 100, alpha: 0.05, significant: significant, decision: "")
        }
        #expect(
            summary(p: 0.0358, feedback: 80, significant: false).verdict
                == "below alpha, but not judged before 100 predictions with feedback per arm")
        #expect(summary(p: 0.2, feedback: 80, significant: false).verdict == "not significant")
        #expect(summary(p: 0.001, feedback: 200, significant: true).verdict == "significant")
    }

    @Test func winnerIsPromotedAndTheLoserReturnsToTesting() throws {
        let (scratch, rf, gb) = try setUp()
        defer { scratch.remove() }
        let id = try start(scratch).id
        let summary = ABTestSummary(
            arms: [
                .init(arm: "A", requests: 1000, withFeedback: 900, correct: 700, accuracy: 0.78),
                .init(arm: "B", requests: 1000, withFeedback: 910, correct: 780, accuracy: 0.857),
            ], pValue: 0.001, significant: true, decision: "B is better (p = 0.001)")
        let events = try scratch.registry.stopABTest(id: id, winner: "B", summary: summary, by: "dana")
        let loaded = try scratch.registry.load()
        #expect(
            events.map { $0.summary(in: loaded) } == [
                "A/B test \(id) stopped: arm B won",
                "random_forest@1.0.0: production → testing (A/B test \(id))",
                "gradient_boosting@1.0.0: ab_testing → production (A/B test \(id))",
            ])
        let state = try scratch.registry.load()
        #expect(state.versions[gb]?.status == .production)
        #expect(state.versions[rf]?.status == .testing)
        #expect(state.abTests[id]?.summary == summary)
        #expect(state.abTests[id]?.isRunning == false)
        #expect(scratch.registry.check().isEmpty)
        let again = try #require(throws: RegistryError.self) {
            try scratch.registry.stopABTest(id: id, winner: nil, summary: nil, by: "dana")
        }
        #expect(again.description == "A/B test \(id) was already stopped")
    }

    @Test func noWinnerRestoresTheStatuses() throws {
        let (scratch, rf, gb) = try setUp()
        defer { scratch.remove() }
        let id = try start(scratch).id
        try scratch.registry.stopABTest(id: id, winner: nil, summary: nil, by: "dana", note: "not significant")
        let state = try scratch.registry.load()
        #expect(state.versions[rf]?.status == .production)
        #expect(state.versions[gb]?.status == .testing)
        #expect(
            try ServingSnapshot.read(from: scratch.registry.servingFile).endpoints["income_classifier"]?.abTest == nil)
    }

    /// Trial24 #6: the read API tells an aborted test from a stopped one, and says why.
    @Test func theReadAPICarriesTheAbortAndItsNote() throws {
        let (scratch, _, _) = try setUp()
        defer { scratch.remove() }
        let id = try start(scratch).id
        try scratch.registry.abortABTest(id: id, by: "dana", note: "B worse on MAE")
        let files = ReadAPI.files(for: try scratch.registry.load())
        let data = try #require(files["api/v1/abtests.json"])
        let rows = try #require(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let row = try #require(rows.first { $0["id"] as? Int == id })
        #expect(row["aborted"] as? Bool == true)
        #expect(row["ended_note"] as? String == "B worse on MAE")
        #expect(row["ended_by"] as? String == "dana")
        #expect(row["result"] == nil && row["winner"] == nil)
    }

    /// Finding 3 of trial 13: a test that cannot be decided (an arm without feedback) is aborted:
    /// its own marked event with who and why, the arms back as before, the endpoint free again.
    @Test func abortEndsTheTestWithoutADecisionAndFreesTheEndpoint() throws {
        let (scratch, rf, gb) = try setUp()
        defer { scratch.remove() }
        let id = try start(scratch).id
        let blank = try #require(throws: RegistryError.self) {
            try scratch.registry.abortABTest(id: id, by: "dana", note: " ")
        }
        #expect(blank.description.contains("say why A/B test \(id) is aborted (--note)"))
        let events = try scratch.registry.abortABTest(id: id, by: "dana", note: "arm B got no feedback")
        let loaded = try scratch.registry.load()
        #expect(
            events.map { $0.summary(in: loaded) } == [
                "A/B test \(id) aborted: no decision, both arms back as before",
                "gradient_boosting@1.0.0: ab_testing → testing (A/B test \(id))",
            ])
        #expect(events.map(\.by) == ["dana", "dana"])
        #expect(events.first?.note == "arm B got no feedback")
        let state = try scratch.registry.load()
        #expect(state.versions[rf]?.status == .production)
        #expect(state.versions[gb]?.status == .testing)
        let test = try #require(state.abTests[id])
        #expect(test.aborted && !test.isRunning && test.winner == nil && test.summary == nil)
        #expect(scratch.registry.check().isEmpty)
        let files = try FileManager.default.contentsOfDirectory(
            at: scratch.registryFolder.appendingPathComponent("events"), includingPropertiesForKeys: nil)
        let texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        #expect(texts.filter { $0.contains("\"aborted\" : true") }.count == 1)
        // The endpoint can be promoted again, and the test cannot be stopped or aborted twice.
        let other = try scratch.registered("income_classifier/extra_trees@1.0.0")
        try scratch.registry.setStatus(other, to: .production, by: "x")
        let again = try #require(throws: RegistryError.self) {
            try scratch.registry.abortABTest(id: id, by: "dana", note: "again")
        }
        #expect(again.description == "A/B test \(id) was already stopped")
    }

    @Test func armsMustBeTwoServableVersionsOfTheEndpoint() throws {
        let (scratch, rf, _) = try setUp()
        defer { scratch.remove() }
        let same = try #require(throws: RegistryError.self) {
            try scratch.registry.startABTest(
                endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("random_forest", "1.0.0"),
                title: "t", by: "d")
        }
        #expect(same.description.contains("must be different versions"))
        let unknown = try #require(throws: RegistryError.self) {
            try scratch.registry.startABTest(
                endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("nope", "1"), title: "t", by: "d")
        }
        #expect(unknown.reason == .unknownVersion(vid("income_classifier/nope@1")))
        let split = try #require(throws: RegistryError.self) {
            try scratch.registry.startABTest(
                endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
                percentA: 100, title: "t", by: "d")
        }
        #expect(split.description.contains("add up to 100"))
        let other = try scratch.registered("income_classifier/extra_trees@1.0.0")
        try scratch.registry.setStatus(other, to: .archived, by: "d")
        let archived = try #require(throws: RegistryError.self) {
            try scratch.registry.startABTest(
                endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("extra_trees", "1.0.0"),
                title: "t", by: "d")
        }
        #expect(archived.description.contains("is archived"))
        _ = rf
    }
}
