import ArgumentParser
import Foundation
import Registry

/// The options of the commands that make a version's artifact (`train`, `import`): where it
/// goes, whether it is registered, and by whom.
struct ArtifactOptions: ParsableArguments {
    @Option(name: .long, help: "Where artifacts go (default: the repository's research/artifacts).")
    var artifacts: String?

    @Flag(name: .long, help: "Write the artifact only; do not register the version.")
    var noRegister = false

    @Option(help: "Who registers the new versions (default: \(ActorName.defaultSource)).")
    var by: String?

    /// `--artifacts` as an absolute path, resolved from the folder the command was started in
    /// (call before entering the repository root).
    var artifactsFolder: String? { artifacts.map { URL(fileURLWithPath: $0).standardizedFileURL.path } }

    /// Who registers, from the repository root.
    func actor() -> String { ActorName.resolve(explicit: by, root: URL(fileURLWithPath: ".")) }
}
