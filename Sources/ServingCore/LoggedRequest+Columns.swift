/// The request table's columns as SQLite's C API writes and reads them (`RequestLogWriter`):
/// `LoggedRequest.CodingKeys` lists them in table order, and the insert, its arguments and the
/// positional reader follow that list, as PostgreSQL's do (`LoggedRequest+Postgres` in
/// ServingPostgres). What each holds is `storage`; the migrations are in Serving
/// (`LoggedRequest+Schema`) and ServingPostgres (`PostgresSchema`).
extension LoggedRequest.CodingKeys {
    /// The columns a served prediction fills, in table order: all but the id (SQLite assigns
    /// it) and feedback (it comes later).
    package static let inserted: [Self] = allCases.filter { $0 != .id && $0 != .feedback && $0 != .feedbackAt }

    /// Where the column is in a row read with `LoggedRequest.selectByIDSQL`.
    package var position: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }

    /// What a column holds, whatever the database: SQLite's types in Serving's migrations
    /// (`LoggedRequest+Schema`), PostgreSQL's in ServingPostgres.
    package enum Kind: Sendable {
        case integer, real, text
    }

    /// The column's kind and whether it must be filled: the A/B columns and the client are there
    /// only when a test or a client asked for them, feedback only once it came, `value` and
    /// `probabilities` only for the task that has them.
    package var storage: (kind: Kind, notNull: Bool) {
        switch self {
        case .id, .latencyMicroseconds: (.integer, true)
        case .createdAt, .endpoint, .model, .version, .input, .label, .source, .tokenSHA256: (.text, true)
        case .probability, .positiveProbability: (.real, true)
        case .value: (.real, false)
        case .abTestID: (.integer, false)
        case .abArm, .clientID, .feedback, .feedbackAt, .probabilities: (.text, false)
        }
    }
}

extension LoggedRequest {
    /// A served prediction's row: `CodingKeys.inserted`, one `?` each, in `insertArguments`
    /// order. Built without key paths (they cost runtime type lookups, once per predict.cgi
    /// process, that is per request).
    package static let insertSQL: String = {
        let names = CodingKeys.inserted.map { $0.rawValue }
        let marks = [String](repeating: "?", count: names.count)
        return "INSERT INTO request (\(names.joined(separator: ", "))) VALUES (\(marks.joined(separator: ", ")))"
    }()

    /// The row with `id = ?`, every column in coding-key order (what `init(columns:)` reads).
    package static let selectByIDSQL =
        "SELECT \(CodingKeys.allCases.map { $0.rawValue }.joined(separator: ", ")) FROM request WHERE id = ?"

    /// The values `insertSQL` binds.
    package var insertArguments: [SQLiteValue] { CodingKeys.inserted.map(value) }

    /// The row's value in `column`.
    package func value(_ column: CodingKeys) -> SQLiteValue {
        switch column {
        case .id: id.map { .integer($0) } ?? .null
        case .createdAt: .text(createdAt)
        case .endpoint: .text(endpoint)
        case .model: .text(model)
        case .version: .text(version)
        case .abTestID: abTestID.map { .integer(Int64($0)) } ?? .null
        case .abArm: abArm.map { .text($0) } ?? .null
        case .clientID: clientID.map { .text($0) } ?? .null
        case .input: .text(input)
        case .label: .text(label)
        case .probability: .real(probability)
        case .positiveProbability: .real(positiveProbability)
        case .latencyMicroseconds: .integer(Int64(latencyMicroseconds))
        case .source: .text(source)
        case .tokenSHA256: .text(tokenSHA256)
        case .feedback: feedback.map { .text($0) } ?? .null
        case .feedbackAt: feedbackAt.map { .text($0) } ?? .null
        case .value: value.map { .real($0) } ?? .null
        case .probabilities: probabilities.map { .text($0) } ?? .null
        }
    }

    /// A row read with `selectByIDSQL`; nil when a required column is missing or of another type.
    package init?(columns: [SQLiteValue]) {
        guard columns.count == CodingKeys.allCases.count else { return nil }
        func column(_ key: CodingKeys) -> SQLiteValue { columns[key.position] }
        guard let createdAt = column(.createdAt).string, let endpoint = column(.endpoint).string,
            let model = column(.model).string, let version = column(.version).string,
            let input = column(.input).string, let label = column(.label).string,
            let probability = column(.probability).double,
            let positiveProbability = column(.positiveProbability).double,
            let latency = column(.latencyMicroseconds).int64, let source = column(.source).string,
            let tokenSHA256 = column(.tokenSHA256).string
        else { return nil }
        self.init(
            createdAt: createdAt, endpoint: endpoint, model: model, version: version,
            abTestID: column(.abTestID).int64.map { Int($0) }, abArm: column(.abArm).string,
            clientID: column(.clientID).string, input: input, label: label, probability: probability,
            positiveProbability: positiveProbability, latencyMicroseconds: Int(latency), source: source,
            tokenSHA256: tokenSHA256, value: column(.value).double, probabilities: column(.probabilities).string)
        id = column(.id).int64
        feedback = column(.feedback).string
        feedbackAt = column(.feedbackAt).string
    }
}
