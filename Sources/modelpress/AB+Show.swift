import ArgumentParser
import Basics
import Foundation
import Models
import Registry
import Serving

extension ModelPress.AB {
    struct List: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List the A/B tests: id, endpoint, arms, split, state and outcome.",
            discussion: """
                Examples:
                  modelpress ab ls
                  modelpress ab ls income_classifier --json
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "Only this endpoint's tests.")
        var endpoint: String?

        @Flag(help: "Print the tests as a JSON array.")
        var json = false

        func run() throws {
            let state = try reportingRegistryErrors { try options.store.load() }
            if let endpoint, state.endpoints[endpoint] == nil {
                throw CommandFailure(
                    "unknown endpoint '\(endpoint)'"
                        + RegistryError(reason: .unknownEndpoint(endpoint)).suggesting(in: state).hint)
            }
            let tests = state.allABTests.filter { endpoint == nil || $0.endpoint == endpoint }
            if json {
                print(try ABReport.json(tests))
                return
            }
            guard !tests.isEmpty else {
                print("no A/B tests yet; start one with `modelpress ab start`")
                return
            }
            var rows = [["id", "endpoint", "arms", "started", "state", "title"]]
            for test in tests {
                let arms = test.arms.map { "\($0.arm)=\($0.model)@\($0.version) \($0.percent)%" }
                let outcome = test.isRunning ? "running" : test.aborted ? "aborted" : "stopped, \(test.outcome)"
                rows.append([
                    String(test.id), test.endpoint, arms.joined(separator: " "), test.startedAt.description, outcome,
                    test.title,
                ])
            }
            print(ABReport.table(rows), terminator: "")
        }
    }

    struct Show: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one A/B test; for a running one, what stopping it now would decide.",
            discussion: """
                A stopped test shows the numbers stored when it stopped. A running test is \
                counted from the request log (see --requests), without changing anything. On a \
                binary endpoint it also shows, per arm, the positives among the feedback, the \
                accuracy of always answering the majority class, recall and precision of the \
                positive class, and warns when accuracy is dominated by the majority class \
                (fewer than 10 feedback rows of the other class, or both accuracies within \
                their baselines' intervals); the decision stays on accuracy.

                Examples (ID: the id `ab start` printed; `modelpress ab ls` lists them):
                  modelpress ab show ID
                  modelpress ab show ID --requests /srv/modelpress/var/requests.sqlite --json
                """
        )

        @OptionGroup var options: RegistryOptions

        @OptionGroup var requests: RequestLogOptions

        @Argument(help: "The test's id (see `modelpress ab ls`).")
        var id: Int

        @Flag(help: "Print the test as JSON.")
        var json = false

        func run() throws {
            let state = try reportingRegistryErrors { try options.store.load() }
            let test = try abTest(id, in: state)
            var interim: ABTestSummary?
            // An aborted test recorded no numbers: the log still says what each arm served.
            if test.isRunning || test.aborted {
                if let log = try requests.openIfPresent(root: try options.rootPath) {
                    let tallies = try requests.tallies(for: test, in: log)
                    interim = ABTestSummary.interim(
                        test, tallies: tallies, task: state.task(of: test), labels: state.labels(of: test))
                } else {
                    printError(
                        "note: no request log at \(try requests.place(root: try options.rootPath)); the counts come "
                            + "from the log predict.cgi writes: pass --requests <deployment>/var/requests.sqlite or "
                            + "set \(Deployment.variable)")
                }
            }
            if json {
                print(try ABReport.json(test, interim: interim))
            } else {
                print(ABReport.text(test, interim: interim), terminator: "")
            }
        }
    }
}
