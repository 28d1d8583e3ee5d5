import Basics
import Foundation
import Models
import Snapshot

/// The registry folder (`research/registry/`): endpoint definitions, the event log, the
/// serving snapshot and the lock that serialises writers.
///
/// ```
/// research/registry/
///   endpoints/<name>.json   EndpointDefinition, pretty-printed
///   events/<time>-<id>.json one RegistryEvent per file, pretty-printed (RegistryEvent.fileName)
///   serving.json            ServingSnapshot, rewritten with every change (git-ignored)
///   .lock                   flock(2) target (git-ignored)
/// ```
///
/// One file per event, named by its time and id, so that two branches never write the same
/// path and plain `git merge` combines their events; the order is derived
/// (`RegistryEvent.precedes`). Reads take no lock (every file is written atomically). Writes go
/// through `write(by:_:)`: lock, re-read and check everything, apply the new events under the
/// rules, then write their files and serving.json (temp file, fsync, rename, fsync folder).
public struct Registry: Sendable {
    /// The registry folder.
    public let folder: URL
    /// The repository root; artifact paths are relative to it.
    public let root: URL
    /// How messages name the folder (the path as the user gave it).
    public let displayName: String
    /// Where event times come from; tests pin it.
    public let clock: @Sendable () -> Timestamp

    /// - Parameters:
    ///   - folder: the registry folder; `nil` means `<root>/research/registry`.
    ///   - root: the repository root.
    ///   - clock: the time source for new events.
    public init(folder: String? = nil, root: String = ".", clock: @escaping @Sendable () -> Timestamp = { .now }) {
        let display =
            folder ?? (root == "." ? RepositoryLayout.registryFolder : "\(root)/\(RepositoryLayout.registryFolder)")
        self.displayName = display
        self.folder = URL(fileURLWithPath: display)
        self.root = URL(fileURLWithPath: root)
        self.clock = clock
    }

    /// events/: one file per event.
    public var eventsFolder: URL { file(.events) }
    /// events.jsonl: the log before `migrate()`.
    public var singleFileLog: URL { file(.singleFileLog) }
    public var servingFile: URL { file(.servingSnapshot) }
    public var endpointsFolder: URL { file(.endpoints) }
    var lockFile: URL { file(.lock) }

    private func file(_ name: RepositoryLayout.RegistryFile) -> URL { folder.appendingPathComponent(name.rawValue) }

    /// `research/registry/<file>[/<entry>]` as messages print it.
    func display(_ file: RepositoryLayout.RegistryFile, _ entry: String? = nil) -> String {
        "\(displayName)/\(file.rawValue)" + (entry.map { "/" + $0 } ?? "")
    }

    /// The registry's current state.
    /// - Throws: `RegistryError` (`.unreadable`) when the files have problems (`read()` reads
    ///   around them).
    public func load() throws(RegistryError) -> RegistryState {
        let files = try readFiles()
        let (state, problems) = files.fold()
        guard problems.isEmpty else { throw RegistryError(reason: .unreadable(problems)) }
        return state
    }

    /// The state as it was at `moment`: the fold of the events up to and including it.
    /// - Throws: `RegistryError` (`.unreadable`) when the registry has problems.
    public func state(at moment: Timestamp) throws(RegistryError) -> RegistryState {
        let current = try load()
        return try RegistryState.fold(current.events, definitions: current.definitions, until: moment)
    }

    /// The state for reading commands, also when the registry has problems (an unresolved
    /// merge): the fold of every event that holds, up to `moment` when given, with the events it
    /// left out and every problem of the files. Writes and the site use `load()`, which refuses.
    /// - Throws: `RegistryError` only when a file exists but cannot be read at all.
    public func read(until moment: Timestamp? = nil) throws(RegistryError) -> RegistryReading {
        try readFiles().fold(until: moment)
    }

    /// Whether the registry has an event log (in either layout).
    public var hasEventLog: Bool {
        FileManager.default.fileExists(atPath: eventsFolder.path)
            || FileManager.default.fileExists(atPath: singleFileLog.path)
    }

    /// Every problem in the registry's files, as `file:line: message` errors, in file order;
    /// empty when the registry is sound. Includes endpoint files without an `endpoint_created`
    /// event and a log not yet migrated to one file per event. Two branches' events that
    /// cannot both hold name each other and, where git knows them, the commits that added them.
    public func check() -> [RegistryError] {
        check(protecting: nil)
    }

    /// `check()`, whose advice for two branches' events never removes one that exists at
    /// `revision` (`withCommits`); without it, at the branch's upstream.
    func check(protecting revision: String?) -> [RegistryError] {
        let files: RegistryFiles
        do { files = try readFiles() } catch { return [error] }
        let (state, problems) = files.fold()
        let events = Dictionary(files.entries.map { ($0.file, $0.event) }, uniquingKeysWith: { first, _ in first })
        var found =
            problems.map { withCommits($0, events: events, protected: revision) } + schemaProblems(in: state)
        if files.singleFileLog {
            found.insert(RegistryError(file: display(.singleFileLog), reason: .singleFileLog), at: 0)
        }
        guard found.isEmpty else { return found }
        for name in state.definitions.keys.sorted() where state.endpoints[name] == nil {
            found.append(RegistryError(file: display(.endpoints, "\(name).json"), reason: .endpointNotCreated(name)))
        }
        return found
    }

    /// The serving snapshot of the registry's current state: what `bundle` ships and
    /// predict.cgi reads.
    /// - Throws: `RegistryError` (`.inconsistent`) when the registry has problems.
    public func servingSnapshot() throws(RegistryError) -> ServingSnapshot {
        servingSnapshot(of: try load())
    }

    /// Checks every registered version's model file against its recorded SHA-256 and size
    /// (slow: it reads every artifact). Missing or altered files are problems.
    public func verifyArtifacts() -> [RegistryError] {
        let state: RegistryState
        do { state = try load() } catch { return [error] }
        var problems: [RegistryError] = []
        for record in state.allVersions {
            let artifact = record.facts.artifact
            let url = root.appendingPathComponent(artifact.path)
            guard let digest = try? Digest.sha256(ofFile: url) else {
                problems.append(RegistryError(file: artifact.path, reason: .artifactMissing(artifact.path)))
                continue
            }
            if digest != artifact.sha256 {
                problems.append(
                    RegistryError(
                        file: artifact.path,
                        reason: .artifactAltered(record.id, expected: artifact.sha256, actual: digest)))
            }
        }
        return problems
    }

    /// A note when serving.json does not say what the registry says (a checkout, merge or pull
    /// changes the events without rewriting it, so predict.cgi serving this folder answers with
    /// other statuses than `ls` shows); nil when it does, or when the registry has problems
    /// (there is no snapshot to compare with then).
    public func staleServingSnapshotNote() -> String? {
        guard let state = try? load() else { return nil }
        let current = servingSnapshot(of: state).encoded()
        let what: String
        if let written = FileManager.default.contents(atPath: servingFile.path) {
            guard written != current else { return nil }
            what = "says other statuses than the registry's events (a checkout, merge or pull changed them)"
        } else {
            what = "is missing"
        }
        return "\(display(.servingSnapshot)) \(what): predict.cgi serving this folder answers from it; "
            + "run `modelpress registry snapshot`"
    }

    /// Rewrites serving.json from the event log (under the lock), e.g. after a merge or before
    /// `make run` serves the working tree.
    /// - Throws: `RegistryError` when the registry has problems or the file cannot be written.
    public func rewriteServingSnapshot() throws(RegistryError) {
        let lock = try FileLock(file: lockFile)
        defer { lock.unlock() }
        let state = try load()
        try AtomicFile.write(servingSnapshot(of: state).encoded(), to: servingFile)
    }
}
