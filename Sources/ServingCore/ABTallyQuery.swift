import Basics

/// What an A/B test's arm counts in the request log, as SQL that SQLite and PostgreSQL read
/// alike (`?` parameters, which the PostgreSQL side numbers; `CASE` rather than SQLite's sum of
/// booleans; `DOUBLE PRECISION`, which SQLite reads as REAL): the one query of both stores.
package enum ABTallyQuery {
    /// Runs a statement with its `?` bound in order and returns its rows.
    package typealias Run = (_ sql: String, _ arguments: [SQLiteValue]) throws -> [[SQLiteValue]]

    /// Rows of the arm: the test, the arm and the arm's version, no older than the test's start (to
    /// the second, compared in byte order: `RequestLogQuery`'s collations), so a log that outlived
    /// an earlier registry's test of the same id is not mixed in.
    static func armRows(byteOrder: String) -> String {
        "FROM request WHERE ab_test_id = ? AND ab_arm = ? AND endpoint = ? AND model = ? AND version = ? "
            + "AND substr(created_at, 1, 19) \(byteOrder) >= ?"
    }

    /// Each arm's counts for A/B test `testID`: the predictions the split sent to the arm (pinned
    /// requests are not part of the test), how many received feedback, and how many of those
    /// were right, and those by true and predicted label (classification, in byte order, as
    /// SQLite sorts); for regression predictions (rows with a `value`), the absolute error of each
    /// one with feedback, in request order. Labels and feedback are both stored normalised, so
    /// they compare as written.
    /// - Parameters:
    ///   - arms: each arm's name (`A`, `B`) and the version behind it, in arm order.
    ///   - startedAt: when the test started.
    ///   - byteOrder: the store's byte-order collation (`RequestLogQuery.sqliteByteOrder`, …).
    ///   - run: runs a statement against the log.
    /// - Returns: the counts by arm name.
    /// - Throws: what `run` throws.
    package static func tallies(
        testID: Int, arms: [(arm: String, version: VersionID)], startedAt: Timestamp, byteOrder: String, run: Run
    ) throws -> [String: ABArmTally] {
        let armRows = Self.armRows(byteOrder: byteOrder)
        let start = String(startedAt.description.prefix(19))
        var tallies: [String: ABArmTally] = [:]
        for (arm, version) in arms {
            let arguments: [SQLiteValue] = [
                .integer(Int64(testID)), .text(arm), .text(version.endpoint), .text(version.model),
                .text(version.version), .text(start),
            ]
            let counts =
                try run(
                    "SELECT count(*), count(feedback), coalesce(sum(CASE WHEN feedback = label THEN 1 ELSE 0 END), 0) "
                        + armRows, arguments
                ).first ?? []
            let errors = try run(
                "SELECT abs(CAST(feedback AS DOUBLE PRECISION) - value) " + armRows
                    + " AND feedback IS NOT NULL AND value IS NOT NULL ORDER BY id", arguments
            ).compactMap { $0.first?.double }
            let outcomes = try run(
                "SELECT feedback, label, count(*) " + armRows
                    + " AND feedback IS NOT NULL AND value IS NULL GROUP BY feedback, label", arguments
            ).compactMap { row -> ABArmTally.Outcome? in
                guard row.count == 3, let truth = row[0].string, let predicted = row[1].string,
                    let count = row[2].int64
                else { return nil }
                return ABArmTally.Outcome(truth: truth, predicted: predicted, count: Int(count))
            }.sorted(by: inByteOrder)
            func count(_ index: Int) -> Int { counts.indices.contains(index) ? Int(counts[index].int64 ?? 0) : 0 }
            tallies[arm] = ABArmTally(
                requests: count(0), withFeedback: count(1), correct: count(2), absoluteErrors: errors,
                outcomes: outcomes)
        }
        return tallies
    }

    /// Outcomes by true, then predicted label, in the byte order of their UTF-8: SQLite's BINARY
    /// collation, which the SQLite log's readers always had (PostgreSQL's order follows the
    /// database's locale).
    private static func inByteOrder(_ left: ABArmTally.Outcome, _ right: ABArmTally.Outcome) -> Bool {
        if left.truth != right.truth { return left.truth.utf8.lexicographicallyPrecedes(right.truth.utf8) }
        return left.predicted.utf8.lexicographicallyPrecedes(right.predicted.utf8)
    }
}
