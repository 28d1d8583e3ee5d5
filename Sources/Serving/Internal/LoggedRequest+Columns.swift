/// A request log row as the C-API write path binds and reads it. The table itself is defined
/// once, by `RequestLog`'s migrations; the column names here are the record's coding keys.
extension LoggedRequest {
    /// The columns a served prediction fills (SQLite assigns the id; feedback comes later), one
    /// `?` each, in `insertArguments` order. A literal: building it from the coding keys cost
    /// runtime type lookups on every request. A test checks it against the coding keys.
    static let insertSQL = """
        INSERT INTO request (created_at, endpoint, model, version, ab_test_id, ab_arm, client_id, input, label, \
        probability, positive_probability, latency_us, source, token_sha256) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The row with `id = ?`, every column in coding-key order (what `init(columns:)` reads).
    static let selectByIDSQL =
        "SELECT \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")) FROM request WHERE id = ?"

    /// The values `insertSQL` binds.
    var insertArguments: [SQLiteValue] {
        [
            .text(createdAt), .text(endpoint), .text(model), .text(version),
            abTestID.map { .integer(Int64($0)) } ?? .null, abArm.map { .text($0) } ?? .null,
            clientID.map { .text($0) } ?? .null, .text(input), .text(label), .real(probability),
            .real(positiveProbability), .integer(Int64(latencyMicroseconds)), .text(source), .text(tokenSHA256),
        ]
    }

    /// A row read with `selectByIDSQL`; nil when a required column is missing or of another type.
    init?(columns: [SQLiteValue]) {
        guard columns.count == CodingKeys.allCases.count,
            let createdAt = columns[1].string, let endpoint = columns[2].string, let model = columns[3].string,
            let version = columns[4].string, let input = columns[8].string, let label = columns[9].string,
            let probability = columns[10].double, let positiveProbability = columns[11].double,
            let latency = columns[12].int64, let source = columns[13].string, let tokenSHA256 = columns[14].string
        else { return nil }
        self.init(
            createdAt: createdAt, endpoint: endpoint, model: model, version: version,
            abTestID: columns[5].int64.map { Int($0) }, abArm: columns[6].string, clientID: columns[7].string,
            input: input, label: label, probability: probability, positiveProbability: positiveProbability,
            latencyMicroseconds: Int(latency), source: source, tokenSHA256: tokenSHA256)
        id = columns[0].int64
        feedback = columns[15].string
        feedbackAt = columns[16].string
    }
}
