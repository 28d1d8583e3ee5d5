import Basics
import Foundation

extension Registry {
    /// Starts an A/B test between two versions of `endpoint`. Arms that are not in production
    /// move to `ab_testing` (each its own event); a production arm stays production, so the
    /// endpoint keeps its production version throughout the test.
    /// - Parameters:
    ///   - a: arm A's `model@version` parts; `b` likewise.
    ///   - percentA: the share of unpinned requests arm A receives (1–99); B gets the rest.
    /// - Returns: the started test; its id is new on every branch (`newABTestID`).
    /// - Throws: `RegistryError` for an unknown or archived version, the same version twice, a
    ///   test already running on the endpoint, or a bad split.
    public func startABTest(
        endpoint: String, a: (model: String, version: String), b: (model: String, version: String),
        percentA: Int = 50, title: String, by actor: String, note: String? = nil
    ) throws(RegistryError) -> ABTestRecord {
        try write(by: actor) { transaction in
            let state = transaction.state
            guard state.endpoints[endpoint] != nil else { throw RegistryError(reason: .unknownEndpoint(endpoint)) }
            var arms: [ABArm] = []
            for (name, arm, percent) in [("A", a, percentA), ("B", b, 100 - percentA)] {
                let version = VersionID(endpoint: endpoint, model: arm.model, version: arm.version)
                guard let record = state.versions[version] else {
                    throw RegistryError(reason: .unknownVersion(version))
                }
                arms.append(
                    ABArm(
                        arm: name, model: arm.model, version: arm.version, percent: percent, statusBefore: record.status
                    ))
            }
            let id = transaction.newABTestID(endpoint: endpoint, title: title, arms: arms, note: note)
            try transaction.append(.abStarted(.init(id: id, endpoint: endpoint, title: title, arms: arms)), note: note)
            for arm in arms where arm.statusBefore != .production {
                let version = VersionID(endpoint: endpoint, model: arm.model, version: arm.version)
                try transaction.append(
                    .statusChanged(.init(version: version, from: arm.statusBefore, to: .abTesting, abTest: id)),
                    note: "arm \(arm.arm) of A/B test \(id)")
            }
            guard let started = transaction.state.abTests[id] else { throw RegistryError(reason: .unknownABTest(id)) }
            return started
        }
    }

    /// Starts an A/B test between two versions named in full; both must be versions of `endpoint`.
    /// - Throws: `RegistryError` for an arm of another endpoint, and everything the tuple form throws.
    public func startABTest(
        endpoint: String, a: VersionID, b: VersionID, percentA: Int = 50, title: String, by actor: String,
        note: String? = nil
    ) throws(RegistryError) -> ABTestRecord {
        for (name, arm) in [("A", a), ("B", b)] where arm.endpoint != endpoint {
            throw RegistryError(
                reason: .abTest(
                    "arm \(name) \(arm) is a version of \(arm.endpoint), not of \(endpoint); both arms of an A/B test "
                        + "must be versions of the test's endpoint"))
        }
        return try startABTest(
            endpoint: endpoint, a: (a.model, a.version), b: (b.model, b.version), percentA: percentA, title: title,
            by: actor, note: note)
    }

    /// Aborts a running A/B test: ends it without a decision (an `ab_stopped` event marked
    /// `aborted`, with no winner and no summary), and returns each arm to the status it had when
    /// the test started, each change its own event. The way out of a test that cannot be
    /// decided, such as one whose arm received no feedback.
    /// - Parameter note: why (required: the event records who aborted the test and why).
    /// - Returns: the events written, in order.
    /// - Throws: `RegistryError` for an unknown test, one already stopped, or a blank note.
    @discardableResult
    public func abortABTest(id: Int, by actor: String, note: String) throws(RegistryError) -> [RegistryEvent] {
        guard !note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RegistryError(
                reason: .abTest("say why A/B test \(id) is aborted (--note): the event records who and why"))
        }
        return try write(by: actor) { transaction in
            guard let test = transaction.state.abTests[id] else { throw RegistryError(reason: .unknownABTest(id)) }
            try transaction.append(
                .abStopped(.init(id: id, endpoint: test.endpoint, winner: nil, summary: nil, aborted: true)), note: note
            )
            for arm in test.arms {
                let version = VersionID(endpoint: test.endpoint, model: arm.model, version: arm.version)
                guard let current = transaction.state.versions[version]?.status, current != arm.statusBefore else {
                    continue
                }
                try transaction.append(
                    .statusChanged(.init(version: version, from: current, to: arm.statusBefore, abTest: id)),
                    note: "A/B test \(id) aborted")
            }
            return transaction.newEvents
        }
    }

    /// Stops a running A/B test and applies its decision, each status change its own event:
    /// - with a `winner`, the winning arm becomes production (a production version outside the
    ///   test is archived first) and the other arm returns to `testing`;
    /// - without one, each arm returns to the status it had when the test started.
    /// - Parameters:
    ///   - winner: `"A"`, `"B"`, or `nil` to promote nothing.
    ///   - summary: the numbers behind the decision, stored with the `ab_stopped` event.
    /// - Returns: the events written, in order.
    /// - Throws: `RegistryError` for an unknown test, one already stopped, or an unknown arm.
    @discardableResult
    public func stopABTest(
        id: Int, winner: String?, summary: ABTestSummary?, by actor: String, note: String? = nil
    ) throws(RegistryError) -> [RegistryEvent] {
        try write(by: actor) { transaction in
            guard let test = transaction.state.abTests[id] else { throw RegistryError(reason: .unknownABTest(id)) }
            try transaction.append(
                .abStopped(.init(id: id, endpoint: test.endpoint, winner: winner, summary: summary)), note: note)
            func move(_ arm: ABArm, to status: ModelStatus, note: String) throws(RegistryError) {
                let version = VersionID(endpoint: test.endpoint, model: arm.model, version: arm.version)
                guard let current = transaction.state.versions[version]?.status, current != status else { return }
                try transaction.append(
                    .statusChanged(.init(version: version, from: current, to: status, abTest: id)), note: note)
            }
            guard let winner, let won = test.arms.first(where: { $0.arm == winner }),
                let lost = test.arms.first(where: { $0.arm != winner })
            else {
                for arm in test.arms {
                    try move(arm, to: arm.statusBefore, note: "A/B test \(id) stopped without a winner")
                }
                return transaction.newEvents
            }
            let wonID = VersionID(endpoint: test.endpoint, model: won.model, version: won.version)
            let notes = ABTestRecord.stopNotes(
                id: id, winner: wonID.shortName, forced: summary?.forced == true, kept: won.statusBefore == .production)
            try move(lost, to: .testing, note: notes.lost)
            if let current = transaction.state.production(of: test.endpoint), test.arm(for: current.id) == nil {
                try transaction.append(
                    .statusChanged(
                        .init(version: current.id, from: .production, to: .archived, replacedBy: wonID.shortName)),
                    note: notes.archived)
            }
            try move(won, to: .production, note: notes.won)
            return transaction.newEvents
        }
    }
}

extension RegistryTransaction {
    /// A new A/B test's id: the first 10 hex digits (40 bits: at most 13 decimal digits, exact in
    /// any JSON reader) of the digest of its start event as it would be written without an id.
    /// Two branches get the same id only by making the same start at the same second, which is
    /// then one event and one file (or, for different starts, with a chance of about n²/2⁴¹ for
    /// n tests, which `registry check` reports); a counter would give both branches the next
    /// number. Test 1 of the single-file log keeps its id.
    func newABTestID(endpoint: String, title: String, arms: [ABArm], note: String?) -> Int {
        let draft = RegistryEvent(
            id: "draft", tick: state.lastTick + 1, at: at, by: by, note: note,
            body: .abStarted(.init(id: 0, endpoint: endpoint, title: title, arms: arms)))
        return max(1, Int(draft.contentID.prefix(10), radix: 16) ?? 1)
    }
}
