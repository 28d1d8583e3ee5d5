import ArgumentParser
import Basics
import Foundation
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
            if status == .production, !events.isEmpty { try warnIfUnevaluated() }
        }

        /// A version promoted without an evaluation report (trial29 #16: train's quick test figure
        /// was all anyone had seen; the endpoint page then shows dashes).
        private func warnIfUnevaluated() throws {
            let report =
                RepositoryLayout.artifactFolder(of: version) + "/"
                + RepositoryLayout.ArtifactFile.evaluationReport.rawValue
            let root = URL(fileURLWithPath: try options.rootPath)
            guard !FileManager.default.fileExists(atPath: root.appendingPathComponent(report).path) else { return }
            printError(
                "warning: \(version) is in production without an evaluation report (\(report)); "
                    + "`modelpress evaluate \(version)` scores it on its held-out test rows, and its card and the "
                    + "endpoint page show the figures once published")
        }
    }
}
