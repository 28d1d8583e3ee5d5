import ArgumentParser
import Basics
import Foundation
import Registry

/// Where the repository and its registry are; shared by every registry command.
struct RegistryOptions: ParsableArguments {
    @Option(name: .long, help: "The repository root; artifact paths are relative to it.")
    var root: String = "."

    @Option(name: .long, help: "The registry folder (default: <root>/research/registry).")
    var registry: String?

    /// The registry these options name.
    var store: Registry { Registry(folder: registry, root: root) }

    /// `--by` when given, else git's user.name, else $USER.
    func actor(_ explicit: String?) -> String {
        ActorName.resolve(explicit: explicit, root: URL(fileURLWithPath: root))
    }
}

/// Runs a registry operation, printing its error as one `file:line: message` line on stderr
/// and exiting 1 instead of dumping usage.
func reportingRegistryErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RegistryError {
        if case .inconsistent(let problems) = error.reason {
            for problem in problems { printError(problem.description) }
        }
        printError("error: \(error.description)")
        throw ExitCode.failure
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Parses `endpoint/model@version` for argument parser.
extension VersionID: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}

extension ModelStatus: ExpressibleByArgument {
    /// The statuses `modelpress status` accepts (ab_testing belongs to `modelpress ab`).
    public static var allValueStrings: [String] { ["testing", "staging", "production", "archived"] }
}
