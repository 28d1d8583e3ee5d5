import ArgumentParser
import Foundation

@main
struct ModelPress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modelpress",
        abstract: "Train, evaluate, register, serve and publish tabular models.",
        discussion: """
            modelpress keeps a model's whole life in one git repository: research/ declares \
            what to train, research/registry/ records every version and who moved it to which \
            status, predict.cgi serves the registered models, and `modelpress publish` turns \
            it all into a static site of model cards.
            """,
        subcommands: [
            New.self, DataCommand.self, Train.self, Import.self, Evaluate.self, Register.self, Status.self, Ls.self,
            History.self,
            Diff.self,
            RegistryCommand.self, AB.self,
            Predict.self, Explain.self, Monitor.self, Publish.self, ThemeCommand.self, Verify.self, Bundle.self,
            Worker.self,
        ]
    )

    /// Parses and runs the command. A failure of the work itself (bad data, a missing file, a
    /// template that does not parse) prints `error: …` and exits 1, for every command alike:
    /// argument parser alone would print `Error:` with the usage banner, and exit 64 (EX_USAGE)
    /// for a `ValidationError`, although the command line was fine. Errors about the command
    /// line (`ValidationError`, from `validate()` or from `run()`) keep the banner and 64, and
    /// `help` its output.
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            // Argument parser's own outcomes (help, a usage error, an exit code) stay its own.
            if error is ExitCode || exitCode(for: error) != .failure { exit(withError: error) }
            printError("error: \(error)")
            exit(withError: ExitCode.failure)
        }
    }
}

/// A command that failed at its work, not at its command line: `ModelPress.main()` prints
/// `error: <description>` and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
