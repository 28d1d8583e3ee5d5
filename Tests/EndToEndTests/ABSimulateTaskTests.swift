import Foundation
import Testing

/// `modelpress ab simulate` on a multiclass and a regression endpoint: two versions of each in an
/// A/B test, every held-out row of arm A replayed through predict.cgi under lighttpd with its true
/// class or value as feedback.
@Suite(.serialized) struct ABSimulateTaskTests {
    /// Trains versions 1.0.0 and 2.0.0 (another seed) of `name`, starts an A/B test between them
    /// and returns its id (ids are digests, so the one `ab start` prints).
    static func make(_ name: String, csv: String, label: String, in folder: URL) throws -> String {
        var testID: String?
        let data = folder.appendingPathComponent("research/data/\(name)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: data.appendingPathComponent("\(name).csv"))
        let first = "research/pipelines/\(name)_random_forest.toml"
        let second = "research/pipelines/\(name)_random_forest_2.toml"
        let steps = [
            ["new", name, "--data", "research/data/\(name)/\(name).csv", "--label", label, "--by", "tester"],
            ["train", first, "--by", "tester", "--threads", "1"],
            ["train", second, "--by", "tester", "--threads", "1"],
            ["status", "\(name)/random_forest@1.0.0", "production", "--by", "tester"],
            [
                "ab", "start", name, "--a", "random_forest@1.0.0", "--b", "random_forest@2.0.0", "--title", "seeds",
                "--by", "tester",
            ],
        ]
        for arguments in steps {
            if arguments[0] == "train", arguments[1] == second {
                let text = try String(contentsOf: folder.appendingPathComponent(first), encoding: .utf8)
                try Data(
                    text.replacingOccurrences(of: "version = \"1.0.0\"", with: "version = \"2.0.0\"")
                        .replacingOccurrences(of: "seed = 42", with: "seed = 7").utf8
                ).write(to: folder.appendingPathComponent(second))
            }
            let result = try run(Executables.modelpress, arguments, in: folder)
            guard result.status == 0 else {
                throw DeploymentFixture.FixtureError(
                    message: "modelpress \(arguments.joined(separator: " ")): \(result.errorOutput)")
            }
            if arguments[0] == "ab", let started = result.output.split(separator: "\n").first?.split(separator: " ") {
                testID = started.count > 3 ? String(started[3]) : nil
            }
        }
        guard let testID else { throw DeploymentFixture.FixtureError(message: "ab start printed no test id") }
        return testID
    }

    @Test(arguments: [
        ("shapes", TaskServingTests.shapesCSV(), "shape"),
        ("mass", TaskServingTests.massCSV(), "mass"),
    ])
    func simulateReplaysHeldOutRowsWithTheirOutcome(name: String, csv: String, label: String) throws {
        let folder = try TemporaryFolder("modelpress-ab-tasks")
        defer { folder.remove() }
        let test = try Self.make(name, csv: csv, label: label, in: folder.url)
        try LighttpdServer.with(research: folder.url.appendingPathComponent("research")) { server, log in
            let simulated = try run(
                Executables.modelpress,
                ["ab", "simulate", "\(test)", "--url", server.baseURL + "/cgi-bin/predict.cgi"], in: folder.url)
            #expect(simulated.status == 0, "\(simulated.errorOutput)")
            // 120 rows, 20% held out; shapes' color may be missing, so no row is skipped.
            #expect(
                simulated.output.hasPrefix("simulated 24 predictions with feedback through A/B test \(test)"),
                "\(simulated.output)\(simulated.errorOutput)")
            #expect(simulated.errorOutput.contains("24 rows of \(name)/random_forest@1.0.0's test rows"))
            #expect(simulated.errorOutput.contains("0 rows skipped"))
            let shown = try run(
                Executables.modelpress, ["ab", "show", "\(test)", "--requests", log.path, "--json"], in: folder.url)
            #expect(shown.status == 0, "\(shown.errorOutput)")
            let json = try parseJSON(shown.output)
            let arms = try #require((json["interim"] as? [String: Any])?["arms"] as? [[String: Any]], "\(json)")
            #expect(arms.map { $0["with_feedback"] as? Int ?? 0 }.reduce(0, +) == 24, "\(arms)")
        }
    }
}
