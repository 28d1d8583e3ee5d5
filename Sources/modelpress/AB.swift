import ArgumentParser
import Basics
import Foundation
import Models
import Registry
import Serving
import ServingPostgres

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
            "The request log predict.cgi writes: a SQLite file, or for `ab show` and `ab stop` a PostgreSQL URI.",
            discussion: """
                Default: the deployment's log, from $MODELPRESS_DEPLOYMENT when it is set (its \
                deployment.json's database, or $MODELPRESS_DATABASE_URL over it), else \
                $MODELPRESS_DATABASE_URL, else <root>/var/requests.sqlite (where `make run` and \
                scripts/serve keep it). `ab show` and `ab stop` also read a PostgreSQL log \
                (postgresql://…), what every host of a deployment wrote; `monitor` reads a \
                SQLite log only so far (one host's, or the rows copied into one) and refuses a \
                PostgreSQL one.
                """,
            valueName: "path-or-uri"))
    var path: String?

    /// Where the log is: `--requests`, else the deployment's (`RequestStore`'s rule: the
    /// environment's database over deployment.json's), else the repository's SQLite log.
    func store(root: String) throws -> RequestStore {
        if let path { return RequestStore.isPostgreSQL(path) ? .postgresql(url: path) : .sqlite(path: path) }
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

    /// The SQLite log's path, for the commands that read only SQLite (`monitor`).
    /// - Throws: `CommandFailure` when the log is in PostgreSQL.
    func resolvedPath(root: String) throws -> String {
        switch try store(root: root) {
        case .sqlite(let path): return path
        case .postgresql(let url):
            throw CommandFailure(
                "the request log is in PostgreSQL (\(RequestStore.redacted(url))), and this command reads a SQLite "
                    + "log only so far; pass --requests with a SQLite log (one host's), or copy the rows into one")
        }
    }

    /// Each arm's counts for `test` from `log`.
    /// - Throws: `CommandFailure` when the log cannot be read.
    func tallies(for test: ABTestRecord, in log: any ABTallySource) throws -> [String: ABArmTally] {
        do {
            let arms = test.arms.map {
                (arm: $0.arm, version: VersionID(endpoint: test.endpoint, model: $0.model, version: $0.version))
            }
            return try log.abTallies(testID: test.id, arms: arms, startedAt: test.startedAt)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The log, opened read-only.
    /// - Throws: `CommandFailure` saying where it looked and what to pass when there is none,
    ///   or why it cannot be read.
    func open(root: String) throws -> RequestLog {
        guard let log = try openIfPresent(root: root) else {
            throw CommandFailure(
                "there is no request log at \(try resolvedPath(root: root)); pass --requests with the log "
                    + "predict.cgi writes (<deployment>/var/requests.sqlite) or set \(Deployment.variable)")
        }
        return log
    }

    /// The log the A/B counts come from: the SQLite log opened read-only (nil when there is
    /// none), or the PostgreSQL database connected to.
    /// - Throws: `CommandFailure` when it cannot be read or reached.
    func countsIfPresent(root: String) throws -> (any ABTallySource)? {
        guard case .postgresql(let url) = try store(root: root) else { return try openIfPresent(root: root) }
        return try Self.connect(url)
    }

    /// The log the A/B counts come from (see `countsIfPresent`).
    /// - Throws: `CommandFailure` saying where it looked and what to pass when there is none,
    ///   or why it cannot be read.
    func counts(root: String) throws -> any ABTallySource {
        guard case .postgresql(let url) = try store(root: root) else { return try open(root: root) }
        return try Self.connect(url)
    }

    /// The PostgreSQL log at `url`.
    /// - Throws: `CommandFailure` naming the database (without its password) and libpq's reason.
    private static func connect(_ url: String) throws -> PostgresRequestLog {
        do {
            return try PostgresRequestLog(url: url)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The log, opened read-only; nil when there is none.
    /// - Throws: `CommandFailure` when it cannot be read.
    func openIfPresent(root: String) throws -> RequestLog? {
        let path = try resolvedPath(root: root)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try RequestLog(path: path, readOnly: true)
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
