import ArgumentParser
import Basics
import Foundation
import Registry

extension ModelPress {
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a trained version in the registry, in testing.",
            discussion: """
                Reads training.json and hashes model.bin in the version's artifact folder \
                (research/artifacts/<endpoint>/<model>/<version>/ unless --artifact says \
                otherwise) and appends a `registered` event. Versions are immutable: registering \
                the same facts again changes nothing; different facts are refused, naming them. \
                The version must take the endpoint's fields, kinds and classes (a difference is \
                refused, naming it); new categories and fields that may be missing extend the \
                endpoint's schema (endpoints/<name>.json), and the additions are printed.

                Examples:
                  modelpress register income_classifier/random_forest@1.0.0
                  modelpress register income_classifier/extra_trees@1.0.0 \\
                      --by alice --note "first try"
                """
        )

        @OptionGroup var options: RegistryOptions

        @Argument(help: "The version, as endpoint/model@version.", transform: VersionID.argument)
        var version: VersionID

        @Option(help: "The artifact folder holding model.bin and training.json.")
        var artifact: String?

        @Option(help: "Who registers it (default: \(ActorName.defaultSource)).")
        var by: String?

        @Option(help: "A note recorded with the event.")
        var note: String?

        @Option(help: "The version's owner (default: the endpoint's owner).")
        var owner: String?

        @Option(help: "A one-line description of the version.")
        var description: String?

        func run() throws {
            let registry = try options.store
            // An endpoint name with a slip is named first (trial21 #4: `Penguin_Body_Mass/…` was
            // told to train the version, whose artifact folder the slip had moved).
            let state = try reportingRegistryErrors { try registry.load() }
            if state.endpoints[version.endpoint] == nil,
                let meant = RegistryError(reason: .unknownEndpoint(version.endpoint)).suggesting(in: state).suggestion
            {
                throw CommandFailure(
                    "unknown endpoint '\(version.endpoint)' in \(version); did you mean '\(meant)'?")
            }
            let outcome = try reportingRegistryErrors {
                try registry.register(
                    version, artifactFolder: artifact.map { URL(fileURLWithPath: $0) }, owner: owner,
                    description: description, by: options.actor(by), note: note)
            }
            switch outcome {
            case .registered(let event, _, _):
                print("registered \(version) in testing (event \(event.id))")
                outcome.printSchemaChanges(of: version, prefix: "")
            case .unchanged:
                print("\(version) is already registered with these facts; nothing changed")
            }
        }
    }
}
