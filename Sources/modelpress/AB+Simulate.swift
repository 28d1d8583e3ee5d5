import ArgumentParser
import Basics
import Foundation
import Models
import Registry

extension ModelPress.AB {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay labelled rows through the real predict.cgi and post their true outcomes as feedback.",
            discussion: """
                For each labelled row (arm A's test rows by default: its test file, or the rows its \
                split held out; or --data, read as arm A's data was declared), POSTs the input to \
                <url>/<endpoint>/predict over HTTP, checks that the answer came through the test's \
                split, and POSTs the row's true class, or for a regression its true value, to \
                <url>/requests/<id>/feedback with the token the prediction returned, as a client \
                reporting outcomes would. A value the row lacks is sent as null where the \
                endpoint lets the field be missing; other rows with gaps are skipped. The server \
                must be running and serving the registry the test was started in. Progress goes \
                to stderr; the first failure (server down, an error answer, a request outside the \
                test) stops the run with the reason.

                --url is where your predict.cgi answers: a deployment of `modelpress bundle` (its \
                README says how to serve it; its lighttpd config listens on port 8080). Without \
                --url, the URL that `make run` in modelpress's own source tree is serving (it writes \
                var/lighttpd/cgi-url while it runs), else http://127.0.0.1:8080/cgi-bin/predict.cgi.

                Examples:
                  # ID: see `modelpress ab ls`; --url: where your predict.cgi answers
                  modelpress ab simulate ID --rows 2000 \\
                      --url http://127.0.0.1:8080/cgi-bin/predict.cgi
                  modelpress ab simulate ID --rows 500 --client-ids \\
                      --url https://models.example.org/cgi-bin/predict.cgi
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "The running test's id (see `modelpress ab ls`).")
        var id: Int

        @Option(help: "How many rows to replay, from the top (default: all).")
        var rows: Int?

        @Option(
            help:
                "predict.cgi's base URL; routes are appended to it (default: where `make run` serves it in modelpress's own tree, else http://127.0.0.1:8080/cgi-bin/predict.cgi)."
        )
        var url: String?

        /// What `scripts/serve` (make run) writes while it runs: its predict.cgi URL.
        static let servedURLFile = "var/lighttpd/cgi-url"
        static let defaultURL = "http://127.0.0.1:8080/cgi-bin/predict.cgi"

        /// `--url`, else the URL `make run` serves in this repository, else the default; and where it came from.
        private func baseURL() throws -> (url: String, source: String) {
            if let url { return (url, "--url") }
            let file = URL(fileURLWithPath: try options.rootPath).appendingPathComponent(Self.servedURLFile)
            if let text = try? String(contentsOf: file, encoding: .utf8),
                let served = text.split(whereSeparator: \.isNewline).first.map(String.init), !served.isEmpty
            {
                return (served, "make run's, from \(Self.servedURLFile)")
            }
            return (Self.defaultURL, "the default; predict.cgi served elsewhere? pass --url")
        }

        @Option(help: "A labelled data file, in arm A's declared format (default: arm A's test rows).")
        var data: String?

        @Flag(
            name: .customLong("client-ids"),
            help: "Send a client_id per row, so the split assigns arms by hash instead of at random.")
        var clientIDs = false

        @Option(help: "Requests in flight at once.")
        var concurrency = 4

        func validate() throws {
            if let rows, rows < 1 { throw ValidationError("--rows \(rows) must be at least 1") }
            guard (1...64).contains(concurrency) else {
                throw ValidationError("--concurrency \(concurrency) must be between 1 and 64")
            }
            guard let url else { return }
            guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil
            else {
                throw ValidationError(
                    "--url '\(url)' is not an http(s) URL like http://127.0.0.1:8080/cgi-bin/predict.cgi")
            }
        }

        func run() throws {
            let state = try reportingRegistryErrors { try options.store.load() }
            let test = try abTest(id, in: state)
            guard test.isRunning else {
                throw CommandFailure(
                    "A/B test \(id) is stopped; predict.cgi no longer splits the traffic of \(test.endpoint)")
            }
            guard let endpoint = state.endpoints[test.endpoint] else {
                throw CommandFailure("unknown endpoint '\(test.endpoint)'")
            }
            let loaded: (rows: [ABSimulator.Row], skipped: Int)
            let source: String
            do {
                let root = URL(fileURLWithPath: try options.rootPath)
                let armA = test.arms[0]
                let id = VersionID(endpoint: test.endpoint, model: armA.model, version: armA.version)
                let recordFile = root.appendingPathComponent(RepositoryLayout.artifactFolder(of: id))
                    .appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
                guard let bytes = FileManager.default.contents(atPath: recordFile.path) else {
                    throw ABSimulator.Failure(
                        description: "\(recordFile.path) is missing; arm A's training record says how to read its data")
                }
                let record = try TrainingRecord.decode(bytes)
                let file = try data.map { try record.dataset(readingFile: $0, root: root) }
                if let warning = file?.unlabelledWarning { printError("note: " + warning) }
                let rowsToSend = file?.rows
                source = data.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "\(id)'s test rows"
                loaded = try ABSimulator.rows(
                    of: rowsToSend ?? record.testDataset(root: root), schema: endpoint.definition.schema, limit: rows,
                    clientIDs: clientIDs)
            } catch {
                throw CommandFailure("\(error)")
            }
            if let rows, loaded.rows.count < rows {
                printError("note: \(source) has only \(loaded.rows.count) rows to send; replaying those")
            }
            let total = loaded.rows.count
            let (url, urlSource) = try baseURL()
            printError(
                "simulate: \(total) rows of \(source) through \(url) (\(urlSource); A/B test \(id), \(concurrency) at a time; "
                    + "\(loaded.skipped) rows skipped for a value the endpoint requires)")
            let simulator = ABSimulator(base: url, endpoint: test.endpoint, testID: id)
            let step = max(1, total / 20)
            do {
                try simulator.run(loaded.rows, workers: concurrency) { done, perArm in
                    if done % step == 0 || done == total {
                        let arms = perArm.keys.sorted().map { "\($0) \(perArm[$0] ?? 0)" }.joined(separator: ", ")
                        printError("simulate: \(done)/\(total) predictions with feedback (\(arms))")
                    }
                }
            } catch {
                throw CommandFailure("\(error) (\(simulator.feedbackPosted) of \(total) rows were sent before it)")
            }
            let arms = simulator.perArm.keys.sorted().map { "arm \($0) \(simulator.perArm[$0] ?? 0)" }
            print(
                "simulated \(total) predictions with feedback through A/B test \(id): \(arms.joined(separator: ", "))")
        }
    }
}
