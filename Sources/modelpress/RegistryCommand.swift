import ArgumentParser
import Foundation
import Models
import Registry

extension ModelPress {
    struct RegistryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "registry",
            abstract: "Check the registry or add an endpoint.",
            subcommands: [Check.self, AddEndpoint.self]
        )

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the registry's files; print every problem as file:line: message.",
                discussion: """
                    Finds bad JSON, unknown endpoints and versions, illegal transitions, time \
                    going backwards, repeated or missing sequence numbers, and a stale serving \
                    snapshot. Exits non-zero when it finds any. The same check guards every write.

                    Examples:
                      modelpress registry check
                      modelpress registry check --fix        # rewrite a stale serving.json
                      modelpress registry check --artifacts  # also verify every model file's SHA-256
                    """
            )

            @OptionGroup var options: RegistryOptions

            @Flag(help: "Rewrite serving.json from the event log when that is the only problem.")
            var fix = false

            @Flag(help: "Also hash every registered model file and compare it with the registry (slow).")
            var artifacts = false

            func run() throws {
                let registry = try options.existingStore()
                var problems = registry.check()
                if fix, !problems.isEmpty {
                    if (try? registry.rewriteServingSnapshot()) != nil { problems = registry.check() }
                }
                if artifacts, problems.isEmpty { problems = registry.verifyArtifacts() }
                for problem in problems { print(problem.description) }
                guard problems.isEmpty else { throw ExitCode.failure }
                print("\(registry.displayName): ok")
            }
        }

        struct AddEndpoint: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-endpoint",
                abstract: "Add an endpoint from a definition file (name, owner, description, schema).",
                discussion: """
                    Copies the definition to <registry>/endpoints/<name>.json and records an \
                    endpoint_created event. created_at defaults to now.

                    Example:
                      modelpress registry add-endpoint income_classifier.json --by alice
                    """
            )

            @OptionGroup var options: RegistryOptions

            @Argument(help: "A JSON file with name, owner, description, schema and optionally created_at.")
            var definition: String

            @Option(help: "Who adds it (default: git's user.name, else $USER).")
            var by: String?

            @Option(help: "A note recorded with the event.")
            var note: String?

            func run() throws {
                let registry = options.store
                let definition = try reportingRegistryErrors {
                    try EndpointDefinition.read(from: URL(fileURLWithPath: self.definition))
                }
                let event = try reportingRegistryErrors {
                    try registry.createEndpoint(definition, by: options.actor(by), note: note)
                }
                print(
                    event.map { "endpoint \(definition.name) created (event \($0.seq))" }
                        ?? "endpoint \(definition.name) already exists with this definition; nothing changed")
            }
        }
    }
}
