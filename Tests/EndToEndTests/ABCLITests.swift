import Foundation
import Registry
import RegistryTestSupport
import ServingCore
import Testing

/// `modelpress ab` through the real executable: listing, showing, and its refusals.
extension CLITests {
    /// A scratch registry with income_classifier's random forest in production and its
    /// gradient boosting in testing: the two arms of the examples.
    static func abScratch() throws -> Scratch {
        let scratch = try Scratch().withEndpoint()
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        _ = try scratch.registered("income_classifier/gradient_boosting@1.0.0")
        try scratch.registry.setStatus(rf, to: .production, by: "alice")
        return scratch
    }

    @Test func abStartListShowAndRefusals() throws {
        let scratch = try Self.abScratch()
        defer { scratch.remove() }
        let root = ["--root", scratch.root.path]

        let badSplit = try modelpress(
            [
                "ab", "start", "income_classifier", "--a", "random_forest@1.0.0", "--b", "gradient_boosting@1.0.0",
                "--split", "100", "--title", "t",
            ] + root)
        #expect(badSplit.status != 0)
        #expect(badSplit.err.contains("--split 100 is not a percentage between 1 and 99"))
        let none = try modelpress(["ab", "ls"] + root)
        #expect(none.out == "no A/B tests yet; start one with `modelpress ab start`\n")

        let start = try modelpress(
            [
                "ab", "start", "income_classifier", "--a", "random_forest@1.0.0", "--b",
                "income_classifier/gradient_boosting@1.0.0", "--split", "70", "--title", "RF vs GBT", "--by", "dana",
            ]
                + root)
        #expect(start.status == 0, "\(start.err)")
        #expect(start.out.contains("arm B: gradient_boosting@1.0.0 30% (was testing)"))
        // A bundled deployment has its own snapshot (trial29 #15).
        #expect(
            start.err.contains(
                "note: a deployment made by `modelpress bundle` answers from its own copy of the serving snapshot"),
            "\(start.err)")

        let list = try modelpress(["ab", "ls"] + root)
        #expect(list.out.contains("A=random_forest@1.0.0 70% B=gradient_boosting@1.0.0 30%"))
        #expect(list.out.contains("running  RF vs GBT"))
        let json = try modelpress(["ab", "ls", "--json"] + root)
        let tests = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        let id = try #require(try scratch.registry.load().allABTests.first?.id)
        #expect(tests.map { $0["id"] as? Int } == [id])
        #expect(tests.first?["running"] as? Bool == true)

        // No request log: show says so, stop refuses and names where it looked.
        let show = try modelpress(["ab", "show", "\(id)"] + root)
        #expect(show.out.contains("no request log to count from yet"))
        #expect(show.err.contains("note: no request log at "), "\(show.err)")
        #expect(show.err.contains("pass --requests <deployment>/var/requests.sqlite or set MODELPRESS_DEPLOYMENT"))
        let log = scratch.root.appendingPathComponent("nowhere/requests.sqlite").path
        let stop = try modelpress(["ab", "stop", "\(id)", "--by", "dana", "--requests", log] + root)
        #expect(stop.status != 0)
        #expect(stop.err.contains("there is no request log at \(log)"))
        #expect(try scratch.registry.load().abTests[id]?.isRunning == true)

        let unknown = try modelpress(["ab", "stop", "9", "--by", "dana"] + root)
        #expect(unknown.err == "error: unknown A/B test 9; known: \(id)\n")
        scratch.clock.set("2099-01-01T00:00:00Z")  // after the CLI's events, which use the real clock
        try scratch.registry.stopABTest(id: id, winner: nil, summary: nil, by: "dana")
        let twice = try modelpress(["ab", "stop", "\(id)", "--by", "dana", "--requests", log] + root)
        #expect(twice.status != 0)
        #expect(twice.err.hasPrefix("error: A/B test \(id) was already stopped at "))
        let simulate = try modelpress(["ab", "simulate", "\(id)", "--rows", "1"] + root)
        #expect(simulate.err.contains("A/B test \(id) is stopped"))
    }

    /// Trial21 #8: a production arm that wins stays in production, and `ab stop`, `ab show`
    /// and the stop event's note (what `history` and the site's timelines print) say so, the
    /// loser's fate in the same sentence.
    @Test func aProductionWinnerIsSaidToStayInProduction() throws {
        let scratch = try Self.abScratch()
        defer { scratch.remove() }
        let test = try scratch.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "dana")
        let root = ["--root", scratch.root.path]
        // 150 predictions per arm, each with feedback: A right on 140, B on 90.
        let log = try Self.abLog(scratch, test: test.id, correct: (140, 90))
        let fates =
            "arm A (random_forest@1.0.0) stays in production; arm B (gradient_boosting@1.0.0) returns to testing: "
            + "arm A is more accurate"
        let stop = try modelpress(["ab", "stop", "\(test.id)", "--by", "dana", "--requests", log] + root)
        #expect(stop.status == 0, "\(stop.err)")
        #expect(stop.out.contains("  decision: " + fates), "\(stop.out)")
        #expect(stop.out.contains("income_classifier/gradient_boosting@1.0.0: ab_testing → testing"), "\(stop.out)")
        #expect(!stop.out.contains("random_forest@1.0.0: production →"), "\(stop.out)")
        let show = try modelpress(["ab", "show", "\(test.id)"] + root)
        #expect(show.out.contains("  decision: " + fates), "\(show.out)")
        let state = try scratch.registry.load()
        let note = try #require(state.events.last { if case .abStopped = $0.body { true } else { false } }?.note)
        #expect(note.hasPrefix(fates), "\(note)")
        #expect(state.versions[vid("income_classifier/random_forest@1.0.0")]?.status == .production)
        let history = try modelpress(["history", "income_classifier"] + root)
        #expect(history.out.contains("stopped: arm A won — " + fates), "\(history.out)")
    }

    /// A request log in `scratch`'s `var/` with `perArm` predictions per arm of test `test`
    /// (income_classifier's random forest as A, its gradient boosting as B), each with
    /// feedback, `correct` of them right per arm.
    /// - Returns: the log's path.
    static func abLog(_ scratch: Scratch, test: Int, correct: (a: Int, b: Int), perArm: Int = 150) throws -> String {
        let log = scratch.root.appendingPathComponent("var/requests.sqlite").path
        try FileManager.default.createDirectory(
            at: scratch.root.appendingPathComponent("var"), withIntermediateDirectories: true)
        var rows: [LoggedRequest] = []
        for (arm, model) in [("A", "random_forest"), ("B", "gradient_boosting")] {
            for r in 0..<perArm {
                rows.append(
                    LoggedRequest(
                        createdAt: String(format: "2099-01-01T00:%02d:%02d.000Z", r / 60, r % 60),
                        endpoint: "income_classifier", model: model, version: "1.0.0", abTestID: test, abArm: arm,
                        clientID: nil, input: "{}", label: ">50K", probability: 0.9, positiveProbability: 0.9,
                        latencyMicroseconds: 100, source: "api", tokenSHA256: String(repeating: "0", count: 64)))
            }
        }
        try RequestLogFile.write(rows, to: log)
        // The feedback as predict.cgi stores it (ids 1–perArm are A's, the next perArm B's).
        let feedback = try run(
            URL(fileURLWithPath: "/usr/bin/sqlite3"),
            [
                log,
                "UPDATE request SET feedback_at = created_at, feedback = CASE WHEN (ab_arm = 'A' AND id <= \(correct.a)) "
                    + "OR (ab_arm = 'B' AND id <= \(perArm + correct.b)) THEN label ELSE '<=50K' END",
            ])
        #expect(feedback.status == 0, "\(feedback.errorOutput)")
        return log
    }

    /// `ab show`'s arm tables write counts grouped, as the sentences under them do (trial22 #11:
    /// `3297` in the table beside `3,297` in the minimum-sample line).
    @Test func abShowGroupsTheCountsOfItsTables() throws {
        let scratch = try Self.abScratch()
        defer { scratch.remove() }
        let test = try scratch.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "dana")
        let log = try Self.abLog(scratch, test: test.id, correct: (1100, 1050), perArm: 1200)
        let show = try modelpress(["ab", "show", "\(test.id)", "--requests", log, "--root", scratch.root.path])
        #expect(show.status == 0, "\(show.err)")
        let lines = show.out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        // arm, version, split, status before, served, feedback, correct, …
        let a = try #require(lines.first { $0.first == "A" && $0.contains("random_forest@1.0.0") }, "\(show.out)")
        #expect(Array(a[4...6]) == ["1,200", "1,200", "1,100"], "\(show.out)")
        let b = try #require(lines.first { $0.first == "B" && $0.contains("gradient_boosting@1.0.0") }, "\(show.out)")
        #expect(Array(b[4...6]) == ["1,200", "1,200", "1,050"], "\(show.out)")
        // The feedback by class: positives among the feedback, and the counts of the rates.
        #expect(show.out.contains("1,100 of 1,200"), "\(show.out)")
        #expect(show.out.contains("(1,100 of 1,100)"), "\(show.out)")
        #expect(!show.out.contains("1200") && !show.out.contains("1100"), "\(show.out)")
    }

    /// What `ab stop --force`, then `ab ls`, `ab show` and `history` print for an RF-vs-GBT test
    /// whose arms were right on `correct.a` and `correct.b` of 150 feedback each, and the
    /// sentence they all give for the stop, `stopped`.
    func forcedStop(
        _ scratch: Scratch, correct: (a: Int, b: Int), stopped: String
    ) throws -> ForcedStop {
        let test = try scratch.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            title: "RF vs GBT", by: "dana")
        let root = ["--root", scratch.root.path]
        let log = try Self.abLog(scratch, test: test.id, correct: correct)
        let stop = try modelpress(["ab", "stop", "\(test.id)", "--force", "--by", "dana", "--requests", log] + root)
        #expect(stop.status == 0, "\(stop.err)")
        #expect(stop.out.contains(", \(stopped)\n"), "\(stop.out)")
        let list = try modelpress(["ab", "ls"] + root)
        #expect(list.out.contains("stopped, \(stopped)"), "\(list.out)")
        let show = try modelpress(["ab", "show", "\(test.id)"] + root)
        #expect(show.out.contains(", \(stopped)\n"), "\(show.out)")
        let history = try modelpress(["history", "income_classifier"] + root)
        #expect(history.out.contains("A/B test \(test.id) stopped: \(stopped) — "), "\(history.out)")
        return ForcedStop(test: "\(test.id)", stop: stop.out, list: list.out, show: show.out, history: history.out)
    }

    struct ForcedStop {
        var test, stop, list, show, history: String
    }

    /// Trial22 #8: a forced promotion (no significant difference) is called so by `ab stop`,
    /// `ab ls`, `ab show`, `history` and the status changes' notes, never a win; the committed
    /// notes of earlier stops are not rewritten.
    @Test func aForcedPromotionIsNotCalledAWin() throws {
        let scratch = try Self.abScratch()
        defer { scratch.remove() }
        // B right on 136 of 150, A on 132: p ≈ 0.42.
        let promoted = "arm B promoted by --force (no significant difference)"
        let runs = try forcedStop(scratch, correct: (132, 136), stopped: promoted)
        #expect(
            runs.stop.contains("  decision: arm B (gradient_boosting@1.0.0) promoted to production"), "\(runs.stop)")
        #expect(
            runs.history.contains("promoted by --force (no significant difference) in A/B test \(runs.test)"),
            "\(runs.history)")
        #expect(
            runs.history.contains(
                "not promoted: the other arm was promoted by --force (no significant difference) in A/B test \(runs.test)"
            ),
            "\(runs.history)")
        // Trial22 #10: the model answers >50K every time, so its accuracy is its baseline.
        #expect(runs.show.contains("  feedback by class (always answering the majority class scores its baseline):\n"))
        #expect(runs.show.contains("positives (>50K)  majority baseline (95% CI)"), "\(runs.show)")
        let rowA = try #require(runs.show.split(separator: "\n").first { $0.hasPrefix("  A    132 of 150 ") })
        #expect(rowA.contains(">50K: 0.880 [") && rowA.contains("1.000 [0.972, 1.000] (132 of 132)"), "\(rowA)")
        #expect(rowA.hasSuffix("] (132 of 150)"), "\(rowA)")
        #expect(
            runs.show.contains(
                "  warning: accuracy is dominated by the majority class: 18 and 14 negatives (<=50K) per arm among the "
                    + "feedback; always answering >50K scores 0.88 and 0.907, so compare recall and precision\n"),
            "\(runs.show)")
        for out in [runs.stop, runs.list, runs.show, runs.history] {
            #expect(!out.contains(" won") && !out.contains("lost A/B"), "\(out)")
        }
        let state = try scratch.registry.load()
        #expect(state.versions[vid("income_classifier/gradient_boosting@1.0.0")]?.status == .production)
        #expect(state.versions[vid("income_classifier/random_forest@1.0.0")]?.status == .testing)
    }

    /// Trial24 #7: a forced stop that arm A, production before the test, wins changes nothing
    /// for A: `ab stop`, `ab ls`, `ab show`, `history` and B's note say A was kept, not promoted.
    @Test func aForcedStopTheIncumbentWinsSaysItWasKept() throws {
        let scratch = try Self.abScratch()
        defer { scratch.remove() }
        let kept = "arm A kept by --force (no significant difference)"
        let runs = try forcedStop(scratch, correct: (136, 132), stopped: kept)
        #expect(runs.stop.contains("  decision: arm A (random_forest@1.0.0) stays in production"), "\(runs.stop)")
        #expect(
            runs.history.contains(
                "not promoted: the other arm was kept by --force (no significant difference) in A/B test \(runs.test)"),
            "\(runs.history)")
        for out in [runs.stop, runs.list, runs.show, runs.history] {
            #expect(!out.contains("promoted by --force"), "\(out)")
        }
        let state = try scratch.registry.load()
        #expect(state.versions[vid("income_classifier/random_forest@1.0.0")]?.status == .production)
        #expect(state.versions[vid("income_classifier/gradient_boosting@1.0.0")]?.status == .testing)
    }

    /// Trial 13, finding 3: a test whose arm got no feedback cannot be decided, even with
    /// --force; `ab abort` ends it without a decision, records who and why, and frees the endpoint.
    @Test func abortEndsATestThatCannotBeDecided() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        let gb = try scratch.registered("income_classifier/gradient_boosting@1.0.0")
        let et = try scratch.registered("income_classifier/extra_trees@1.0.0")
        try scratch.registry.setStatus(rf, to: .production, by: "alice")
        let test = try scratch.registry.startABTest(endpoint: "income_classifier", a: rf, b: gb, title: "t", by: "dana")
        let root = ["--root", scratch.root.path]
        let log = scratch.root.appendingPathComponent("var/requests.sqlite").path
        try FileManager.default.createDirectory(
            at: scratch.root.appendingPathComponent("var"), withIntermediateDirectories: true)
        try RequestLogFile.write([], to: log)

        let forced = try modelpress(["ab", "stop", "\(test.id)", "--force", "--by", "dana", "--requests", log] + root)
        #expect(forced.status != 0)
        #expect(forced.err.contains("has no feedback"), "\(forced.err)")
        #expect(forced.err.contains("`modelpress ab abort \(test.id) --note WHY`"), "\(forced.err)")
        // Arm A is production: the test answers real requests, so no simulated feedback (trial24 #9).
        #expect(!forced.err.contains("ab simulate"), "\(forced.err)")
        #expect(forced.err.contains("as the real outcomes become known"), "\(forced.err)")

        let noNote = try modelpress(["ab", "abort", "\(test.id)", "--by", "dana"] + root)
        #expect(noNote.status == 64 && noNote.err.contains("--note"), "\(noNote.err)")
        let aborted = try modelpress(
            ["ab", "abort", "\(test.id)", "--by", "dana", "--note", "the challenger never answered"] + root)
        #expect(aborted.status == 0, "\(aborted.err)")
        #expect(aborted.out.hasPrefix("A/B test \(test.id) on income_classifier aborted without a decision (event "))
        #expect(aborted.out.contains("income_classifier/gradient_boosting@1.0.0: ab_testing → testing"))
        let state = try scratch.registry.load()
        #expect(state.abTests[test.id]?.aborted == true)
        #expect(state.versions[rf]?.status == .production && state.versions[gb]?.status == .testing)

        let show = try modelpress(["ab", "show", "\(test.id)"] + root)
        #expect(show.out.contains("by dana, aborted without a decision"), "\(show.out)")
        // With the log, the counts of what each arm served, and no decision.
        let counted = try modelpress(["ab", "show", "\(test.id)", "--requests", log] + root)
        #expect(counted.out.contains("aborted without a decision; the counts above are the request log's"))
        #expect(!counted.out.contains("if stopped now"), "\(counted.out)")
        let list = try modelpress(["ab", "ls"] + root)
        #expect(list.out.contains("aborted"))
        // Aborted again (or stopped), the refusal says it was aborted, not stopped (trial14 A7).
        for again in [["abort", "--note", "again"], ["stop"]] {
            let twice = try modelpress(["ab", again[0], "\(test.id)", "--by", "dana"] + again.dropFirst() + root)
            #expect(twice.status == 1)
            #expect(twice.err.hasPrefix("error: A/B test \(test.id) was already aborted at "), "\(twice.err)")
            #expect(twice.err.contains(" by dana; see `modelpress ab show \(test.id)`"))
        }
        let history = try modelpress(["history", "income_classifier"] + root)
        #expect(history.out.contains("A/B test \(test.id) aborted: no decision, both arms back as before"))
        #expect(history.out.contains("the challenger never answered"), "\(history.out)")
        let check = try modelpress(["registry", "check"] + root)
        #expect(check.status == 0, "\(check.out)\(check.err)")
        // The endpoint is no longer frozen: another version can be promoted.
        let promoted = try modelpress(
            ["status", "income_classifier/extra_trees@1.0.0", "production", "--by", "dana", "--note", "x"] + root)
        #expect(promoted.status == 0, "\(promoted.err)")
        #expect(try scratch.registry.load().versions[et]?.status == .production)
    }
}

extension CLITests {
    /// `help ab`'s typical run runs as printed: the id comes from `ab start`'s output, and no
    /// example names a fixed id (trial16 #8: they used 1, the committed registry's stopped test).
    @Test func abHelpsExamplesRunAsPrinted() throws {
        let scratch = try Self.abScratch()
        defer { scratch.remove() }
        for command in [
            ["ab"], ["ab", "show"], ["ab", "stop"], ["ab", "abort"], ["ab", "simulate"], ["ab", "start"],
        ] {
            let help = try modelpress(["help"] + command).out
            #expect(
                help.range(of: #"ab (show|stop|abort|simulate) [0-9]"#, options: .regularExpression) == nil, "\(help)")
            // Every example line fits the help's 80 columns: a wrapped one could not be pasted.
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            let examples = lines.drop { !$0.hasPrefix("Examples") }.dropFirst().prefix { !$0.hasPrefix("USAGE") }
            #expect(examples.allSatisfy { $0.isEmpty || $0.hasPrefix("  ") }, "\(command): \(help)")
        }
        let help = try modelpress(["help", "ab"]).out.split(separator: "\n").map(String.init)
        let start = try #require(help.firstIndex { $0.hasPrefix("  ID=$(modelpress ab start") }, "\(help)")
        let show = try #require(help.first { $0.hasPrefix("  modelpress ab show \"$ID\"") })
        // The command's lines: those that go on (`\`, `|`) and the one after them.
        let end = try #require(help[start...].firstIndex { !$0.hasSuffix("\\") && !$0.hasSuffix("|") })
        let script = (help[start...end] + [show, #"echo "id=$ID""#]).joined(separator: "\n")
        let path = Executables.modelpress.deletingLastPathComponent().path
        let result = try run(
            URL(fileURLWithPath: "/bin/bash"), ["-e", "-c", script],
            environment: ProcessInfo.processInfo.environment.merging(["PATH": path + ":/usr/bin:/bin"]) { $1 },
            in: scratch.root)
        #expect(result.status == 0, "\(script)\n\(result.errorOutput)")
        let id = try #require(try scratch.registry.load().allABTests.first?.id)
        #expect(result.output.contains("A/B test \(id)"), "\(result.output)")
        #expect(result.output.hasSuffix("id=\(id)\n"), "\(result.output)")
    }
}

extension CLITests {
    /// A command's failure carries its message to `ModelPress.main`, which says it once on
    /// standard error and, with --json, as `{"error": …}` with the same words: no command
    /// prints an error and exits by itself any more (the `--json` message was the last line
    /// standard error happened to get).
    @Test func everyFailureIsSaidOnceAndTheSameWithJSON() throws {
        let scratch = try Self.abScratch()
        defer { scratch.remove() }
        let root = ["--root", scratch.root.path]
        for arguments in [
            ["ab", "show", "999"], ["ab", "ls", "nope"], ["history", "nope"],
            ["ab", "stop", "999", "--requests", "/nonexistent/requests.sqlite"],
            ["predict", "income_classifier/random_forest@9.0.0", "--input", "x.csv"],
            ["explain", "income_classifier/random_forest@9.0.0", "--input", "x.csv"],
        ] {
            let plain = try modelpress(arguments + root)
            #expect(plain.status == 1, "\(arguments): \(plain.err)")
            let lines = plain.err.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(arguments): \(plain.err)")
            let json = try modelpress(arguments + root + ["--json"])
            #expect(json.status == 1)
            #expect(json.err == plain.err, "\(arguments)")
            let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: String]
            #expect(object == ["error": String(lines[0].dropFirst(7))], "\(arguments): \(json.out)")
        }
    }
}
