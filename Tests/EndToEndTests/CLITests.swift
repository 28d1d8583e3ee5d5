import Foundation
import Registry
import RegistryTestSupport
import Testing

/// The registry commands through the real `modelpress` executable, on a scratch repository
/// that the registry library prepares.
@Suite struct CLITests {
    /// Runs `modelpress` with `arguments`; returns the exit status, stdout and stderr.
    func modelpress(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let result = try run(Executables.modelpress, arguments)
        return (result.status, result.output, result.errorOutput)
    }

    @Test func historyAtAMomentNamesProductionAndWhoPutItThere() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        scratch.clock.set("2026-11-01T11:00:00Z")
        try scratch.registry.setStatus(rf, to: .production, by: "alice", note: "best ROC AUC")
        let root = ["--root", scratch.root.path]
        let history = try modelpress(["history", "income_classifier", "--at", "2026-11-01T12:00Z"] + root)
        #expect(history.status == 0)
        let promotion = try #require(try scratch.registry.load().events.last?.id)
        #expect(
            history.out.hasSuffix(
                "\(promotion)\t2026-11-01T11:00:00Z\talice\trandom_forest@1.0.0: testing → production — best ROC AUC\n"
                    + "at 2026-11-01T12:00:00Z: income_classifier production is random_forest@1.0.0, "
                    + "put there by alice at 2026-11-01T11:00:00Z\n"))
        let json = try modelpress(["history", "--json"] + root)
        #expect(json.out == (try scratch.eventLines().joined(separator: "\n") + "\n"))
        let ls = try modelpress(["ls"] + root)
        #expect(ls.out.contains("random_forest@1.0.0  production  since 2026-11-01T11:00:00Z by alice"))
    }

    @Test func refusalsPrintOneLineAndFail() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        let root = ["--root", scratch.root.path]
        let refused = try modelpress(
            ["status", "income_classifier/random_forest@1.0.0", "ab_testing", "--by", "x"] + root)
        #expect(refused.status == 1)
        #expect(
            refused.err
                == "error: income_classifier/random_forest@1.0.0 can enter or leave ab_testing only through an A/B test start or stop\n"
        )
        let again = try modelpress(["register", "income_classifier/random_forest@1.0.0", "--by", "x"] + root)
        #expect(again.status == 0)
        #expect(again.out.contains("already registered with these facts; nothing changed"))
        let badTime = try modelpress(["history", "--at", "yesterday"] + root)
        #expect(badTime.status != 0)
        #expect(badTime.err.contains("--at 'yesterday' is not a UTC time"))
    }
}
