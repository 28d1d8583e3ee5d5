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

    /// trial28 #3: a moment in the future is said to be one, and answered as of now.
    @Test func historyAtAFutureMomentSaysSoAndAnswersAsOfNow() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let root = ["--root", scratch.root.path]
        for json in [[], ["--json"]] {
            let future = try modelpress(["history", "income_classifier", "--at", "2999-01-01"] + json + root)
            #expect(future.status == 0, "\(future.err)")
            #expect(
                future.err.hasPrefix("note: --at 2999-01-01T23:59:59Z is in the future (it is "), "\(future.err)")
            #expect(future.err.contains(" now); the history is shown as of now"), "\(future.err)")
            #expect(!future.out.contains("2999"), "\(future.out)")
        }
        let text = try modelpress(["history", "income_classifier", "--at", "2999-01-01"] + root)
        #expect(text.out.contains(": income_classifier has no production version\n"), "\(text.out)")
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
        // --json --at gives the state --at is for, as the text does (trial17 #15): a line after
        // the events, also before any event, when the text says there is no production version.
        let then = try modelpress(["history", "income_classifier", "--json", "--at", "2026-11-01T12:00Z"] + root)
        #expect(then.status == 0, "\(then.err)")
        #expect(
            then.out.hasSuffix(
                "\n{\"at\":\"2026-11-01T12:00:00Z\",\"endpoint\":\"income_classifier\",\"kind\":\"state\","
                    + "\"production\":{\"by\":\"alice\",\"model\":\"random_forest\",\"since\":\"2026-11-01T11:00:00Z\","
                    + "\"version\":\"1.0.0\"}}\n"), "\(then.out)")
        let before = try modelpress(["history", "income_classifier", "--json", "--at", "2020-01-01"] + root)
        #expect(before.status == 0, "\(before.err)")
        #expect(
            before.out
                == "{\"at\":\"2020-01-01T23:59:59Z\",\"endpoint\":\"income_classifier\",\"kind\":\"state\","
                + "\"production\":null}\n")
        let beforeText = try modelpress(["history", "income_classifier", "--at", "2020-01-01"] + root)
        // Before the endpoint existed, it says so rather than "no production version" (trial24 #9).
        #expect(
            beforeText.out.hasPrefix("at 2020-01-01T23:59:59Z: income_classifier did not exist yet (created at 2026-"),
            "\(beforeText.out)")
        let ls = try modelpress(["ls"] + root)
        #expect(ls.out.contains("random_forest@1.0.0  production  since 2026-11-01T11:00:00Z by alice"))
        // Without an endpoint, each line names its endpoint.
        let all = try modelpress(["history"] + root)
        #expect(
            all.out.contains("\talice\tincome_classifier/random_forest@1.0.0: testing → production — best ROC AUC\n"))
        #expect(all.out.contains("\tendpoint income_classifier created (owner "))
    }

    /// A checkout or merge changes the events without rewriting serving.json: `ls` and
    /// `registry check` say so (predict.cgi would answer with the old statuses) until
    /// `registry snapshot` writes it again.
    @Test func aStaleServingSnapshotIsNoted() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let rf = try scratch.registered("income_classifier/random_forest@1.0.0")
        let before = try Data(contentsOf: scratch.registry.servingFile)
        try scratch.registry.setStatus(rf, to: .production, by: "alice", note: "best")
        let root = ["--root", scratch.root.path]
        #expect(try !modelpress(["ls"] + root).err.contains("serving.json"))
        try before.write(to: scratch.registry.servingFile)
        let ls = try modelpress(["ls"] + root)
        #expect(ls.status == 0)
        #expect(
            ls.err.contains(
                "research/registry/serving.json says other statuses than the registry's events (a checkout, "
                    + "merge or pull changed them): predict.cgi serving this folder answers from it; run "
                    + "`modelpress registry snapshot`"), "\(ls.err)")
        let check = try modelpress(["registry", "check"] + root)
        #expect(check.status == 0 && check.err.contains("says other statuses"))
        #expect(try modelpress(["registry", "snapshot"] + root).status == 0)
        #expect(try !modelpress(["registry", "check"] + root).err.contains("serving.json"))
        try FileManager.default.removeItem(at: scratch.registry.servingFile)
        #expect(try modelpress(["ls"] + root).err.contains("research/registry/serving.json is missing"))
    }

    /// Definition files are written by hand: a wrong kind names the accepted ones, a syntax
    /// error its line and column, and the place is the value's, not line 1.
    @Test func addEndpointPointsAtTheMistakeInTheDefinition() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let root = ["--root", scratch.root.path]
        let good = try String(contentsOf: scratch.definitionFile, encoding: .utf8)
        #expect(good.contains("\"numeric\""))
        let file = scratch.root.appendingPathComponent("def.json")
        let kindLine =
            try #require(
                good.split(separator: "\n", omittingEmptySubsequences: false)
                    .firstIndex { $0.contains("\"numeric\"") }) + 1
        try Data(good.replacingOccurrences(of: "\"numeric\"", with: "\"numerical\"").utf8).write(to: file)
        let kind = try modelpress(["registry", "add-endpoint", file.path, "--by", "x"] + root)
        #expect(kind.status == 1)
        #expect(
            kind.err.contains("def.json:\(kindLine): bad JSON: column ")
                && kind.err.contains(".kind': 'numerical' is not one of numeric, categorical"), "\(kind.err)")

        var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = String(lines[1].dropLast())  // the comma at the end of the second line
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let syntax = try modelpress(["registry", "add-endpoint", file.path, "--by", "x"] + root)
        #expect(syntax.status == 1)
        #expect(syntax.err.contains("def.json:3: bad JSON: column "), "\(syntax.err)")
    }

    /// An endpoint file left with conflict markers fails every event of its endpoint for that
    /// one reason: `registry check` prints the file's problem, the first event's, and a count.
    @Test func eventsFailingForAnUnreadableEndpointFileAreCounted() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        for model in ["random_forest", "extra_trees", "gradient_boosting"] {
            _ = try scratch.registered("income_classifier/\(model)@1.0.0")
        }
        let text = try String(contentsOf: scratch.definitionFile, encoding: .utf8)
        try Data(("<<<<<<< HEAD\n" + text + "=======\n" + text + ">>>>>>> other\n").utf8).write(
            to: scratch.definitionFile)
        let check = try modelpress(["registry", "check", "--root", scratch.root.path])
        #expect(check.status == 1)
        let lines = check.out.split(separator: "\n")
        #expect(lines.count == 3, "\(check.out)")
        #expect(lines.first?.contains("git conflict markers") == true)
        #expect(lines.last == "… and 3 more events of endpoint 'income_classifier', for the same reason")
        let history = try modelpress(["history", "--root", scratch.root.path])
        #expect(
            history.out.contains(
                "left out: endpoints/income_classifier.json cannot be read (see `modelpress registry check`)"))
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
                == "error: income_classifier/random_forest@1.0.0 can enter or leave ab_testing only through an A/B "
                + "test: `modelpress ab start` makes it an arm, `modelpress ab stop` or `modelpress ab abort` ends its "
                + "test\n"
        )
        let again = try modelpress(["register", "income_classifier/random_forest@1.0.0", "--by", "x"] + root)
        #expect(again.status == 0)
        #expect(again.out.contains("already registered with these facts; nothing changed"))
        let badTime = try modelpress(["history", "--at", "yesterday"] + root)
        #expect(badTime.status != 0)
        #expect(badTime.err.contains("--at 'yesterday' is not a UTC time"))
    }

    @Test func readingCommandsWorkAroundProblemsAndOnlyWritesSayNothingWasWritten() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        try Data("{oops\n".utf8).write(to: scratch.eventsFolder.appendingPathComponent("broken.json"))
        let root = ["--root", scratch.root.path]
        let ls = try modelpress(["ls"] + root)
        #expect(ls.status == 0, "\(ls.err)")
        #expect(ls.out.contains("random_forest@1.0.0  testing"))
        #expect(ls.err.components(separatedBy: "warning: the registry has a problem").count == 2, "\(ls.err)")
        #expect(!ls.err.contains("nothing was written"))
        let history = try modelpress(["history"] + root)
        #expect(history.status == 0 && history.out.contains("random_forest@1.0.0 registered"))
        let status = try modelpress(["status", "income_classifier/random_forest@1.0.0", "staging", "--by", "x"] + root)
        #expect(status.status == 1)
        #expect(status.err.contains("nothing was written"))
        #expect(status.err.components(separatedBy: "broken.json:1: bad JSON").count == 2, "\(status.err)")
    }

    @Test func runtimeFailuresPrintErrorAndExitOneWithoutTheUsageBanner() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let publish = try modelpress(["publish", "--site", folder.url.appendingPathComponent("nosite").path])
        #expect(publish.status == 1)
        #expect(publish.err.hasPrefix("error: ") && publish.err.contains("site.toml"), "\(publish.err)")
        #expect(!publish.err.contains("Usage:"))
        let site = folder.url.appendingPathComponent("site")
        let templates = site.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{#items}}\n".utf8).write(to: templates.appendingPathComponent("card.mustache"))
        let eject = try modelpress(["theme", "eject", "card", "--site", site.path])
        #expect(eject.status == 1 && eject.err.hasPrefix("error: ") && !eject.err.contains("Usage:"))
        try Data("title = \"x\"\n".utf8).write(to: site.appendingPathComponent("site.toml"))
        let broken = try modelpress([
            "publish", "--site", site.path, "--out", folder.url.appendingPathComponent("out").path,
        ])
        #expect(broken.status == 1 && !broken.err.contains("Usage:"))
        #expect(
            broken.err.contains("card.mustache:1:1: ") && broken.err.contains("{{#items}} opened here is never closed"))
        // A mistake in the command line is still a usage error.
        #expect(try modelpress(["publish", "--no-such-option"]).status == 64)
    }

    @Test func publishSaysWhenPredictCGIsAnswerPagesAreMissing() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let site = scratch.root.appendingPathComponent("site")
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent("pages"), withIntermediateDirectories: true)
        try Data("title = \"x\"\n".utf8).write(to: site.appendingPathComponent("site.toml"))
        try Data("# Models\n\n<!-- endpoints -->\n".utf8).write(to: site.appendingPathComponent("pages/index.md"))
        let out = scratch.root.appendingPathComponent("out").path
        let without = try run(Executables.modelpress, ["publish", "--out", out], in: scratch.root)
        #expect(without.status == 0, "\(without.errorOutput)")
        #expect(without.output.contains("note: predict.cgi's answer pages were not written"))
        #expect(without.output.contains("`--answers answers`"))
        let with = try run(Executables.modelpress, ["publish", "--out", out, "--answers", "answers"], in: scratch.root)
        #expect(with.status == 0, "\(with.errorOutput)")
        #expect(!with.output.contains("answer pages were not written"))
        // Once the repository has them, publishing without the option says nothing more.
        let again = try run(Executables.modelpress, ["publish", "--out", out], in: scratch.root)
        #expect(again.status == 0 && !again.output.contains("answer pages were not written"))
    }

    @Test func themeEjectFromASubfolderWritesTheRepositorysSite() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        let research = scratch.root.appendingPathComponent("research")
        let first = try run(Executables.modelpress, ["theme", "eject", "card"], in: research)
        #expect(first.status == 0, "\(first.errorOutput)")
        let card = scratch.root.appendingPathComponent("site/templates/card.mustache")
        #expect(FileManager.default.fileExists(atPath: card.path))
        #expect(!FileManager.default.fileExists(atPath: research.appendingPathComponent("site").path))
        try Data("mine\n".utf8).write(to: card)
        let all = try run(Executables.modelpress, ["theme", "eject"], in: research)
        #expect(all.status == 0, "\(all.errorOutput)")
        #expect(all.output.contains("kept 1 file(s) you already have") && all.output.contains("(card.mustache)"))
        #expect(try String(contentsOf: card, encoding: .utf8) == "mine\n")
    }

    /// Command lines argument parser would answer beside the point (trial17 #14, #17): `-dash`
    /// read as `-d -a -s -h` (the whole help, status 0), a "Did you mean" to an option that
    /// is no slip of the keys (`--json` → `--root`), and a negative number taken for an option
    /// ("Missing value for '--threads'"); a name the registry refuses is refused with its rule.
    @Test(arguments: [
        (["new", "-dash", "--data", "x.csv", "--label", "y"], "Error: '-dash' is no option", "OVERVIEW"),
        (["ls", "--json"], "Error: Unknown option '--json'\n", "Did you mean"),
        (["publish", "--bogus"], "Error: Unknown option '--bogus'\n", "Did you mean"),
        (["ls", "--rot"], "Error: Unknown option '--rot'. Did you mean '--root'?\n", "\0"),
        (["train", "--threads", "-2"], "Error: --threads must be at least 1\n", "Missing value"),
        (
            ["new", ".hidden", "--data", "x.csv", "--label", "y"],
            "Error: '.hidden' is not a valid name (1–64 of a-z A-Z 0-9 _ . -, not starting with . or -)\n", "\0"
        ),
    ])
    func commandLineMistakesAreToldAsTheyAre(arguments: [String], saying: String, notSaying: String) throws {
        let result = try run(Executables.modelpress, arguments, in: Executables.repositoryRoot)
        #expect(result.status == 64, "\(result.output)\(result.errorOutput)")
        #expect(result.errorOutput.hasPrefix(saying), "\(result.errorOutput)")
        #expect(!result.errorOutput.contains(notSaying) && !result.output.contains(notSaying), "\(result.output)")
    }

    /// An endpoint name may hold `.` (not first), as the registry's rule, the help and the
    /// refusal all say (trial17 #14: help and refusal said letters, digits, '_' and '-' only).
    @Test func anEndpointNameFollowsTheRegistrysRule() throws {
        let help = try run(Executables.modelpress, ["new", "--help"], in: Executables.repositoryRoot)
        #expect(help.output.contains("1–64 of a-z A-Z 0-9 _ . -, not"), "\(help.output)")
        #expect(throws: Never.self) { try Registry.checkNewEndpointName("Bad.Name") }
        let refused = try #require(throws: RegistryError.self) { try Registry.checkNewEndpointName("-dash") }
        #expect(refused.description.contains("not starting with . or -"))
    }
}
