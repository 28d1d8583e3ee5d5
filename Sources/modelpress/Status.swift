import ArgumentParser
import Basics
import Registry

extension ModelPress {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a version to another status.",
            discussion: """
                Statuses: testing, staging, production, archived (ab_testing only through an \
                A/B test). From testing or staging a version may go anywhere else; production \
                may go to staging or archived; archived may come back (promoting an archived \
                version to production is a rollback). Promoting a version archives the \
                endpoint's current production version first, as its own event.

                Examples:
                  modelpress status income_classifier/random_forest@1.0.0 production \\
                      --by alice --note "best ROC AUC"
                  modelpress status income_classifier/random_forest@0.9.0 production \\
                      --by bob --note "rollback: 1.0.0 mislabels new data"
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "The version, as endpoint/model@version.", transform: VersionID.argument)
        var version: VersionID

        @Argument(help: "The new status: testing, staging, production or archived.")
        var status: ModelStatus

        @Option(help: "Who makes the change (default: \(ActorName.defaultSource)).")
        var by: String?

        @Option(help: "Why; recorded with the event.")
        var note: String?

        func run() throws {
            let registry = try options.store
            let events = try reportingRegistryErrors {
                try registry.setStatus(version, to: status, by: options.actor(by), note: note)
            }
            if events.isEmpty { print("\(version) is already \(status); nothing changed") }
            for event in events {
                if case .statusChanged(let change) = event.body {
                    print("\(change.version): \(change.from) → \(change.to) (event \(event.id))")
                }
            }
        }
    }
}
