extension ABTestRecord {
    /// Whether the stop named its winner although the difference was not significant
    /// (`ab stop --force`; the stored summary's `forced`).
    public var decidedByForce: Bool { winner != nil && summary?.forced == true }

    /// Whether the winner was production before the test and stayed there: the stop changed
    /// nothing for it (trial24 #7: a forced stop that kept the incumbent read "promoted").
    public var winnerKept: Bool {
        guard let winner else { return false }
        return arms.first { $0.arm == winner }?.statusBefore == .production
    }

    /// How an arm came out of a stop, after its name: `won`, or for a forced stop `promoted by
    /// --force (no significant difference)` (trial22 #8: a forced promotion at p = 0.396 was
    /// called a win everywhere but the decision line), or `kept by --force (no significant
    /// difference)` when the arm was production before the test and stays.
    public static func decision(forced: Bool, kept: Bool) -> String {
        guard forced else { return "won" }
        return "\(kept ? "kept" : "promoted") by --force (no significant difference)"
    }

    /// `decision(forced:kept:)` for this test's winner.
    var winnerDecision: String { Self.decision(forced: decidedByForce, kept: winnerKept) }

    /// How a stopped test ended, in a few words: `arm B won`, `arm B promoted by --force (no
    /// significant difference)`, `arm A kept by --force (no significant difference)`, `no
    /// winner`, `aborted without a decision`; `running` while it runs. `ab ls` and `ab show`,
    /// `history`, the feed, the A/B page's state and the endpoint page's A/B table say it.
    public var outcome: String {
        if isRunning { return "running" }
        if aborted { return "aborted without a decision" }
        return winner.map { "arm \($0) " + winnerDecision } ?? "no winner"
    }

    /// What the test did to the arm `arm` (`A` or `B`) of a stopped test: `won`, `lost`, for a
    /// forced stop `decision(forced:kept:)` and `not promoted: the other arm was promoted (or
    /// kept) by --force (no significant difference)`; nil while it runs, when aborted and without
    /// a winner.
    public func outcome(ofArm arm: String) -> String? {
        guard !isRunning, !aborted, let winner else { return nil }
        if arm == winner { return winnerDecision }
        return decidedByForce ? "not promoted: the other arm was \(winnerDecision)" : "lost"
    }

    /// The notes of the status changes a stop with a winner writes (`Registry.stopABTest`), each
    /// ending in the test's id, which `RegistryEvent.abTestID` reads back from the archive note:
    /// `won A/B test 7`, `lost A/B test 7`, `archived automatically: m@1.1.0 won A/B test 7`; for a
    /// forced stop `promoted by --force (no significant difference) in A/B test 7`, `not promoted:
    /// the other arm was promoted by --force (no significant difference) in A/B test 7` (`kept`
    /// when the winner was production: `winnerKept`) and `archived automatically: m@1.1.0
    /// promoted by --force (no significant difference) in A/B test 7`. Committed events keep the
    /// notes they were written with.
    public static func stopNotes(
        id: Int, winner: String, forced: Bool, kept: Bool
    ) -> (won: String, lost: String, archived: String) {
        guard forced else {
            return ("won A/B test \(id)", "lost A/B test \(id)", "archived automatically: \(winner) won A/B test \(id)")
        }
        let decided = decision(forced: true, kept: kept)
        return (
            "\(decided) in A/B test \(id)", "not promoted: the other arm was \(decided) in A/B test \(id)",
            "archived automatically: \(winner) \(decided) in A/B test \(id)"
        )
    }
}
