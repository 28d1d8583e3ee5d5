import Basics

/// An endpoint as the fold of its `endpoint_created` event and its definition file.
public struct EndpointRecord: Equatable, Sendable {
    public var definition: EndpointDefinition
    public var createdAt: Timestamp
    public var createdBy: String
    /// The position of its event in the log (1, 2, …).
    public var seq: Int
    public var note: String?

    public var name: String { definition.name }
}

/// One step in a version's status history; the first is its registration into `testing`.
public struct StatusEntry: Equatable, Sendable {
    /// The position of its event in the log (1, 2, …).
    public var seq: Int
    public var at: Timestamp
    public var by: String
    /// `nil` for the registration.
    public var from: ModelStatus?
    public var to: ModelStatus
    public var note: String?
    public var replacedBy: String?
    public var abTest: Int?
}

/// A registered version: its immutable facts and its status history.
public struct VersionRecord: Equatable, Sendable {
    public var id: VersionID
    public var facts: VersionFacts
    /// Oldest first; never empty.
    public var history: [StatusEntry]

    /// The current status: the latest entry's.
    public var status: ModelStatus { history.last?.to ?? .testing }
    /// The entry that put the version in its current status (who, when, why).
    public var lastChange: StatusEntry? { history.last }
    public var registration: StatusEntry? { history.first }
}

/// The registry's state: a fold over the event log, in the log's order (`RegistryEvent.precedes`).
///
/// Build it with `RegistryState(definitions:)` and `apply(_:)` per event, or with
/// `fold(_:definitions:until:)`; `Registry.load()` does both from the files.
public struct RegistryState: Equatable, Sendable {
    /// Endpoint definition files by name (endpoints/<name>.json), whether created yet or not.
    public internal(set) var definitions: [String: EndpointDefinition]
    public internal(set) var endpoints: [String: EndpointRecord] = [:]
    public internal(set) var versions: [VersionID: VersionRecord] = [:]
    public internal(set) var abTests: [Int: ABTestRecord] = [:]
    /// The events folded so far, in order.
    public internal(set) var events: [RegistryEvent] = []
    /// The largest `tick` folded so far; a new event gets one more.
    public internal(set) var lastTick = 0
    public internal(set) var lastAt: Timestamp?

    public init(definitions: [String: EndpointDefinition]) {
        self.definitions = definitions
    }

    /// The number of events folded: the last one's position in the log.
    public var lastSeq: Int { events.count }

    /// Folds `events` in order, stopping before the first event later than `until`
    /// (the point-in-time view).
    /// - Throws: `RegistryError` for the first event that breaks a rule.
    public static func fold(
        _ events: [RegistryEvent], definitions: [String: EndpointDefinition], until: Timestamp? = nil
    ) throws(RegistryError) -> RegistryState {
        var state = RegistryState(definitions: definitions)
        for event in events {
            if let until, event.at > until { break }
            do { try state.apply(event) } catch { throw RegistryError(reason: error) }
        }
        return state
    }

    /// The endpoints' names, sorted.
    public var endpointNames: [String] { endpoints.keys.sorted() }

    /// The versions of `endpoint`, sorted by model then version.
    public func versions(of endpoint: String) -> [VersionRecord] {
        versions.values.filter { $0.id.endpoint == endpoint }.sorted { $0.id < $1.id }
    }

    /// All versions, sorted by endpoint, model, version.
    public var allVersions: [VersionRecord] { versions.values.sorted { $0.id < $1.id } }

    /// The production version of `endpoint`, if it has one; its `lastChange` says who put it
    /// there and when.
    public func production(of endpoint: String) -> VersionRecord? {
        versions.values.first { $0.id.endpoint == endpoint && $0.status == .production }
    }

    /// The A/B test running on `endpoint`, if any.
    public func runningABTest(of endpoint: String) -> ABTestRecord? {
        abTests.values.first { $0.endpoint == endpoint && $0.isRunning }
    }

    /// The running A/B test that has `version` as an arm, if any.
    public func runningABTest(with version: VersionID) -> ABTestRecord? {
        abTests.values.first { $0.isRunning && $0.arm(for: version) != nil }
    }

    /// The running A/B test that refuses moving `id` to `status`, and its arm in the way: `id`
    /// itself, or, for production, the endpoint's production version, which the promotion
    /// would archive. `id` need not be registered yet (`train` asks before registering).
    /// `RegistryTransaction.setStatus` refuses by it, and `train`'s next steps say it first.
    public func abTestInTheWay(of id: VersionID, to status: ModelStatus) -> (test: ABTestRecord, arm: VersionID)? {
        if let test = runningABTest(with: id) { return (test, id) }
        if status == .production, let current = production(of: id.endpoint), current.id != id,
            let test = runningABTest(with: current.id)
        {
            return (test, current.id)
        }
        return nil
    }

    /// The A/B tests, by id.
    public var allABTests: [ABTestRecord] { abTests.values.sorted { $0.id < $1.id } }

    /// The events about `endpoint` (all events when `nil`), in order.
    public func events(of endpoint: String?) -> [RegistryEvent] {
        guard let endpoint else { return events }
        return events.filter { $0.endpoint == endpoint }
    }
}
