import ArgumentParser
import Foundation
import Models
import Registry

extension ModelPress {
    struct RegistryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "registry",
            abstract: "Check the registry, add an endpoint, write the serving snapshot, or migrate the log.",
            subcommands: [Check.self, AddEndpoint.self, Snapshot.self, Migrate.self]
        )

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the registry's files; print every problem as file:line: message.",
                discussion: """
                    Finds bad JSON, files with unresolved merge conflicts, unknown endpoints \
                    and versions, illegal transitions, misnamed event files, registered \
                    versions whose training schema the endpoint file no longer accepts, and \
                    events of two merged branches that cannot both hold (naming both events, \
                    the commits that added them and how to resolve it). An edited event is \
                    found from its id, which is a digest of its content; events migrated from \
                    events.jsonl keep their numbers as ids, so an edit of one of those is \
                    found only with --since. With --since, also every event that existed at \
                    that revision and was changed, removed or moved in the order (the log is \
                    append-only), reported first. Then the pipelines: a file in research/pipelines/ or research/imports/ \
                    that names a registered version but no longer describes it (edited, or two \
                    branches' edits merged into it) is named with each difference. Exits non-zero \
                    when it finds any. The registry's part of the check guards every write.

                    Examples:
                      modelpress registry check
                      modelpress registry check --since origin/main  # in CI, on a pull request
                      modelpress registry check --artifacts  # also verify every model file's SHA-256
                    """
            )

            @OptionGroup var options: RegistryOptions

            @Option(help: "A revision (the pull request's target branch, fetched) whose events must all be unchanged.")
            var since: String?

            @Flag(help: "Also hash every registered model file and compare it with the registry (slow).")
            var artifacts = false

            func run() throws {
                let registry = try options.existingStore()
                var problems = since.map(registry.check(since:)) ?? registry.check()
                if artifacts, problems.isEmpty { problems = registry.verifyArtifacts() }
                // The problems printed are the result; the exit status says there were some.
                for line in RegistryError.printedLines(problems) { print(line) }
                guard problems.isEmpty else { throw ResultWritten(status: .failure) }
                let edited = try editedPipelines(registry)
                for line in edited { print(line) }
                guard edited.isEmpty else { throw ResultWritten(status: .failure) }
                print("\(registry.displayName): ok")
                if let note = registry.staleServingSnapshotNote() { printError("note: \(note)") }
            }

            /// Each pipeline file that names a registered version but no longer describes it (a merge
            /// that joined two branches' edits of one file, an edit without a new version), as
            /// `file: message`; reading the pipelines costs nothing beside retraining.
            private func editedPipelines(_ registry: Registry) throws -> [String] {
                let registered = try reportingRegistryErrors { try registry.load() }.allVersions
                let folder = FileManager.default.currentDirectoryPath
                guard FileManager.default.changeCurrentDirectoryPath(try options.rootPath) else { return [] }
                defer { _ = FileManager.default.changeCurrentDirectoryPath(folder) }
                let pipelines = Verify.pipelinesByVersion()
                return registered.compactMap { version in
                    guard let pipeline = pipelines[version.id] else { return nil }
                    do {
                        try Train.checkUnchanged(pipeline, registered: version, file: pipeline.file)
                        return nil
                    } catch {
                        return "\(error)"
                    }
                }
            }
        }

        struct Snapshot: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write the serving snapshot (serving.json) predict.cgi reads, from the registry.",
                discussion: """
                    serving.json is derived, not committed: every registry write rewrites it, \
                    `make run` and `bundle` write it; run this after a merge or a checkout when \
                    predict.cgi serves the working tree (`ls` and `registry check` note when it \
                    is out of date).
                    """
            )

            @OptionGroup var options: RegistryOptions

            func run() throws {
                let registry = try options.store
                try reportingRegistryErrors { try registry.rewriteServingSnapshot() }
                print("wrote \(registry.displayName)/serving.json")
            }
        }

        struct Migrate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Move the single-file event log (events.jsonl) to one file per event (events/).",
                discussion: """
                    Each event keeps its number as its id, so the site, the feed and `history --at` \
                    answer as before. Commit the result as its own commit, with serving.json \
                    removed from git (it is derived now): \
                    git add -A research/registry && git rm --cached research/registry/serving.json
                    """
            )

            @OptionGroup var options: RegistryOptions

            func run() throws {
                let registry = try options.store
                let moved = try reportingRegistryErrors { try registry.migrate() }
                print(
                    moved == 0
                        ? "\(registry.displayName): already one file per event; nothing to migrate"
                        : "moved \(moved) events from events.jsonl to \(registry.displayName)/events/")
                let ignored = try reportingRegistryErrors { try registry.ensureGitIgnore() }
                if !ignored.isEmpty {
                    print(
                        "added \(ignored.joined(separator: ", ")) to \(registry.displayName)/.gitignore (derived files)"
                    )
                }
                if moved > 0,
                    let readme = try? String(
                        contentsOf: registry.folder.appendingPathComponent("README.md"), encoding: .utf8),
                    readme.contains("events.jsonl")
                {
                    print(
                        "note: \(registry.displayName)/README.md still describes events.jsonl; "
                            + "update it (the project's research/registry/README.md describes the layout)")
                }
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

            @Option(help: "Who adds it (default: \(ActorName.defaultSource)).")
            var by: String?

            @Option(help: "A note recorded with the event.")
            var note: String?

            func run() throws {
                let registry = try options.store
                let definition = try reportingRegistryErrors {
                    try EndpointDefinition.read(from: URL(fileURLWithPath: self.definition))
                }
                let event = try reportingRegistryErrors {
                    try registry.createEndpoint(definition, by: options.actor(by), note: note)
                }
                print(
                    event.map { "endpoint \(definition.name) created (event \($0.id))" }
                        ?? "endpoint \(definition.name) already exists with this definition; nothing changed")
            }
        }
    }
}
