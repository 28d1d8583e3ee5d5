import Basics
import GRDB

extension RequestLog {
    /// Each arm's counts for A/B test `testID`: the predictions the split sent to the arm (pinned
    /// requests are not part of the test), how many received feedback, and how many of those
    /// were right, and those by true and predicted label (classification); for regression
    /// predictions (rows with a `value`), the absolute error of each one with feedback.
    ///
    /// Rows must name the test, the arm and the arm's version and be no older than the test's
    /// start (to the second), so a log that outlived an earlier registry's test 1 is not mixed in.
    /// Labels and feedback are both stored normalised, so they compare as written.
    /// - Parameters:
    ///   - arms: each arm's name (`A`, `B`) and the version behind it, in arm order.
    ///   - startedAt: when the test started.
    /// - Returns: the counts by arm name.
    /// - Throws: `ServingError` 503 naming the log when it cannot be read.
    public func abTallies(
        testID: Int, arms: [(arm: String, version: VersionID)], startedAt: Timestamp
    ) throws(ServingError) -> [String: ABArmTally] {
        let start = String(startedAt.description.prefix(19))
        do {
            return try read { db in
                var tallies: [String: ABArmTally] = [:]
                for (arm, version) in arms {
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT count(*) AS served, count(feedback) AS with_feedback,
                                   coalesce(sum(feedback IS NOT NULL AND feedback = label), 0) AS correct
                            FROM request
                            WHERE ab_test_id = ? AND ab_arm = ? AND endpoint = ? AND model = ? AND version = ?
                              AND substr(created_at, 1, 19) >= ?
                            """,
                        arguments: [testID, arm, version.endpoint, version.model, version.version, start])
                    let errors = try Double.fetchAll(
                        db,
                        sql: """
                            SELECT abs(CAST(feedback AS REAL) - value) FROM request
                            WHERE ab_test_id = ? AND ab_arm = ? AND endpoint = ? AND model = ? AND version = ?
                              AND substr(created_at, 1, 19) >= ? AND feedback IS NOT NULL AND value IS NOT NULL
                            ORDER BY id
                            """,
                        arguments: [testID, arm, version.endpoint, version.model, version.version, start])
                    let outcomes = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT feedback, label, count(*) AS n FROM request
                            WHERE ab_test_id = ? AND ab_arm = ? AND endpoint = ? AND model = ? AND version = ?
                              AND substr(created_at, 1, 19) >= ? AND feedback IS NOT NULL AND value IS NULL
                            GROUP BY feedback, label ORDER BY feedback, label
                            """,
                        arguments: [testID, arm, version.endpoint, version.model, version.version, start]
                    ).map { ABArmTally.Outcome(truth: $0["feedback"], predicted: $0["label"], count: $0["n"]) }
                    tallies[arm] = ABArmTally(
                        requests: row?["served"] ?? 0, withFeedback: row?["with_feedback"] ?? 0,
                        correct: row?["correct"] ?? 0, absoluteErrors: errors, outcomes: outcomes)
                }
                return tallies
            }
        } catch {
            throw ServingError(
                .unavailable, "the request log cannot be read", detail: "\(path): \(Self.explain(error))")
        }
    }
}
