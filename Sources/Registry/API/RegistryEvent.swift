import Basics

/// One file of `research/registry/events/`: what happened, when (UTC), by whom, with an
/// optional note.
///
/// The log's order is derived, never stored as a counter two branches could both take: by
/// `at`, then `tick`, then `id` (`precedes`). An event's `id` never changes: it names the
/// event's file, its anchor on the site and its Atom entry.
public struct RegistryEvent: Equatable, Sendable {
    /// The event's identity: 16 hex digits of the SHA-256 of its content (`contentID`), so two
    /// branches never make the same one unless they made the same change; events from the
    /// single-file log kept their number (`"7"`) when they were migrated.
    public var id: String
    /// The tie-breaker between events of the same second: one more than the largest tick of
    /// the log it was written to, so one branch's events keep the order they were written in.
    public var tick: Int
    public var at: Timestamp
    /// Who did it: `--by`, else $GIT_AUTHOR_NAME, else git's user.name, else $USER (`ActorName`).
    public var by: String
    public var note: String?
    public var body: Body

    /// An event; an empty `id` is replaced by `contentID`.
    public init(id: String = "", tick: Int, at: Timestamp, by: String, note: String? = nil, body: Body) {
        self.id = id
        self.tick = tick
        self.at = at
        self.by = by
        self.note = note
        self.body = body
        if id.isEmpty { self.id = contentID }
    }

    /// Whether `self` comes before `other` in the log: earlier time, then lower tick, then
    /// lower id.
    public func precedes(_ other: RegistryEvent) -> Bool {
        (at, tick, id) < (other.at, other.tick, other.id)
    }

    /// The event's name in the file (`"kind"`).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case endpointCreated = "endpoint_created"
        case registered
        case statusChanged = "status_changed"
        case abStarted = "ab_started"
        case abStopped = "ab_stopped"
    }

    /// What happened.
    public enum Body: Equatable, Sendable {
        /// An endpoint came into being; its definition is in `endpoints/<name>.json`.
        case endpointCreated(endpoint: String, owner: String)
        /// A version was registered (in `testing`) with its immutable facts.
        case registered(VersionID, VersionFacts)
        case statusChanged(StatusChange)
        case abStarted(ABStart)
        case abStopped(ABStop)
    }

    /// A version moved from one status to another.
    public struct StatusChange: Equatable, Sendable {
        public var version: VersionID
        public var from: ModelStatus
        public var to: ModelStatus
        /// Set on the automatic archive of a production version: the `model@version` promoted.
        public var replacedBy: String?
        /// Set when an A/B start or stop made the change: the test's id.
        public var abTest: Int?

        public init(
            version: VersionID, from: ModelStatus, to: ModelStatus, replacedBy: String? = nil, abTest: Int? = nil
        ) {
            self.version = version
            self.from = from
            self.to = to
            self.replacedBy = replacedBy
            self.abTest = abTest
        }
    }

    /// An A/B test started between two versions of one endpoint.
    public struct ABStart: Equatable, Sendable {
        public var id: Int
        public var endpoint: String
        public var title: String
        public var arms: [ABArm]

        public init(id: Int, endpoint: String, title: String, arms: [ABArm]) {
            self.id = id
            self.endpoint = endpoint
            self.title = title
            self.arms = arms
        }
    }

    /// An A/B test stopped: the winning arm (or none) and the stored summary; or aborted, ended
    /// without a decision (no winner, no summary; `ab abort`, written `"aborted": true`).
    public struct ABStop: Equatable, Sendable {
        public var id: Int
        public var endpoint: String
        public var winner: String?
        public var summary: ABTestSummary?
        /// Whether the test was ended without a decision (its arms returned to their status
        /// before the test), rather than decided from its feedback.
        public var aborted: Bool

        public init(id: Int, endpoint: String, winner: String?, summary: ABTestSummary?, aborted: Bool = false) {
            self.id = id
            self.endpoint = endpoint
            self.winner = winner
            self.summary = summary
            self.aborted = aborted
        }
    }

    public var kind: Kind {
        switch body {
        case .endpointCreated: .endpointCreated
        case .registered: .registered
        case .statusChanged: .statusChanged
        case .abStarted: .abStarted
        case .abStopped: .abStopped
        }
    }

    /// The endpoint the event belongs to.
    public var endpoint: String {
        switch body {
        case .endpointCreated(let endpoint, _): endpoint
        case .registered(let id, _): id.endpoint
        case .statusChanged(let change): change.version.endpoint
        case .abStarted(let start): start.endpoint
        case .abStopped(let stop): stop.endpoint
        }
    }

    /// The A/B test the event belongs to: its start or stop, or a status change it made.
    var abTestID: Int? {
        switch body {
        case .statusChanged(let change): change.abTest
        case .abStarted(let start): start.id
        case .abStopped(let stop): stop.id
        default: nil
        }
    }

    /// The version the event is about, for `registered` and `status_changed`.
    public var version: VersionID? {
        switch body {
        case .registered(let id, _): id
        case .statusChanged(let change): change.version
        default: nil
        }
    }
}
