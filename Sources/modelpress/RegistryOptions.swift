import ArgumentParser
import Basics
import Foundation
import Registry

/// Where the repository and its registry are; shared by every registry command.
struct RegistryOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The repository root; artifact paths are relative to it (default: the folder holding research/, from here upwards)."
    )
    var root: String?

    @Option(name: .long, help: "The registry folder (default: <root>/research/registry).")
    var registry: String?

    /// The repository root: --root, else found from here upwards when the command runs
    /// (`RepositoryRoot.resolve`; never in `validate()`, as `RepositoryRoot` says why).
    /// - Throws: `CommandFailure` saying where it looked, outside a repository.
    var rootPath: String {
        get throws { try RepositoryRoot.resolve(root) }
    }

    /// The registry these options name.
    /// - Throws: as `rootPath`.
    var store: Registry {
        get throws { Registry(folder: registry, root: try rootPath) }
    }

    /// The registry, which must exist: reading commands say so instead of printing nothing.
    /// - Throws: `CommandFailure` outside a repository or when the registry folder is missing.
    func existingStore() throws -> Registry {
        let store = try self.store
        guard FileManager.default.fileExists(atPath: store.folder.path) else {
            throw CommandFailure(RegistryError(file: store.displayName, reason: .noRegistry).description)
        }
        return store
    }

    /// `--by` when given, else `ActorName.resolve`'s default ($GIT_AUTHOR_NAME, user.name, $USER).
    func actor(_ explicit: String?) throws -> String {
        ActorName.resolve(explicit: explicit, root: URL(fileURLWithPath: try rootPath))
    }
}

/// Runs a registry operation, printing its error as one `file:line: message` line on stderr
/// and exiting 1 instead of dumping usage.
func reportingRegistryErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RegistryError {
        throw CommandFailure(error.description)
    }
}

extension RegisterOutcome {
    /// What registering `id` did to its endpoint's schema, as `train`, `import` and `register`
    /// say it: the additions on standard output, and as a warning the categories the endpoint
    /// keeps that `id` does not know (trial15 #12: after `trim_spaces`, the endpoint still
    /// accepted `'basic '`, and nothing said why).
    func printSchemaChanges(of id: VersionID, prefix: String) {
        guard case .registered(_, let additions, let kept) = self else { return }
        if !additions.isEmpty {
            print("\(prefix)extended the schema of \(id.endpoint): \(additions.joined(separator: "; "))")
        }
        if !kept.isEmpty {
            printError(
                "\(prefix)warning: the schema of \(id.endpoint) keeps categories \(id) does not know, as long as any "
                    + "registered version knows them (registered versions stay, archived ones too): "
                    + kept.joined(separator: "; ") + "; predict.cgi and the form still accept them, and \(id) "
                    + "scores them as missing values")
        }
    }
}

extension RegistryReading {
    /// Says on standard error, once, that the registry has problems and what is shown anyway.
    func warnAboutProblems() {
        guard !problems.isEmpty else { return }
        let count = problems.count == 1 ? "a problem" : "\(problems.count) problems"
        printError(
            "warning: the registry has \(count) (an unresolved merge?); this shows the state without the events "
                + "that break a rule\(refused.isEmpty ? "" : " (marked ! in `modelpress history`)"); "
                + "`modelpress registry check` lists the problems and how to resolve them")
    }
}

extension RegistryError {
    /// The rule an event breaks, without the advice a conflict adds (for one line of history).
    var ruleBroken: String {
        switch reason {
        case .conflict(let reason, let other, _): RegistryError(reason: reason).message + " (with \(other))"
        case .endpointFileUnreadable(let name):
            "endpoints/\(name).json cannot be read (see `modelpress registry check`)"
        default: message
        }
    }

    /// `problems` as `registry check` prints them, one per line: every event of an endpoint
    /// whose file cannot be read (an unresolved merge of it) fails for that one reason, so the
    /// first is printed and the rest counted on the next line, instead of one line per event.
    static func printedLines(_ problems: [RegistryError]) -> [String] {
        func unreadableEndpoint(_ problem: RegistryError) -> String? {
            if case .endpointFileUnreadable(let name) = problem.reason { return name }
            return nil
        }
        var counts: [String: Int] = [:]
        for name in problems.compactMap(unreadableEndpoint) { counts[name, default: 0] += 1 }
        var lines: [String] = []
        var printed: Set<String> = []
        for problem in problems {
            guard let name = unreadableEndpoint(problem) else {
                lines.append(problem.description)
                continue
            }
            guard printed.insert(name).inserted else { continue }
            lines.append(problem.description)
            let more = (counts[name] ?? 1) - 1
            if more > 0 {
                lines.append(
                    "… and \(counted(more, "more event")) of endpoint '\(name)', for the same reason")
            }
        }
        return lines
    }
}

/// Writes a line to standard error: a note, a warning, a row's problem. A failure is not
/// printed where it happens but thrown (`CommandFailure`), and `ModelPress.main` says it, on
/// standard error and, with `--json`, in `{"error": …}`. A standard error that cannot be
/// written is left alone (`StandardError.writeLine`).
func printError(_ line: String) {
    StandardError.writeLine(line)
}

/// A version reference argument that is not `endpoint/model@version`, saying the expected form.
struct ReferenceArgumentError: Error, CustomStringConvertible {
    var description: String
}

extension VersionID {
    /// Parses `endpoint/model@version` for `@Argument(transform:)`, so that a wrong reference is
    /// told the expected form (argument parser alone says only that the value is invalid).
    /// - Throws: `ReferenceArgumentError` with the expected form and what is wrong.
    static func argument(_ text: String) throws -> VersionID {
        if let problem = VersionID.parsingProblem(text) { throw ReferenceArgumentError(description: problem) }
        guard let id = VersionID(parsing: text) else { throw ReferenceArgumentError(description: "not a reference") }
        return id
    }
}

extension ModelStatus: ExpressibleByArgument {
    /// The statuses `modelpress status` accepts (ab_testing belongs to `modelpress ab`).
    public static var allValueStrings: [String] { ["testing", "staging", "production", "archived"] }
}
