import ArgumentParser
import Foundation
import Registry

extension ModelPress.AB {
    struct Abort: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End an A/B test without a decision, its arms back where they were before it.",
            discussion: """
                The way out of a test that cannot or should not be decided: an arm that got no \
                feedback (a broken challenger, clients that never post feedback), a test started \
                by mistake. Nothing is promoted or archived and no numbers are stored: each arm \
                returns to its status before the test (a production arm stays production), and \
                the endpoint can be promoted or rolled back again. The registry records an \
                ab_stopped event marked aborted, with who (--by) and why (--note, required), \
                and each status change as its own event; `history`, `ab show` and the site's \
                A/B page show the test as aborted. To decide a test from its feedback, use \
                `modelpress ab stop`.

                Examples (ID: the id `ab start` printed; `modelpress ab ls` lists them):
                  modelpress ab abort ID --by alice \\
                      --note "arm B never answered: its artifact was missing"
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "The test's id (see `modelpress ab ls`).")
        var id: Int

        @Option(help: "Who aborts it (default: \(ActorName.defaultSource)).")
        var by: String?

        @Option(help: "Why the test ends without a decision (recorded with the event).")
        var note: String

        func run() throws {
            let registry = try options.store
            let state = try reportingRegistryErrors { try registry.load() }
            let test = try runningABTest(id, in: state)
            let events = try reportingRegistryErrors {
                try registry.abortABTest(id: id, by: options.actor(by), note: note)
            }
            print("A/B test \(id) on \(test.endpoint) aborted without a decision (event \(events[0].id))")
            for event in events {
                if case .statusChanged(let change) = event.body {
                    print("\(change.version): \(change.from) → \(change.to) (event \(event.id))")
                }
            }
        }
    }
}
