import Foundation
import Testing

/// An A/B test's whole cycle with the real CLI, the real predict.cgi under lighttpd and the real
/// SQLite request log: start, predictions without feedback (stopping then is refused), 2,000
/// replayed Adult rows with feedback, stop, and the registry and the published site showing the
/// decision.
@Suite(.serialized) struct ABTestEndToEndTests {
    /// A copy of the repository's registry, artifacts, cards and site, with random forest in
    /// production and gradient boosting in testing.
    func makeDeployment(in folder: URL) throws -> URL {
        let root = folder.appendingPathComponent("deployment")
        let repository = Executables.repositoryRoot
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: root.appendingPathComponent("research"), withIntermediateDirectories: true)
        for path in ["research/registry", "research/artifacts", "research/cards", "site"] {
            try fileManager.copyItem(
                at: repository.appendingPathComponent(path), to: root.appendingPathComponent(path))
        }
        try? fileManager.removeItem(at: root.appendingPathComponent("site/public"))
        try modelpress(["status", "income_classifier/random_forest@1.0.0", "production", "--by", "e2e"], in: root)
        return root
    }

    @discardableResult
    func modelpress(_ arguments: [String], in root: URL, expect status: Int32 = 0) throws -> ProcessResult {
        let result = try run(Executables.modelpress, arguments, in: root)
        try #require(
            result.status == status,
            "modelpress \(arguments.joined(separator: " ")) exited \(result.status): \(result.errorOutput)")
        return result
    }

    func sqlite(_ database: URL, _ sql: String) throws -> [[String]] {
        let result = try run(URL(fileURLWithPath: "/usr/bin/sqlite3"), ["-separator", "|", database.path, sql])
        try #require(result.status == 0, "sqlite3: \(result.errorOutput)")
        return result.output.split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A count as the site shows it, in groups of three digits (`1,022`).
    static func grouped(_ count: Int) -> String {
        let digits = Array(String(count))
        return String(
            digits.enumerated().flatMap { index, digit in
                index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
            })
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    @Test func startSimulateStopAndPublish() throws {
        let folder = try TemporaryFolder("modelpress-ab")
        defer { folder.remove() }
        let root = try makeDeployment(in: folder.url)
        let adultTest = Executables.repositoryRoot.appendingPathComponent("research/data/adult/adult.test").path

        // Refused starts change nothing.
        let twice = try modelpress(
            [
                "ab", "start", "income_classifier", "--a", "random_forest@1.0.0", "--b", "random_forest@1.0.0",
                "--title", "t", "--by", "e2e",
            ], in: root, expect: 1)
        #expect(
            twice.errorOutput.contains("must be different versions, not income_classifier/random_forest@1.0.0 twice"))
        let elsewhere = try modelpress(
            [
                "ab", "start", "income_classifier", "--a", "random_forest@1.0.0", "--b",
                "credit_scorer/gradient_boosting@1.0.0", "--title", "t", "--by", "e2e",
            ], in: root, expect: 1)
        #expect(elsewhere.errorOutput.contains("is a version of credit_scorer, not of income_classifier"))

        let started = try modelpress(
            [
                "ab", "start", "income_classifier", "--a", "random_forest@1.0.0", "--b", "gradient_boosting@1.0.0",
                "--split", "50", "--title", "E2E <RF> vs GBT", "--by", "e2e",
            ], in: root)
        let idText = try #require(started.output.split(separator: " ").dropFirst(3).first?.split(separator: " ").first)
        let id = try #require(Int(idText), "\(started.output)")
        #expect(started.output.hasPrefix("started A/B test \(id) on income_classifier: E2E <RF> vs GBT"))

        // With nothing listening, simulate says so.
        let port = try LighttpdServer.freePort()
        let down = try modelpress(
            [
                "ab", "simulate", "\(id)", "--rows", "3", "--data", adultTest, "--url",
                "http://127.0.0.1:\(port)/cgi-bin/predict.cgi",
            ], in: root, expect: 1)
        #expect(
            down.errorOutput.contains(
                "cannot reach http://127.0.0.1:\(port)/cgi-bin/predict.cgi/income_classifier/predict"))
        #expect(down.errorOutput.contains("is predict.cgi served there? Pass its URL with --url"))
        // A server that answers predict.cgi's error with 200 (Python's http.server passes the
        // CGI's Status line on as a header): the status and message are shown, not "no
        // request_id" (trial17 #9).
        let refusing = root.appendingPathComponent("refusing.cgi")
        try Data(
            ("#!/bin/sh\nprintf 'Status: 200 OK\\r\\nContent-Type: application/json\\r\\n\\r\\n'\n"
                + #"printf '{"status":"Error","message":"the request could not be logged, so it is not served","errors":[]}'"#
                + "\n").utf8
        ).write(to: refusing)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: refusing.path)
        // scripts/serve wants the jobs executable beside the CGI; this server never runs it.
        try FileManager.default.copyItem(
            at: refusing, to: root.appendingPathComponent("refusing.cgi-jobs"))
        let emptySite = root.appendingPathComponent("empty-site")
        try FileManager.default.createDirectory(at: emptySite, withIntermediateDirectories: true)
        try Data("<!DOCTYPE html><title>x</title>".utf8).write(to: emptySite.appendingPathComponent("index.html"))
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("var/refusing"), withIntermediateDirectories: true)
        try LighttpdServer.with(site: emptySite, cgi: refusing, state: root.appendingPathComponent("var/refusing")) {
            server in
            let refused = try modelpress(
                [
                    "ab", "simulate", "\(id)", "--rows", "3", "--data", adultTest, "--url",
                    server.baseURL + "/cgi-bin/predict.cgi",
                ], in: root, expect: 1)
            #expect(
                refused.errorOutput.contains(
                    "predict.cgi/income_classifier/predict answered 200 with an error: the request could not be logged, "
                        + "so it is not served"), "\(refused.errorOutput)")
        }

        try modelpress(["publish", "--site", root.appendingPathComponent("site").path], in: root)
        let database = root.appendingPathComponent("var/requests.sqlite")
        try LighttpdServer.with(
            site: root.appendingPathComponent("site/public"), cgi: Executables.predictCGI,
            state: folder.url.appendingPathComponent("state"), deployment: root
        ) { server in
            // Two predictions, feedback on the first only: one arm has none, so stopping now has
            // nothing to measure its accuracy with.
            var answers: [[String: Any]] = []
            for _ in 0..<2 {
                let answer = try server.post(
                    "/cgi-bin/predict.cgi/income_classifier/predict", body: DeploymentFixture.referenceRecord)
                #expect(answer.status == 200, "\(answer.body)")
                let body = try json(answer.body)
                #expect((body["ab_test"] as? [String: Any])?["id"] as? Int == id)
                answers.append(body)
            }
            let first = answers[0]
            let fed = try #require((first["ab_test"] as? [String: Any])?["arm"] as? String, "\(first)")
            let posted = try server.post(
                "/cgi-bin/predict.cgi/requests/\(try #require(first["request_id"] as? Int))/feedback",
                body: #"{"feedback":"<=50K","token":"\#(try #require(first["feedback_token"] as? String))"}"#)
            #expect(posted.status == 200, "\(posted.body)")
            let early = try modelpress(["ab", "stop", "\(id)", "--by", "e2e"], in: root, expect: 1)
            #expect(early.errorOutput.contains("of A/B test \(id) has no feedback"))
            #expect(early.errorOutput.contains("so its accuracy is unknown"))
            #expect(
                try json(try modelpress(["ab", "show", "\(id)", "--json"], in: root).output)["running"] as? Bool == true
            )
            // The arm with feedback shows its accuracy though the other has none yet (trial15: it
            // said "— (no feedback)" until both had some).
            let shown = try modelpress(["ab", "show", "\(id)"], in: root).output.split(separator: "\n")
            let fedLine = try #require(shown.first { $0.hasPrefix("  \(fed) ") }, "\(shown)")
            let otherLine = try #require(shown.first { $0.hasPrefix("  \(fed == "A" ? "B" : "A") ") }, "\(shown)")
            #expect(!fedLine.contains("no feedback") && fedLine.contains(" ["), "\(fedLine)")
            #expect(otherLine.hasSuffix("— (no feedback)"), "\(otherLine)")

            let simulated = try modelpress(
                [
                    "ab", "simulate", "\(id)", "--rows", "2000", "--data", adultTest, "--concurrency", "8", "--url",
                    server.baseURL + "/cgi-bin/predict.cgi",
                ], in: root)
            #expect(simulated.output.hasPrefix("simulated 2000 predictions with feedback through A/B test \(id)"))
            #expect(simulated.errorOutput.contains("simulate: 2000/2000 predictions with feedback"))

            // What the log holds, counted here independently of modelpress.
            let counted = try sqlite(
                database,
                "SELECT ab_arm, count(*), count(feedback), sum(feedback = label) FROM request "
                    + "WHERE ab_test_id = \(id) GROUP BY ab_arm ORDER BY ab_arm")
            try #require(counted.map(\.first) == ["A", "B"], "\(counted)")
            let served = counted.map { Int($0[1]) ?? -1 }
            let feedback = counted.map { Int($0[2]) ?? -1 }
            let correct = counted.map { Int($0[3]) ?? -1 }
            #expect(served.reduce(0, +) == 2002)
            #expect(feedback.reduce(0, +) == 2001)

            let stop = try json(try modelpress(["ab", "stop", "\(id)", "--by", "e2e", "--json"], in: root).output)
            let summary = try #require(stop["summary"] as? [String: Any])
            let arms = try #require(summary["arms"] as? [[String: Any]])
            #expect(arms.map { $0["requests"] as? Int } == served)
            #expect(arms.map { $0["with_feedback"] as? Int } == feedback)
            #expect(arms.map { $0["correct"] as? Int } == correct)
            let accuracies = zip(correct, feedback).map { Double($0) / Double($1) }
            for (arm, accuracy) in zip(arms, accuracies) {
                #expect(abs((arm["accuracy"] as? Double ?? -1) - accuracy) < 1e-12)
            }
            for arm in arms {
                let accuracy = try #require(arm["accuracy"] as? Double)
                let low = try #require(arm["accuracy_low"] as? Double)
                let high = try #require(arm["accuracy_high"] as? Double)
                #expect(low < accuracy && accuracy < high)
            }
            let p = try #require(summary["p_value"] as? Double)
            let winner = stop["winner"] as? String
            let better = accuracies[0] > accuracies[1] ? "A" : "B"
            #expect(winner == (p < 0.05 ? better : nil), "p = \(p), accuracies \(accuracies)")
            #expect(summary["significant"] as? Bool == (p < 0.05))
            let decision = try #require(summary["decision"] as? String)

            let again = try modelpress(["ab", "stop", "\(id)", "--by", "e2e"], in: root, expect: 1)
            #expect(again.errorOutput.contains("A/B test \(id) was already stopped"))

            // The registry follows the decision, and is consistent.
            let production = winner == "B" ? "gradient_boosting@1.0.0" : "random_forest@1.0.0"
            let other = winner == "B" ? "random_forest@1.0.0" : "gradient_boosting@1.0.0"
            let listing = try modelpress(["ls", "income_classifier"], in: root).output
            func status(of version: String) -> String? {
                listing.split(separator: "\n").first { $0.hasPrefix("  \(version) ") }?
                    .split(separator: " ").dropFirst().first.map(String.init)
            }
            #expect(status(of: production) == "production", "\(listing)")
            #expect(status(of: other) == "testing", "\(listing)")
            try modelpress(["registry", "check"], in: root)
            let served2 = try json(
                String(
                    decoding: try Data(contentsOf: root.appendingPathComponent("research/registry/serving.json")),
                    as: UTF8.self))
            let endpoint = try #require(
                (served2["endpoints"] as? [String: Any])?["income_classifier"] as? [String: Any])
            #expect(endpoint["ab_test"] == nil)

            // The published site shows the report, linked from the endpoint, both cards and the feed.
            try modelpress(["publish", "--site", root.appendingPathComponent("site").path], in: root)
            let report = try server.get("/ab-tests/income_classifier/\(id)/")
            #expect(report.status == 200)
            #expect(report.body.contains("<h1>A/B test \(id): E2E &lt;RF&gt; vs GBT</h1>"))
            #expect(report.body.contains(Self.escape(decision)))
            #expect(
                report.body.contains(
                    "<td>\(Self.grouped(served[0]))</td><td>\(Self.grouped(feedback[0]))</td><td>\(Self.grouped(correct[0]))</td>"
                ))
            #expect(
                report.body.contains(
                    "<td>\(Self.grouped(served[1]))</td><td>\(Self.grouped(feedback[1]))</td><td>\(Self.grouped(correct[1]))</td>"
                ))
            #expect(report.body.contains(winner.map { "stopped: arm \($0) won" } ?? "stopped without a winner"))
            let link = "href=\"/ab-tests/income_classifier/\(id)/\""
            for page in [
                "/endpoints/income_classifier/", "/endpoints/income_classifier/random_forest/1.0.0/",
                "/endpoints/income_classifier/gradient_boosting/1.0.0/",
            ] {
                #expect(try server.get(page).body.contains(link), "\(page) does not link the report")
            }
            let feed = try server.get("/feed.xml").body
            #expect(feed.contains("A/B test \(id) stopped: \(winner.map { "arm \($0) won" } ?? "no winner")"))
            #expect(feed.components(separatedBy: "ab-tests/income_classifier/\(id)/").count - 1 >= 2)
        }
    }
}
