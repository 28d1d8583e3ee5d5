extension RegistryEvent {
    /// What happened, in a few words (`random_forest@1.0.0: testing → production`), for history
    /// listings and feeds; a stop's outcome is `ABTestRecord.outcome` of the test in `state`
    /// (whether the winner was kept or promoted is the test's, not the stop event's).
    public func summary(in state: RegistryState) -> String {
        switch body {
        case .endpointCreated(let name, let owner):
            return "endpoint \(name) created (owner \(owner))"
        case .registered(let id, let facts):
            // An imported model has no seed of ours: its trainer names the importer (`modelpress-import/1`).
            let imported = facts.trainer.hasPrefix("modelpress-import/")
            return "\(id.shortName) registered in testing "
                + (imported ? "(imported \(facts.algorithm) model)" : "(\(facts.algorithm), seed \(facts.seed))")
        case .statusChanged(let change):
            var text = "\(change.version.shortName): \(change.from) → \(change.to)"
            if let replacedBy = change.replacedBy { text += " (replaced by \(replacedBy))" }
            if let test = change.abTest { text += " (A/B test \(test))" }
            return text
        case .abStarted(let start):
            let arms = start.arms.map { "\($0.arm) \($0.model)@\($0.version) \($0.percent)%" }
            return "A/B test \(start.id) \"\(start.title)\" started: \(arms.joined(separator: " vs "))"
        case .abStopped(let stop):
            guard !stop.aborted else { return "A/B test \(stop.id) aborted: no decision, both arms back as before" }
            var record = state.abTests[stop.id]
            record?.winner = stop.winner
            record?.summary = stop.summary
            let forced = stop.summary?.forced == true
            let decision =
                record?.outcome
                ?? stop.winner.map { "arm \($0) " + ABTestRecord.decision(forced: forced, kept: false) } ?? "no winner"
            return "A/B test \(stop.id) stopped: \(decision)"
        }
    }
}

extension RegistryEvent {
    /// The note as listings show it (`RegistryState.shownNote`).
    public func shownNote(in state: RegistryState) -> String? {
        guard case .statusChanged(let change) = body else { return note }
        return state.shownNote(note, abTest: change.abTest)
    }
}

extension RegistryState {
    /// A status change's note as listings show it: as written, except the loser's note of a
    /// forced stop that kept the incumbent, written before such a stop was worded so (`not
    /// promoted: the other arm was promoted by --force …`), which reads as
    /// `ABTestRecord.stopNotes` words it now (trial24 #7). The committed event keeps its bytes
    /// (its id is their digest).
    /// - Parameter abTest: the A/B test the change belongs to, if any.
    public func shownNote(_ note: String?, abTest id: Int?) -> String? {
        guard let note, let id, let test = abTests[id], test.decidedByForce, test.winnerKept else { return note }
        let old = ABTestRecord.stopNotes(id: id, winner: "", forced: true, kept: false).lost
        return note == old ? ABTestRecord.stopNotes(id: id, winner: "", forced: true, kept: true).lost : note
    }
}
