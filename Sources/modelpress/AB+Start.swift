import ArgumentParser
import Registry

extension ModelPress.AB {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start an A/B test: split an endpoint's unpinned traffic between two versions.",
            discussion: """
                The arms must be two different versions of the endpoint, each in testing, \
                staging or production. A production arm stays production (the endpoint keeps \
                serving it to pinned and status=production requests); the other arm moves to \
                ab_testing until the test stops. One test runs per endpoint at a time.

                Examples:
                  modelpress ab start income_classifier --a random_forest@1.0.0 \\
                      --b gradient_boosting@1.0.0 --split 50 --title "RF vs GBT" --by alice
                  modelpress ab start income_classifier --a random_forest@1.0.0 \\
                      --b extra_trees@1.0.0 --split 90 --title "ET canary" \\
                      --note "10% to ET first"
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "The endpoint whose traffic is split.")
        var endpoint: String

        @Option(
            help: ArgumentHelp("Arm A, as model@version (usually the production version).", valueName: "model@version"))
        var a: ArmReference

        @Option(help: ArgumentHelp("Arm B, as model@version (the challenger).", valueName: "model@version"))
        var b: ArmReference

        @Option(help: "Percent of the unpinned requests arm A receives, 1–99; B gets the rest.")
        var split: Int = 50

        @Option(help: "What the test is about, shown on the site.")
        var title: String

        @Option(help: "Who starts it (default: \(ActorName.defaultSource)).")
        var by: String?

        @Option(help: "Why; recorded with the start event.")
        var note: String?

        func validate() throws {
            guard (1...99).contains(split) else {
                throw ValidationError("--split \(split) is not a percentage between 1 and 99 (arm A's share)")
            }
            guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--title is empty; say what the test is about")
            }
        }

        func run() throws {
            let registry = try options.store
            let test = try reportingRegistryErrors {
                try registry.startABTest(
                    endpoint: endpoint, a: a.version(in: endpoint), b: b.version(in: endpoint), percentA: split,
                    title: title, by: options.actor(by), note: note)
            }
            print("started A/B test \(test.id) on \(test.endpoint): \(test.title)")
            for arm in test.arms {
                print("  arm \(arm.arm): \(arm.model)@\(arm.version) \(arm.percent)% (was \(arm.statusBefore))")
            }
            print(
                "predict.cgi serving this repository splits the unpinned requests of \(test.endpoint) from now on; stop "
                    + "with `modelpress ab stop \(test.id)`")
            printError(ABTestDeployment.copyNote)
        }
    }
}
