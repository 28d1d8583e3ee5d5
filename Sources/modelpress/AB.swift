import ArgumentParser
import Basics
import Foundation
import Models
import Monitoring
import Registry
import Serving

extension ModelPress {
    struct AB: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ab",
            abstract: "Run an A/B test between two versions of an endpoint: start, simulate, show, stop or abort.",
            discussion: """
                While a test runs, predict.cgi splits the endpoint's unpinned requests between \
                the two arms (sticky per client when the request carries a client_id field or an \
                X-Client-ID header) and logs the arm with each request. Requests that pin a \
                model, version or status are served as asked and are not part of the test. \
                Feedback (the true label, posted with the request's token) is what the test \
                counts: at stop, accuracy is computed from requests with feedback only.

                A typical run. `ab start` prints the new test's id (a 12-digit digest, unique \
                across branches), which the other commands take; `modelpress ab ls` lists \
                every test's id and state:
                  ID=$(modelpress ab start income_classifier --a random_forest@1.0.0 \\
                      --b gradient_boosting@1.0.0 --split 50 --title "RF vs GBT" |
                      awk '/^started/ {print $4}')
                  modelpress ab simulate "$ID" --rows 2000 --url URL   # URL: your predict.cgi
                  modelpress ab show "$ID"
                  modelpress ab stop "$ID" --by alice
                """,
            subcommands: [Start.self, Stop.self, Abort.self, List.self, Show.self, Simulate.self]
        )
    }
}

/// Where the request log is, for the commands that read it.
struct RequestLogOptions: ParsableArguments {
    @Option(
        name: .customLong("requests"),
        help: ArgumentHelp(
            "The request log predict.cgi writes: a SQLite file, or a PostgreSQL URI (postgresql://…).",
            discussion: """
                Default: the deployment's log, from $MODELPRESS_DEPLOYMENT when it is set (its \
                deployment.json's database, or $MODELPRESS_DATABASE_URL over it), else \
                $MODELPRESS_DATABASE_URL, else <root>/var/requests.sqlite (where `make run` and \
                scripts/serve keep it). A PostgreSQL log (postgresql://…, the password in \
                ~/.pgpass rather than the URI) holds what every host of a deployment wrote.
                """,
            valueName: "path-or-uri"))
    var path: String?

    /// Where the log is: `--requests`, else the deployment's (`RequestStore`'s rule: the
    /// environment's database over deployment.json's), else the repository's SQLite log.
    func store(root: String) throws -> RequestStore {
        if let path { return RequestStore(naming: path) }
        let environment = ProcessInfo.processInfo.environment
        let databaseURL = environment[RequestStore.variable].flatMap { $0.isEmpty ? nil : $0 }
        do {
            if let folder = environment[Deployment.variable], !folder.isEmpty {
                return try Deployment.load(folder: folder, databaseURL: databaseURL).requestStore
            }
            if databaseURL != nil { return try Deployment.load(folder: root, databaseURL: databaseURL).requestStore }
        } catch {
            throw CommandFailure(error.description)
        }
        return Deployment(root: root).requestStore
    }

    /// Each arm's counts for `test` from `log`.
    /// - Throws: `CommandFailure` when the log cannot be read.
    func tallies(for test: ABTestRecord, in log: any RequestLogReader) throws -> [String: ABArmTally] {
        do {
            let arms = test.arms.map {
                (arm: $0.arm, version: VersionID(endpoint: test.endpoint, model: $0.model, version: $0.version))
            }
            return try log.abTallies(testID: test.id, arms: arms, startedAt: test.startedAt)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The log: the SQLite file opened read-only, or the PostgreSQL database connected to.
    /// - Throws: `CommandFailure` saying where it looked and what to pass when there is no SQLite
    ///   log there, or why it cannot be read or reached.
    func open(root: String) throws -> any RequestLogReader {
        let store = try store(root: root)
        guard let log = try openIfPresent(store) else {
            throw CommandFailure(
                "there is no request log at \(store); pass --requests with the log predict.cgi writes "
                    + "(<deployment>/var/requests.sqlite, or a PostgreSQL URI) or set \(Deployment.variable)")
        }
        return log
    }

    /// The log (see `open`); nil when it is a SQLite file that is not there.
    /// - Throws: `CommandFailure` when it cannot be read or reached.
    func openIfPresent(root: String) throws -> (any RequestLogReader)? {
        try openIfPresent(try store(root: root))
    }

    /// Where the log is, for messages: the file, or the database without its password.
    func place(root: String) throws -> String {
        try store(root: root).description
    }

    private func openIfPresent(_ store: RequestStore) throws -> (any RequestLogReader)? {
        do {
            return try store.openReaderIfPresent()
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// An arm as the command line names it: `model@version`, or `endpoint/model@version`.
struct ArmReference: ExpressibleByArgument {
    var endpoint: String?
    var model: String
    var version: String

    init?(argument: String) {
        if let full = VersionID(parsing: argument) {
            self.init(endpoint: full.endpoint, model: full.model, version: full.version)
            return
        }
        guard let short = VersionID(parsing: "endpoint/" + argument) else { return nil }
        self.init(endpoint: nil, model: short.model, version: short.version)
    }

    init(endpoint: String?, model: String, version: String) {
        self.endpoint = endpoint
        self.model = model
        self.version = version
    }

    /// The version this names, taking the endpoint from the test when the reference has none.
    func version(in endpoint: String) -> VersionID {
        VersionID(endpoint: self.endpoint ?? endpoint, model: model, version: version)
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// Looks up test `id`, exiting with a clear message when there is none.
func abTest(_ id: Int, in state: RegistryState) throws -> ABTestRecord {
    guard let test = state.abTests[id] else {
        let known = state.allABTests.map { String($0.id) }
        throw CommandFailure(
            "unknown A/B test \(id)"
                + (known.isEmpty ? "; none has been started" : "; known: \(known.joined(separator: ", "))"))
    }
    return test
}

/// The running A/B test `id` (`ab stop`, `ab abort`); an ended one is an error naming how (stopped
/// or aborted), when and by whom it ended.
func runningABTest(_ id: Int, in state: RegistryState) throws -> ABTestRecord {
    let test = try abTest(id, in: state)
    guard test.isRunning else {
        throw CommandFailure(
            "A/B test \(id) was already \(test.aborted ? "aborted" : "stopped") at "
                + "\(test.stoppedAt?.description ?? "?") by \(test.stoppedBy ?? "?"); see `modelpress ab show \(id)`")
    }
    return test
}
