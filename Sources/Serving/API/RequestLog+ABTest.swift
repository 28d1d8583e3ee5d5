import Basics
import GRDB

extension RequestLog: ABTallySource {
    /// Each arm's counts for A/B test `testID` (`ABTallyQuery.tallies`, the query the PostgreSQL
    /// log runs too).
    /// - Parameters:
    ///   - arms: each arm's name (`A`, `B`) and the version behind it, in arm order.
    ///   - startedAt: when the test started.
    /// - Returns: the counts by arm name.
    /// - Throws: `ServingError` 503 naming the log when it cannot be read.
    public func abTallies(
        testID: Int, arms: [(arm: String, version: VersionID)], startedAt: Timestamp
    ) throws(ServingError) -> [String: ABArmTally] {
        do {
            return try read { db in
                try ABTallyQuery.tallies(testID: testID, arms: arms, startedAt: startedAt) { sql, arguments in
                    try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue)))
                        .map { row in row.databaseValues.map { SQLiteValue($0) } }
                }
            }
        } catch {
            throw ServingError(
                .unavailable, "the request log cannot be read", detail: "\(path): \(Self.explain(error))")
        }
    }
}

extension SQLiteValue {
    /// A value GRDB read (a blob, which the log never holds, as its bytes' text).
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let bytes): self = .text(String(decoding: bytes, as: UTF8.self))
        }
    }
}
