import Basics
import ServingCore

extension PostgresRequestLog: ABTallySource {
    /// Each arm's counts for A/B test `testID`, every host's requests together
    /// (`ABTallyQuery.tallies`, the SQLite log's query).
    /// - Throws: `ServingError` 503 naming the database (without its password) when it cannot be read.
    public func abTallies(
        testID: Int, arms: [(arm: String, version: VersionID)], startedAt: Timestamp
    ) throws(ServingError) -> [String: ABArmTally] {
        do {
            return try ABTallyQuery.tallies(testID: testID, arms: arms, startedAt: startedAt) { sql, arguments in
                try connection.execute(
                    PostgresConnection.numberingParameters(sql), arguments.map(LoggedRequest.postgresText)
                ).values
            }
        } catch {
            throw ServingError(.unavailable, "the request log cannot be read", detail: explain(error))
        }
    }
}
