import ArgumentParser
import Foundation
import JSONWriting

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
            Worker.self, DatabaseCommand.self, RequestsCommand.self,
        ]
    )

    /// Parses and runs the command. A failure of the work itself (bad data, a missing file, a
    /// template that does not parse) prints `error: …` and exits 1, for every command alike:
    /// argument parser alone would print `Error:` with the usage banner, and exit 64 (EX_USAGE)
    /// for a `ValidationError`, although the command line was fine. Errors about the command
    /// line (`ValidationError`, from `validate()` or from `run()`) keep the banner and 64, and
    /// `help` its output. With `--json`, every failure is also `{"error": …}` on standard output
    /// (`JSONOutputCommand`).
    /// Standard output is line-buffered first (`StandardOutput.writeEveryLine`), a closed pipe
    /// is a failed write, not a signal (`StandardOutput.ignoreBrokenPipe`), and standard output
    /// is flushed and checked last: a write that failed fails the command
    /// (`StandardOutput.failure`). A mapped file that shrinks is named (`ShrunkFileGuard`).
    static func main() {
        StandardOutput.writeEveryLine()
        StandardOutput.ignoreBrokenPipe()
        ShrunkFileGuard.install()
        let arguments = CommandLineMistake.joiningNegativeValues(Array(CommandLine.arguments.dropFirst()))
        var command: any ParsableCommand
        do {
            // Before parsing: argument parser reads `-dash` as `-d -a -s -h` and shows the help.
            if let mistake = CommandLineMistake.shortOptionGroup(in: arguments) { throw mistake }
            command = try parseAsRoot(arguments)
        } catch {
            let misread = error as? CommandLineMistake
            // Argument parser's own words, but for a "Did you mean" that is no slip of the keys.
            let message = misread?.description ?? CommandLineMistake.withoutFarSuggestion(fullMessage(for: error))
            let code = misread.map { _ in ExitCode.validationFailure } ?? exitCode(for: error)
            if code != .success, JSONFailure.isAsked(arguments, root: Self.self) {
                JSONFailure.write(JSONFailure.message(for: misread ?? error, command: nil))
            }
            guard misread != nil || message != fullMessage(for: error) else { exitAsParserWould(error) }
            printError(code == .validationFailure && misread != nil ? "Error: \(message)" : message)
            exit(withError: code)
        }
        let json = (command as? any JSONOutputCommand)?.json == true
        do {
            try command.run()
            exitIfNotWritten()
        } catch let written as ResultWritten {
            exitIfNotWritten()
            exit(withError: written.status)
        } catch {
            // Argument parser's own outcomes (help, a usage error, an exit code) stay its own.
            if error is ExitCode || exitCode(for: error) != .failure {
                if json, exitCode(for: error) != .success {
                    JSONFailure.write(JSONFailure.message(for: error, command: type(of: command)._commandName))
                }
                exitAsParserWould(error)
            }
            printError("error: \(error)")
            if json { JSONFailure.write("\(error)") }
            exit(withError: ExitCode.failure)
        }
    }
}

extension ModelPress {
    /// Argument parser's own outcome of `error` (help, a usage error, an exit code), except
    /// that the help it prints on standard output is checked as every command's output is
    /// (`help train > /dev/full` exited 0, trial20 #11).
    static func exitAsParserWould(_ error: any Error) -> Never {
        guard exitCode(for: error) == .success else { exit(withError: error) }
        let text = fullMessage(for: error)
        if !text.isEmpty { print(text) }
        exitIfNotWritten()
        exit(withError: ExitCode.success)
    }
}

/// Exits 1 with `error: cannot write standard output: …` when what the command printed did
/// not all reach standard output (`StandardOutput.failure`), rather than report success.
private func exitIfNotWritten() {
    guard let reason = StandardOutput.failure() else { return }
    printError("error: cannot write standard output: \(reason); the output is incomplete")
    ModelPress.exit(withError: ExitCode.failure)
}

/// Thrown by a command that has written its whole result and still exits with `status`
/// (`predict` with rows it could not score, `monitor` finding drift): nothing more is printed,
/// on standard error or, with `--json`, on standard output.
struct ResultWritten: Error {
    var status: ExitCode
}

/// A command with `--json`, whose standard output a script reads: `ModelPress.main()` writes
/// every failure of it, from its command line's (an unknown option, a wrong value) to its
/// work's, as `{"error": message}` on standard output too, so that `--json > out.json` never
/// leaves an empty file or one that is not JSON.
protocol JSONOutputCommand: ParsableCommand {
    var json: Bool { get }
}

/// `{"error": …}` for a `JSONOutputCommand` that failed.
enum JSONFailure {
    /// Whether `arguments` name a `JSONOutputCommand` (subcommand names from `root` down) and
    /// give `--json` before any `--`: asked when the command line did not parse, so there is no
    /// command to ask.
    static func isAsked(_ arguments: [String], root: any ParsableCommand.Type) -> Bool {
        var type = root
        for argument in arguments {
            guard
                let next = type.configuration.subcommands.first(where: {
                    $0._commandName == argument || $0.configuration.aliases.contains(argument)
                })
            else { break }
            type = next
        }
        let options = arguments.prefix { $0 != "--" }
        return type is any JSONOutputCommand.Type && options.contains("--json")
    }

    /// The message of a failure, as standard error has it without `error: `: every failure
    /// carries its message (a command throws `CommandFailure` and the like, never an exit code
    /// after printing), so this is the one place `--json` takes it from; that `command` (or
    /// modelpress) could not run for an error without one.
    static func message(for error: any Error, command: String?) -> String {
        let text = CommandLineMistake.withoutFarSuggestion(ModelPress.message(for: error))
        guard !text.isEmpty else { return "\(command ?? "modelpress") could not run" }
        return text.hasPrefix("error: ") ? String(text.dropFirst(7)) : text
    }

    /// Writes `{"error": message}` on standard output.
    static func write(_ message: String) {
        struct Failure: Encodable { var error: String }
        if let bytes = try? JSONWriter.encode(Failure(error: message), .document) {
            print(String(decoding: bytes, as: UTF8.self))
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
