import Basics

/// One arm of an A/B test: a version of the test's endpoint and its share of the traffic.
public struct ABArm: Codable, Equatable, Sendable {
    /// `A` or `B`.
    public var arm: String
    public var model: String
    public var version: String
    /// Percent of the unpinned requests this arm receives (the arms add up to 100).
    public var percent: Int
    /// The version's status when the test started; an undecided stop returns it there.
    public var statusBefore: ModelStatus

    public init(arm: String, model: String, version: String, percent: Int, statusBefore: ModelStatus) {
        self.arm = arm
        self.model = model
        self.version = version
        self.percent = percent
        self.statusBefore = statusBefore
    }

    enum CodingKeys: String, CodingKey {
        case arm, model, version, percent
        case statusBefore = "status_before"
    }
}

/// An A/B test as the fold of its events: two arms of one endpoint, started and maybe stopped.
public struct ABTestRecord: Equatable, Sendable {
    public var id: Int
    public var endpoint: String
    public var title: String
    public var arms: [ABArm]
    public var startedAt: Timestamp
    public var startedBy: String
    public var startSeq: Int
    public var note: String?
    public var stoppedAt: Timestamp?
    public var stoppedBy: String?
    public var stopSeq: Int?
    /// `A`, `B`, or `nil` when nothing was promoted.
    public var winner: String?
    public var summary: ABTestSummary?
    /// Whether the test was aborted: ended without a decision, its arms returned to their
    /// status before it (`Registry.abortABTest`).
    public var aborted = false
    /// The note the stop or abort was written with (for an abort, why: `ab abort --note`).
    public var stopNote: String?

    /// Whether the test is running (started and not stopped).
    public var isRunning: Bool { stoppedAt == nil }

    /// How to end running test `id`, as the status refusal and `train`'s next steps say it:
    /// stop (decided from its feedback) or abort (no decision; `--note` is required).
    public static func howToEnd(_ id: Int) -> String {
        "`modelpress ab stop \(id)` decides it from its feedback, `modelpress ab abort \(id) --note WHY` ends it "
            + "without a decision"
    }

    /// The version behind each arm, in arm order.
    public var versions: [VersionID] {
        arms.map { VersionID(endpoint: endpoint, model: $0.model, version: $0.version) }
    }

    /// The arm serving `version`, if it is one.
    public func arm(for version: VersionID) -> ABArm? {
        guard version.endpoint == endpoint else { return nil }
        return arms.first { $0.model == version.model && $0.version == version.version }
    }
}
