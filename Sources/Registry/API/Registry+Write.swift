import Basics
import Foundation
import Snapshot

/// The changes one write makes: events appended to a copy of the state, checked by the same
/// rules as `registry check`, and written only when the whole body succeeds.
public struct RegistryTransaction {
    /// The state including the events appended so far.
    public private(set) var state: RegistryState
    /// The events this write appends.
    public private(set) var newEvents: [RegistryEvent] = []
    /// Endpoint definition files this write creates or rewrites.
    var newDefinitions: [EndpointDefinition] = []
    /// The time every new event gets.
    public let at: Timestamp
    /// The actor every new event gets.
    public let by: String

    init(state: RegistryState, at: Timestamp, by: String) {
        self.state = state
        self.at = at
        self.by = by
    }

    /// Appends an event after every event of the log: this write's time, the next tick.
    /// - Throws: `RegistryError` when the event breaks a rule or a text in it (or in a new
    ///   endpoint's definition) holds a control character; nothing is appended then.
    @discardableResult
    public mutating func append(_ body: RegistryEvent.Body, note: String? = nil) throws(RegistryError) -> RegistryEvent
    {
        let event = RegistryEvent(tick: state.lastTick + 1, at: at, by: by, note: note, body: body)
        var definition: EndpointDefinition?
        if case .endpointCreated(let name, _) = body { definition = state.definitions[name] }
        if let problem = TypedText.problem(in: event, definition: definition) { throw RegistryError(reason: problem) }
        do { try state.apply(event) } catch { throw RegistryError(reason: error) }
        newEvents.append(event)
        return event
    }

    /// Adds an endpoint definition file (written before the events).
    mutating func define(_ definition: EndpointDefinition) {
        state.definitions[definition.name] = definition
        newDefinitions.append(definition)
    }

    /// Rewrites an existing endpoint's definition file (its schema extended by a new version).
    mutating func redefine(_ definition: EndpointDefinition) {
        define(definition)
        state.endpoints[definition.name]?.definition = definition
    }
}

extension Registry {
    /// Runs `body` under the registry lock on freshly read, checked state, then writes each
    /// event it appended to its own file and rewrites the serving snapshot, each atomically.
    /// Appending nothing writes nothing.
    /// - Parameters:
    ///   - by: the actor recorded on every new event.
    ///   - creatingFolder: whether a missing registry folder is created (only for a first
    ///     endpoint), with a `.gitignore` for its derived files (`ensureGitIgnore()`).
    /// - Throws: `RegistryError` when the registry already has problems (`.inconsistent`) or is
    ///   not migrated (`.singleFileLog`), the lock or a write fails, or whatever `body` throws.
    public func write<T>(
        by actor: String, creatingFolder: Bool = false, _ body: (inout RegistryTransaction) throws -> T
    ) throws(RegistryError) -> T {
        let actor = actor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !actor.isEmpty else { throw RegistryError(reason: .invalidName("")) }
        if !FileManager.default.fileExists(atPath: folder.path) {
            guard creatingFolder else { throw RegistryError(file: displayName, reason: .noRegistry) }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw RegistryError(file: displayName, reason: .writeFailed("cannot create the registry folder"))
            }
            // A new registry: its derived files stay out of git from the first commit.
            try ensureGitIgnore()
        }
        let lock = try FileLock(file: lockFile)
        defer { lock.unlock() }

        let files = try readFiles()
        if files.singleFileLog { throw RegistryError(file: display(.singleFileLog), reason: .singleFileLog) }
        let (state, problems) = files.fold()
        let found = problems + schemaProblems(in: state)
        guard found.isEmpty else { throw RegistryError(reason: .inconsistent(found)) }
        let now = clock()
        if let last = state.lastAt, now < last { throw RegistryError(reason: .clockBehindLog(now: now, last: last)) }

        var transaction = RegistryTransaction(state: state, at: now, by: actor)
        let result: T
        do {
            result = try body(&transaction)
        } catch let error as RegistryError {
            throw error.suggesting(in: state)
        } catch {
            throw RegistryError(reason: .writeFailed("\(error)"))
        }
        guard !transaction.newEvents.isEmpty else { return result }

        for definition in transaction.newDefinitions {
            let url = endpointsFolder.appendingPathComponent("\(definition.name).json")
            do {
                try FileManager.default.createDirectory(at: endpointsFolder, withIntermediateDirectories: true)
                try AtomicFile.write(try JSONCoding.prettyData(definition), to: url)
            } catch let error as RegistryError {
                throw error
            } catch {
                throw RegistryError(
                    file: display(.endpoints, "\(definition.name).json"), reason: .writeFailed("\(error)"))
            }
        }
        for event in transaction.newEvents {
            try writeEventFile(event)
        }
        try AtomicFile.write(servingSnapshot(of: transaction.state).encoded(), to: servingFile)
        return result
    }
}

extension Registry {
    /// Writes `event` to `events/<fileName>`, pretty-printed with sorted keys.
    /// - Throws: `RegistryError` (`.writeFailed`) naming the file.
    func writeEventFile(_ event: RegistryEvent) throws(RegistryError) {
        let shown = display(.events, event.fileName)
        let bytes: Data
        do {
            try FileManager.default.createDirectory(at: eventsFolder, withIntermediateDirectories: true)
            bytes = try JSONCoding.prettyData(event)
        } catch {
            throw RegistryError(file: shown, reason: .writeFailed("\(error)"))
        }
        try AtomicFile.write(bytes, to: eventsFolder.appendingPathComponent(event.fileName))
    }
}
