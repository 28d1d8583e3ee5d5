extension RegistryEvent {
    /// What happened, in a few words (`random_forest@1.0.0: testing → production`), for history
    /// listings and feeds.
    public var summary: String {
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
            let forced = stop.summary?.forced == true
            let decision = stop.winner.map { "arm \($0) " + ABTestRecord.promotion(forced: forced) } ?? "no winner"
            return "A/B test \(stop.id) stopped: \(decision)"
        }
    }
}
