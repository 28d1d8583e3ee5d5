import ArgumentParser
import Foundation
import Registry

extension ModelPress.AB {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay labelled Adult rows through the real predict.cgi and post their true labels as feedback.",
            discussion: """
                For each row of the data file (research/data/adult/adult.test by default; rows \
                with a missing value are skipped), POSTs the input to <url>/<endpoint>/predict \
                over HTTP, checks that the answer came through the test's split, and POSTs the \
                row's true label to <url>/requests/<id>/feedback with the token the prediction \
                returned, as a client reporting outcomes would. The server must be running and \
                serving the registry the test was started in. Progress goes to stderr; the \
                first failure (server down, an error answer, a request outside the test) stops \
                the run with the reason.

                Examples:
                  make run &     # serves site/public and predict.cgi on port 8080
                  modelpress ab simulate 1 --rows 2000
                  modelpress ab simulate 1 --rows 500 --client-ids \\
                      --url http://127.0.0.1:8099/cgi-bin/predict.cgi
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "The running test's id (see `modelpress ab ls`).")
        var id: Int

        @Option(help: "How many complete rows to replay, from the top of the file (default: all).")
        var rows: Int?

        @Option(help: "predict.cgi's base URL; routes are appended to it.")
        var url = "http://127.0.0.1:8080/cgi-bin/predict.cgi"

        @Option(
            help: "The labelled data file, in adult.test's format (default: <root>/research/data/adult/adult.test).")
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
                printError("error: A/B test \(id) is stopped; predict.cgi no longer splits \(test.endpoint)'s traffic")
                throw ExitCode.failure
            }
            guard let endpoint = state.endpoints[test.endpoint] else {
                printError("error: unknown endpoint '\(test.endpoint)'")
                throw ExitCode.failure
            }
            let file = URL(
                fileURLWithPath: data
                    ?? URL(fileURLWithPath: options.rootPath).appendingPathComponent(
                        "research/data/adult/adult.test"
                    ).path)
            let loaded: (rows: [ABSimulator.Row], skipped: Int)
            do {
                loaded = try ABSimulator.rows(
                    file: file, schema: endpoint.definition.schema, limit: rows, clientIDs: clientIDs)
            } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
            if let rows, loaded.rows.count < rows {
                printError("note: \(file.path) has only \(loaded.rows.count) complete rows; replaying those")
            }
            let total = loaded.rows.count
            printError(
                "simulate: \(total) rows of \(file.lastPathComponent) through \(url) (A/B test \(id), "
                    + "\(concurrency) at a time; \(loaded.skipped) rows with missing values skipped)")
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
                printError("error: \(error) (\(simulator.feedbackPosted) of \(total) rows were sent before it)")
                throw ExitCode.failure
            }
            let arms = simulator.perArm.keys.sorted().map { "arm \($0) \(simulator.perArm[$0] ?? 0)" }
            print(
                "simulated \(total) predictions with feedback through A/B test \(id): \(arms.joined(separator: ", "))")
        }
    }
}
