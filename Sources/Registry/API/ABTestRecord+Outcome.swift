extension ABTestRecord {
    /// Whether the stop promoted its winner although the difference was not significant
    /// (`ab stop --force`; the stored summary's `forced`).
    public var promotedByForce: Bool { winner != nil && summary?.forced == true }

    /// How an arm came to be promoted, after its name: `won`, or `promoted by --force (no
    /// significant difference)` for a forced stop (trial22 #8: a forced promotion at p = 0.396
    /// was called a win everywhere but the decision line).
    public static func promotion(forced: Bool) -> String {
        forced ? "promoted by --force (no significant difference)" : "won"
    }

    /// How a stopped test ended, in a few words: `arm B won`, `arm B promoted by --force (no
    /// significant difference)`, `no winner`, `aborted without a decision`; `running` while it runs.
    /// `ab ls` and `ab show`, the A/B page's state and the endpoint page's A/B table say it.
    public var outcome: String {
        if isRunning { return "running" }
        if aborted { return "aborted without a decision" }
        return winner.map { "arm \($0) " + Self.promotion(forced: promotedByForce) } ?? "no winner"
    }

    /// What the test did to the arm `arm` (`A` or `B`) of a stopped test: `won`, `lost`, for a
    /// forced stop `promoted by --force (no significant difference)` and `not promoted: the other
    /// arm was promoted by --force (no significant difference)`; nil while it runs, when aborted
    /// and without a winner.
    public func outcome(ofArm arm: String) -> String? {
        guard !isRunning, !aborted, let winner else { return nil }
        if arm == winner { return Self.promotion(forced: promotedByForce) }
        return promotedByForce ? "not promoted: the other arm was \(Self.promotion(forced: true))" : "lost"
    }

    /// The notes of the status changes a stop with a winner writes (`Registry.stopABTest`), each
    /// ending in the test's id, which `RegistryEvent.abTestID` reads back from the archive note:
    /// `won A/B test 7`, `lost A/B test 7`, `archived automatically: m@1.1.0 won A/B test 7`; for a
    /// forced stop `promoted by --force (no significant difference) in A/B test 7`, `not promoted:
    /// the other arm was promoted by --force (no significant difference) in A/B test 7` and
    /// `archived automatically: m@1.1.0 promoted by --force (no significant difference) in A/B test 7`.
    /// Committed events keep the notes they were written with.
    public static func stopNotes(id: Int, winner: String, forced: Bool) -> (won: String, lost: String, archived: String)
    {
        guard forced else {
            return ("won A/B test \(id)", "lost A/B test \(id)", "archived automatically: \(winner) won A/B test \(id)")
        }
        let promoted = promotion(forced: true)
        return (
            "\(promoted) in A/B test \(id)", "not promoted: the other arm was \(promoted) in A/B test \(id)",
            "archived automatically: \(winner) \(promoted) in A/B test \(id)"
        )
    }
}
