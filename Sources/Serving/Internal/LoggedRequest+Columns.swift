import GRDB

/// The request table, declared once: `LoggedRequest.CodingKeys` lists its columns in table
/// order (GRDB reads and writes the record through them) and says here what type each is.
/// The migration, the insert predict.cgi runs through SQLite's C API, its arguments, the
/// batch insert and the positional reader all follow that list.
extension LoggedRequest.CodingKeys {
    /// The column's SQLite type and whether it must be filled: the A/B columns and the client
    /// are there only when a test or a client asked for them, feedback only once it came.
    var declaration: (type: Database.ColumnType, notNull: Bool) {
        switch self {
        case .id, .latencyMicroseconds: (.integer, true)
        case .createdAt, .endpoint, .model, .version, .input, .label, .source, .tokenSHA256: (.text, true)
        case .probability, .positiveProbability: (.double, true)
        case .value: (.double, false)
        case .abTestID: (.integer, false)
        case .abArm, .clientID, .feedback, .feedbackAt, .probabilities: (.text, false)
        }
    }

    /// The columns of the shipped "v1 requests" migration, which never changes.
    static let version1: [Self] = allCases.filter { $0 != .value && $0 != .probabilities }

    /// The columns "v2 task outputs" added: a regression value and multiclass probabilities.
    static let version2: [Self] = [.value, .probabilities]

    /// The columns a served prediction fills, in table order: all but the id (SQLite assigns
    /// it) and feedback (it comes later).
    static let inserted: [Self] = allCases.filter { $0 != .id && $0 != .feedback && $0 != .feedbackAt }

    /// Where the column is in a row read with `LoggedRequest.selectByIDSQL`.
    var position: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }
}

extension LoggedRequest {
    /// Creates the request table with the v1 columns (the "v1 requests" migration; the tests
    /// pin the statement it makes, so a shipped file's schema never changes).
    static func createTable(_ db: Database) throws {
        try db.create(table: databaseTableName) { table in
            for column in CodingKeys.version1 {
                guard column != .id else {
                    table.autoIncrementedPrimaryKey(column.rawValue)
                    continue
                }
                let definition = table.column(column.rawValue, column.declaration.type)
                if column.declaration.notNull { definition.notNull() }
            }
        }
    }

    /// Adds the columns of a prediction's task (the "v2 task outputs" migration): both may be
    /// null, so existing rows (binary ones) keep their values and need no rewrite.
    static func addTaskColumns(_ db: Database) throws {
        try db.alter(table: databaseTableName) { table in
            for column in CodingKeys.version2 { table.add(column: column.rawValue, column.declaration.type) }
        }
    }

    /// A served prediction's row: `CodingKeys.inserted`, one `?` each, in `insertArguments`
    /// order. Built without key paths (they cost runtime type lookups, once per predict.cgi
    /// process, that is per request).
    static let insertSQL: String = {
        let names = CodingKeys.inserted.map { $0.rawValue }
        let marks = [String](repeating: "?", count: names.count)
        return "INSERT INTO request (\(names.joined(separator: ", "))) VALUES (\(marks.joined(separator: ", ")))"
    }()

    /// The row with `id = ?`, every column in coding-key order (what `init(columns:)` reads).
    static let selectByIDSQL =
        "SELECT \(CodingKeys.allCases.map { $0.rawValue }.joined(separator: ", ")) FROM request WHERE id = ?"

    /// The values `insertSQL` binds.
    var insertArguments: [SQLiteValue] { CodingKeys.inserted.map(value) }

    /// The row's value in `column`.
    func value(_ column: CodingKeys) -> SQLiteValue {
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
    init?(columns: [SQLiteValue]) {
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

extension SQLiteValue {
    /// The same value for a GRDB statement (the batch insert).
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        }
    }
}
