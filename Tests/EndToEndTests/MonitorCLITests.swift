import Foundation
import Models
import RegistryTestSupport
import ServingCore
import Testing

/// `modelpress monitor` on the repository's registry and a request log written here: the
/// verdicts, the exit status CI reads, the JSON, and the errors a user meets first.
@Suite struct MonitorCLITests {
    static let root = Executables.repositoryRoot

    /// A log with penguin_species' production version answering its test rows, one a minute
    /// from 2026-11-02, with `bill_length_mm` moved by `shift`.
    static func log(in folder: TemporaryFolder, shift: Double = 0) throws -> String {
        let artifact = root.appendingPathComponent("research/artifacts/penguin_species/random_forest/1.0.0")
        let record = try TrainingRecord.decode(try Data(contentsOf: artifact.appendingPathComponent("training.json")))
        let test = try record.testDataset(root: root)
        let model = try TreeModel(contentsOf: artifact.appendingPathComponent("model.bin"))
        let predictions = model.predict(test)
        let path = folder.url.appendingPathComponent("requests.sqlite").path
        var rows: [LoggedRequest] = []
        for r in 0..<test.rowCount {
            var input: [String: Any] = [:]
            for (f, field) in test.schema.fields.enumerated() {
                if field.kind == .numeric {
                    let x = test.numbers[f][r] + (field.name == "bill_length_mm" ? shift : 0)
                    input[field.name] = x.isNaN ? NSNull() : x
                } else {
                    let code = Int(test.codes[f][r])
                    input[field.name] = code < 0 ? NSNull() : field.categories[code]
                }
            }
            let text = String(
                decoding: try JSONSerialization.data(withJSONObject: input, options: .sortedKeys), as: UTF8.self)
            let p = predictions[r]
            rows.append(
                LoggedRequest(
                    createdAt: String(format: "2026-11-02T%02d:%02d:00.000Z", r / 60, r % 60),
                    endpoint: "penguin_species", model: "random_forest", version: "1.0.0", abTestID: nil, abArm: nil,
                    clientID: nil, input: text, label: p.label, probability: p.probability,
                    positiveProbability: p.positiveProbability, latencyMicroseconds: 100, source: "api",
                    tokenSHA256: String(repeating: "0", count: 64), probabilities: nil))
        }
        try RequestLogFile.write(rows, to: path)
        return path
    }

    func monitor(_ arguments: [String], root: URL = root) throws -> ProcessResult {
        try run(Executables.modelpress, ["monitor"] + arguments + ["--root", root.path])
    }

    @Test func replayDoesNotDriftAndShiftDoesWithExitStatusTwo() throws {
        let folder = try TemporaryFolder("modelpress-monitor")
        defer { folder.remove() }
        let calm = try monitor(["penguin_species", "--requests", try Self.log(in: folder)])
        #expect(calm.status == 0, "\(calm.output)\(calm.errorOutput)")
        #expect(calm.output.contains("penguin_species/random_forest@1.0.0 (production): 69 requests in"))
        #expect(calm.output.contains("made again from the declared data"))
        // 69 requests: below the default minimum, measured but not judged.
        #expect(calm.output.contains("too few requests (69 < 600) to judge"), "\(calm.output)")
        // Nothing judged: no verdict, rather than "no drift" (trial28 #3), still exit 0.
        #expect(
            calm.output.hasSuffix(
                "no verdict: no window has the 600 requests a verdict needs (--min-requests); its figures are shown "
                    + "above, unjudged\n"), "\(calm.output)")

        let shifted = try TemporaryFolder("modelpress-monitor")
        defer { shifted.remove() }
        let drift = try monitor([
            "penguin_species", "--requests", try Self.log(in: shifted, shift: 8), "--window", "1d", "--min-requests",
            "50",
        ])
        #expect(drift.status == 2, "\(drift.output)\(drift.errorOutput)")
        #expect(drift.output.contains("window 2026-11-02T00:00:00Z to 2026-11-03T00:00:00Z: 69 requests"))
        #expect(
            drift.output.contains(
                "drift: 1 of 1 window crossed a threshold\n  2026-11-02T00:00:00Z: bill_length_mm (ks)\n"),
            "\(drift.output)")
        let line = try #require(drift.output.split(separator: "\n").first { $0.hasPrefix("  bill_length_mm") })
        #expect(line.contains(" ks ") && line.hasSuffix("DRIFT (ks)"), "\(line)")
        // The same log unshifted, read since two days before, in hours: the empty hours are one
        // line each side, not one each.
        let hours = try monitor([
            "penguin_species", "--requests", shifted.url.appendingPathComponent("requests.sqlite").path, "--window",
            "1h", "--since", "2026-10-31",
        ])
        #expect(
            hours.output.contains(
                "\n48 windows from 2026-10-31T00:00:00Z to 2026-11-02T00:00:00Z: no requests\n"), "\(hours.output)")
        #expect(!hours.output.contains(": 0 requests"))

        let json = try monitor([
            "penguin_species", "--requests", shifted.url.appendingPathComponent("requests.sqlite").path, "--json",
            "--numeric-method", "wasserstein", "--threshold", "wasserstein=0.5", "--min-requests", "1",
        ])
        #expect(json.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(report["drifted"] as? Bool == true && report["requests"] as? Int == 69)
        let options = try #require(report["options"] as? [String: Any])
        #expect(options["numeric_method"] as? String == "wasserstein")
        #expect(options["categorical_method"] is NSNull && options["psi_threshold"] is NSNull)
        #expect(options["min_requests"] as? Int == 1 && options["missing_threshold"] as? Double == 0.05)
        let windows = try #require(report["windows"] as? [[String: Any]])
        let fields = try #require(windows.first?["fields"] as? [[String: Any]])
        let bill = try #require(fields.first { $0["name"] as? String == "bill_length_mm" })
        #expect(bill["method"] as? String == "wasserstein" && bill["threshold"] as? Double == 0.5)
        #expect(bill["drifted"] as? Bool == true && (bill["psi"] as? Double ?? 0) > 0.25)
        #expect(bill["value_drifted"] as? Bool == true && bill["missing_drifted"] as? Bool == false)
        #expect(windows.first?["judged"] as? Bool == true)
        #expect(windows.first?["drifted"] as? [String] == ["bill_length_mm"])
    }

    @Test func publishWithALogThatIsNotThereSaysWhatToPass() throws {
        let folder = try TemporaryFolder("modelpress-monitor")
        defer { folder.remove() }
        let missing = folder.url.appendingPathComponent("none.sqlite").path
        let result = try run(
            Executables.modelpress,
            [
                "publish", "--site", Self.root.appendingPathComponent("site").path, "--out",
                folder.url.appendingPathComponent("public").path, "--requests", missing,
            ])
        #expect(result.status == 1)
        #expect(
            result.errorOutput.contains(
                "there is no request log at \(missing); pass --requests the log predict.cgi writes"),
            "\(result.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("public").path))
    }

    @Test func errorsSayWhatIsWrong() throws {
        let folder = try TemporaryFolder("modelpress-monitor")
        defer { folder.remove() }
        let unknown = try monitor(["penguin_specie", "--requests", "/nonexistent.sqlite"])
        #expect(unknown.status == 1)
        #expect(
            unknown.errorOutput.contains(
                "no endpoint 'penguin_specie' in the registry; did you mean 'penguin_species'?"))

        let noLog = try monitor([
            "penguin_species", "--requests", folder.url.appendingPathComponent("none.sqlite").path,
        ])
        #expect(
            noLog.status == 1 && noLog.errorOutput.contains("no request log at")
                && noLog.errorOutput.contains("--requests") && noLog.errorOutput.contains("MODELPRESS_DEPLOYMENT"))

        let emptyPath = folder.url.appendingPathComponent("empty.sqlite").path
        try RequestLogFile.write([], to: emptyPath)
        // No traffic yet is no failure (trial 13, finding 6): a note, exit 0, in text and JSON.
        let empty = try monitor(["penguin_species", "--requests", emptyPath])
        #expect(empty.status == 0, "\(empty.errorOutput)")
        #expect(
            empty.output.hasPrefix(
                "note: \(emptyPath) has no requests answered by penguin_species/random_forest@1.0.0; nothing to compare yet"
            ), "\(empty.output)")
        let emptyJSON = try monitor(["penguin_species", "--requests", emptyPath, "--json"])
        #expect(emptyJSON.status == 0, "\(emptyJSON.errorOutput)")
        let quiet = try #require(try JSONSerialization.jsonObject(with: emptyJSON.stdout) as? [String: Any])
        #expect(quiet["requests"] as? Int == 0 && quiet["drifted"] as? Bool == false)
        #expect((quiet["windows"] as? [Any])?.isEmpty == true)
        #expect(quiet["version"] as? String == "penguin_species/random_forest@1.0.0")
        #expect((quiet["note"] as? String)?.contains("nothing to compare yet") == true)
        // With the endpoint given, --version may name the version as model@version (trial14 A7:
        // it was called not registered); another endpoint's is still refused.
        for version in ["gradient_boosting@1.0.0", "penguin_species/gradient_boosting@1.0.0"] {
            let pinned = try monitor(["penguin_species", "--requests", emptyPath, "--version", version])
            #expect(pinned.status == 0, "\(pinned.errorOutput)")
            #expect(pinned.output.contains("answered by penguin_species/gradient_boosting@1.0.0"), "\(pinned.output)")
        }
        let elsewhere = try monitor([
            "penguin_species", "--requests", emptyPath, "--version", "income_classifier/random_forest@1.0.0",
        ])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.errorOutput.contains("is not a registered version of penguin_species"))

        let otherPath = folder.url.appendingPathComponent("other.sqlite").path
        try DirectConnection(path: otherPath).execute("CREATE TABLE request (id INTEGER, body TEXT)")
        let other = try monitor(["penguin_species", "--requests", otherPath])
        #expect(other.status == 1)
        #expect(other.errorOutput.contains("is a request log of another schema: its `request` table has no created_at"))

        // Wrong options exit 64, as the help says, with the monitor's usage.
        let badWindow = try monitor(["penguin_species", "--window", "7 days"])
        #expect(badWindow.status == 64 && badWindow.errorOutput.contains("is not a span"))
        let badMethod = try monitor(["penguin_species", "--categorical-method", "ks"])
        #expect(badMethod.status == 64 && badMethod.errorOutput.contains("needs numbers"))
        let badSince = try monitor(["penguin_species", "--since", "yesterday"])
        #expect(badSince.status == 64 && badSince.errorOutput.contains("modelpress monitor"), "\(badSince.errorOutput)")
        // A --since in the future is a typo, not "nothing to compare yet" (trial24 #9).
        let future = try monitor(["penguin_species", "--since", "2999-01-01"])
        #expect(
            future.status == 64
                && future.errorOutput.contains(
                    "--since '2999-01-01' (2999-01-01T00:00:00Z) is in the future: it is now 20")
                && future.errorOutput.contains(
                    "so no request is that new; give a moment in the past (a date is its midnight, UTC) or a span "
                        + "back from now (7d)"),
            "\(future.errorOutput)")
        let badP = try monitor(["penguin_species", "--threshold", "ks=1.5"])
        #expect(badP.status == 64 && badP.errorOutput.contains("between 0 and 1"), "\(badP.errorOutput)")
        let negative = try monitor(["penguin_species", "--psi-threshold", "-1"])
        #expect(negative.status == 64 && negative.errorOutput.contains("must be a positive number"))
        // --min-requests is refused the same way by monitor and by publish, which takes it too.
        let none = try monitor(["penguin_species", "--min-requests", "0"])
        #expect(none.status == 64 && none.errorOutput.contains("--min-requests must be a whole number of at least 1"))
        let publishNone = try run(Executables.modelpress, ["publish", "--min-requests", "0"], in: folder.url)
        #expect(
            publishNone.status == 64
                && publishNone.errorOutput.contains("--min-requests must be a whole number of at least 1, as 600"),
            "\(publishNone.errorOutput)")

        // --json answers a JSON object on failure too.
        let jsonError = try monitor([
            "penguin_species", "--json", "--requests", folder.url.appendingPathComponent("none.sqlite").path,
        ])
        #expect(jsonError.status == 1)
        let failure = try #require(try JSONSerialization.jsonObject(with: jsonError.stdout) as? [String: Any])
        // The reason itself, not a pointer to standard error (trial 13, finding 5).
        let reason = try #require(failure["error"] as? String)
        #expect(reason.hasPrefix("there is no request log at \(folder.url.appendingPathComponent("none.sqlite").path)"))
        #expect(jsonError.errorOutput.contains(reason))

        // A deployment folder is not a repository: say where to run monitor.
        try Data("{}".utf8).write(to: folder.url.appendingPathComponent("deployment.json"))
        let deployment = try run(
            Executables.modelpress, ["monitor", "penguin_species", "--root", folder.url.path])
        #expect(
            deployment.status == 1 && deployment.errorOutput.contains("is a deployment"), "\(deployment.errorOutput)")
        #expect(deployment.errorOutput.contains("in a checkout of the repository with --requests"))

        let scratch = try Scratch().withEndpoint()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        _ = try scratch.registered("income_classifier/rf@1.0.0")
        let noProduction = try monitor(["income_classifier"], root: scratch.root)
        #expect(noProduction.status == 1)
        #expect(
            noProduction.errorOutput.contains("income_classifier has no production version"),
            "\(noProduction.errorOutput)")
    }

    /// With --json, every failure of every command that has --json writes `{"error": …}` on
    /// standard output, its command line's included (trial14 B5: `monitor --json --bogus`
    /// wrote nothing there), and a result written before a non-zero status stays alone.
    @Test(arguments: [
        (["monitor", "penguin_species", "--json", "--bogus"], 64, "Unknown option '--bogus'"),
        (["monitor", "penguin_species", "--json", "--window", "0d"], 64, "'0d' is not a span"),
        (["history", "--json", "--bogus"], 64, "Unknown option '--bogus'"),
        (["ab", "ls", "--bogus", "--json"], 64, "Unknown option '--bogus'"),
        (["ab", "show", "--json"], 64, "Missing expected argument"),
        (["ab", "stop", "--json", "1"], 1, "was already stopped"),
        (["predict", "penguin_species/random_forest@1.0.0", "--json"], 64, "--input"),
        (["explain", "penguin_species/random_forest@9.9.9", "--input", "-", "--json"], 1, "9.9.9"),
        (["predict", "penguin_species/random_forest@9.9.9", "--input", "-", "--json"], 1, "9.9.9"),
        (
            [
                "diff", "penguin_species/random_forest@1.0.0", "penguin_species/random_forest@1.0.0", "--json",
                "--bogus",
            ],
            64, "Unknown option '--bogus'"
        ),
        (["diff", "penguin_species/random_forest@9.9.9", "penguin_species/random_forest@1.0.0", "--json"], 1, "9.9.9"),
    ])
    func everyJSONFailureIsJSON(arguments: [String], status: Int32, saying: String) throws {
        let result = try run(Executables.modelpress, arguments, in: Executables.repositoryRoot)
        #expect(result.status == status, "\(result.errorOutput)")
        let failure = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.output)")
        #expect((failure["error"] as? String)?.contains(saying) == true, "\(failure)")
        // Without --json, standard output stays empty.
        let plain = try run(
            Executables.modelpress, arguments.filter { $0 != "--json" }, in: Executables.repositoryRoot)
        #expect(plain.output.isEmpty)
    }

    /// Outside a repository, the JSON error is the message standard error gets (trial15: predict,
    /// explain, history and ab wrote `{"error": ""}`, their repository root being found, and
    /// missed, while their command line was read).
    @Test(arguments: [
        ["predict", "penguin_species/random_forest@1.0.0", "--input", "-", "--json"],
        ["explain", "penguin_species/random_forest@1.0.0", "--input", "-", "--json"],
        ["history", "--json"],
        ["ab", "ls", "--json"],
        ["ab", "show", "1", "--json"],
        ["monitor", "penguin_species", "--json"],
    ])
    func outsideARepositoryTheJSONErrorSaysSo(arguments: [String]) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = try run(Executables.modelpress, arguments, in: folder.url)
        #expect(result.status == 1, "\(result.errorOutput)")
        let failure = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.output)")
        let reason = try #require(failure["error"] as? String)
        #expect(reason.hasPrefix("not inside a modelpress repository: no research/ folder in "), "\(reason)")
        #expect(result.errorOutput.contains("error: " + reason))
    }

    /// predict --json with a row it cannot score writes the scored rows' JSON and nothing more.
    @Test func aResultWrittenBeforeAFailureStatusIsNotFollowedByAnError() throws {
        let rows =
            "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\nDream,39,18,190,3700,male\nMars,,,,,\n"
        let result = try run(
            Executables.modelpress, ["predict", "penguin_species/random_forest@1.0.0", "--input", "-", "--json"],
            input: Data(rows.utf8), in: Executables.repositoryRoot)
        #expect(result.status == 1)
        let scored = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(scored.count == 1)
    }
}
