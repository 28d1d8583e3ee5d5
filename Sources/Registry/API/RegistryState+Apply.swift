import Basics
import Foundation

extension RegistryState {
    /// Checks `event` against the log's order and the rules, then folds it in.
    /// - Throws: the reason the event is refused; the state is unchanged then.
    public mutating func apply(_ event: RegistryEvent) throws(RegistryError.Reason) {
        if let problem = orderProblem(of: event) { throw problem }
        try applyRules(event)
    }

    /// Whether `event` continues the log: it must come after the last event folded (a time
    /// not before its time, and a later tick within the same second).
    func orderProblem(of event: RegistryEvent) -> RegistryError.Reason? {
        guard let last = events.last, !last.precedes(event) else { return nil }
        return .outOfOrder(event.id, after: last.id)
    }

    /// Counts a refused event's tick and time as used, so later writes still come after it.
    mutating func skip(_ event: RegistryEvent) {
        lastTick = max(lastTick, event.tick)
        lastAt = max(lastAt ?? event.at, event.at)
    }

    /// Checks the event against the registry's rules (not its place in the log) and folds it in.
    mutating func applyRules(_ event: RegistryEvent) throws(RegistryError.Reason) {
        guard !event.by.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .badJSON("event \(event.id) has an empty 'by'; every event needs an actor")
        }
        let seq = events.count + 1
        switch event.body {
        case .endpointCreated(let name, _):
            guard VersionID.isValidName(name) else { throw .invalidName(name) }
            guard endpoints[name] == nil else { throw .endpointExists(name) }
            guard let definition = definitions[name] else { throw .unknownEndpoint(name) }
            endpoints[name] = EndpointRecord(
                definition: definition, createdAt: event.at, createdBy: event.by, seq: seq, note: event.note)
        case .registered(let id, let facts):
            try checkNames(id)
            guard endpoints[id.endpoint] != nil else { throw .unknownEndpoint(id.endpoint) }
            if let existing = versions[id] {
                let differences = existing.facts.differences(from: facts)
                throw differences.isEmpty ? .registeredTwice(id) : .versionChanged(id, differences: differences)
            }
            let entry = StatusEntry(
                seq: seq, at: event.at, by: event.by, from: nil, to: .testing, note: event.note)
            versions[id] = VersionRecord(id: id, facts: facts, history: [entry])
        case .statusChanged(let change):
            try applyStatusChange(change, event: event)
        case .abStarted(let start):
            try applyABStart(start, event: event)
        case .abStopped(let stop):
            guard var test = abTests[stop.id], test.endpoint == stop.endpoint else { throw .unknownABTest(stop.id) }
            guard test.isRunning else { throw .abTestAlreadyStopped(stop.id) }
            if let winner = stop.winner, test.arms.allSatisfy({ $0.arm != winner }) {
                throw .abTest("A/B test \(stop.id) has no arm '\(winner)' to win")
            }
            if stop.aborted, stop.winner != nil || stop.summary != nil {
                throw .abTest(
                    "A/B test \(stop.id) is aborted and decided at once: an aborted test has no winner and no summary")
            }
            test.stoppedAt = event.at
            test.stoppedBy = event.by
            test.stopSeq = seq
            test.winner = stop.winner
            test.summary = stop.summary
            test.aborted = stop.aborted
            test.stopNote = event.note
            abTests[stop.id] = test
        }
        events.append(event)
        skip(event)
    }

    private func checkNames(_ id: VersionID) throws(RegistryError.Reason) {
        for name in [id.endpoint, id.model, id.version] where !VersionID.isValidName(name) {
            throw .invalidName(name)
        }
    }

    private mutating func applyStatusChange(
        _ change: RegistryEvent.StatusChange, event: RegistryEvent
    ) throws(RegistryError.Reason) {
        let id = change.version
        guard endpoints[id.endpoint] != nil else { throw .unknownEndpoint(id.endpoint) }
        guard var record = versions[id] else { throw .unknownVersion(id) }
        guard change.from == record.status else {
            throw .wrongFromStatus(id, recorded: change.from, actual: record.status)
        }
        guard change.to != change.from else { throw .alreadyInStatus(id, change.to) }
        if let testID = change.abTest {
            // A change made by an A/B start (into ab_testing) or stop (out of it).
            guard let test = abTests[testID], test.arm(for: id) != nil else {
                throw .abTest("status change for \(id) names A/B test \(testID), which does not have it as an arm")
            }
            if change.to == .abTesting {
                guard test.isRunning else { throw .abTestAlreadyStopped(testID) }
            } else if test.isRunning {
                throw .abTestingOnlyThroughABTest(id)
            }
        } else {
            if let test = runningABTest(with: id) { throw .armOfRunningABTest(id, test: test.id) }
            if change.to == .abTesting || change.from == .abTesting { throw .abTestingOnlyThroughABTest(id) }
            guard change.from.allowsManualTransition(to: change.to) else {
                throw .illegalTransition(id, from: change.from, to: change.to)
            }
        }
        if change.to == .production, let current = production(of: id.endpoint) {
            throw .secondProduction(id, current: current.id)
        }
        record.history.append(
            StatusEntry(
                seq: events.count + 1, at: event.at, by: event.by, from: change.from, to: change.to, note: event.note,
                replacedBy: change.replacedBy, abTest: change.abTest))
        versions[id] = record
    }

    private mutating func applyABStart(
        _ start: RegistryEvent.ABStart, event: RegistryEvent
    ) throws(RegistryError.Reason) {
        guard endpoints[start.endpoint] != nil else { throw .unknownEndpoint(start.endpoint) }
        guard abTests[start.id] == nil, start.id > 0 else {
            throw .abTest("A/B test id \(start.id) is already used; every A/B test has its own id")
        }
        if let running = runningABTest(of: start.endpoint) {
            throw .abTest("\(start.endpoint) already runs A/B test \(running.id); stop it first")
        }
        guard !start.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .abTest("an A/B test needs a title")
        }
        guard start.arms.map(\.arm) == ["A", "B"] else { throw .abTest("an A/B test has exactly two arms, A and B") }
        let ids = start.arms.map { VersionID(endpoint: start.endpoint, model: $0.model, version: $0.version) }
        guard ids[0] != ids[1] else {
            throw .abTest("the two arms of an A/B test must be different versions, not \(ids[0]) twice")
        }
        guard start.arms.allSatisfy({ (1...99).contains($0.percent) }), start.arms.reduce(0, { $0 + $1.percent }) == 100
        else {
            throw .abTest("the arms' traffic shares must be 1–99 percent each and add up to 100")
        }
        for (arm, id) in zip(start.arms, ids) {
            guard let record = versions[id] else { throw .unknownVersion(id) }
            guard record.status.isServable, record.status != .abTesting else {
                throw .abTest("\(id) is \(record.status); an A/B arm must be testing, staging or production")
            }
            guard arm.statusBefore == record.status else {
                throw .wrongFromStatus(id, recorded: arm.statusBefore, actual: record.status)
            }
        }
        abTests[start.id] = ABTestRecord(
            id: start.id, endpoint: start.endpoint, title: start.title, arms: start.arms, startedAt: event.at,
            startedBy: event.by, startSeq: events.count + 1, note: event.note)
    }
}
