import ArgumentParser
import Foundation
import Registry

extension ModelPress.AB {
    struct Stop: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop an A/B test, decide it from the request log's feedback, and apply the decision.",
            discussion: """
                Counts, per arm, the requests the split served and those that received feedback; \
                accuracy is over requests with feedback only, with a Wilson 95% interval. A \
                two-sided two-proportion z-test compares the arms. When each arm has at least \
                --min-per-arm predictions with feedback and p < --alpha, the more accurate arm \
                becomes production, or stays production if it was (a production version outside \
                the test is archived), and the other goes to testing. Otherwise nothing is promoted and both arms return to \
                their status before the test, unless --force promotes the more accurate arm \
                anyway (`ab ls`, `ab show`, `history` and the site then say "arm B promoted by \
                --force (no significant difference)", not that it won). An arm without any feedback is an error, --force or not: its accuracy is \
                unknown (`modelpress ab abort` ends such a test without a decision). The \
                numbers and the reason are stored with the stop event in the registry.

                A regression endpoint's test compares mean absolute error instead: each arm's \
                MAE with a t 95% interval, the difference B − A with Welch's 95% interval and \
                Welch's two-sided t-test on the absolute errors; the arm that errs less wins, \
                with the same --min-per-arm, --alpha and --force. Without a significant \
                difference the decision says how many predictions with feedback per arm would \
                detect the observed one with 80% power (for regression from the arms' spread of \
                absolute errors).

                Examples (ID: the id `ab start` printed; `modelpress ab ls` lists them):
                  modelpress ab stop ID --by alice
                  modelpress ab stop ID --by alice \\
                      --requests /srv/modelpress/var/requests.sqlite
                  modelpress ab stop ID --by alice --force --note "ship it: cheaper to serve"
                  modelpress ab stop ID --by alice --json
                """
        )

        @OptionGroup var options: RegistryOptions

        @OptionGroup var requests: RequestLogOptions

        @Argument(help: "The test's id (see `modelpress ab ls`).")
        var id: Int

        @Option(help: "Who stops it (default: \(ActorName.defaultSource)).")
        var by: String?

        @Option(help: "A note recorded with the stop event (the decision's reason is always recorded).")
        var note: String?

        @Flag(help: "Promote the more accurate arm even when the difference is not significant.")
        var force = false

        @Option(help: "The significance level of the z-test.")
        var alpha: Double = 0.05

        @Option(help: "Predictions with feedback each arm needs before a winner can be named.")
        var minPerArm: Int = 100

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha \(alpha) must be between 0 and 1") }
            guard minPerArm >= 1 else { throw ValidationError("--min-per-arm \(minPerArm) must be at least 1") }
        }

        func run() throws {
            let registry = try options.store
            let state = try reportingRegistryErrors { try registry.load() }
            let test = try runningABTest(id, in: state)
            let tallies = try requests.tallies(for: test, in: requests.open(root: try options.rootPath))
            let (winner, summary) = try reportingRegistryErrors {
                try ABTestSummary.decide(
                    test, tallies: tallies, task: state.task(of: test), labels: state.labels(of: test), alpha: alpha,
                    minimumPerArm: minPerArm,
                    force: force)
            }
            let note = [note, summary.decision].compactMap { $0 }.joined(separator: " — ")
            let events = try reportingRegistryErrors {
                try registry.stopABTest(id: id, winner: winner, summary: summary, by: options.actor(by), note: note)
            }
            let stopped = try abTest(id, in: try reportingRegistryErrors { try registry.load() })
            if json {
                print(try ABReport.json(stopped))
                return
            }
            print(ABReport.text(stopped), terminator: "")
            for event in events {
                if case .statusChanged(let change) = event.body {
                    print("\(change.version): \(change.from) → \(change.to) (event \(event.id))")
                }
            }
            printError(ABTestDeployment.copyNote)
        }
    }
}

/// What `ab start` and `ab stop` say of deployments that do not serve the repository (trial29
/// #15: a bundle kept splitting traffic for a stopped test).
enum ABTestDeployment {
    static let copyNote =
        "note: a deployment made by `modelpress bundle` answers from its own copy of the serving snapshot: for "
        + "this to take effect there, bundle again and copy the new bundle's research/registry/serving.json to it "
        + "(docs/deploy.md, \"Updating a deployment\")"
}
