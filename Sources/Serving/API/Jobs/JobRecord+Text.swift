/// A job's columns as text, for a store that binds and reads every value as text (PostgreSQL
/// through libpq: `PostgresJobStore`): the same names as the SQLite table's (`CodingKeys`).
extension JobRecord {
    /// The job table's column names, in one fixed order (the coding keys').
    public static let columnNames: [String] = CodingKeys.allCases.map(\.rawValue)

    /// The values in `columnNames`' order: numbers in decimal (a double as the shortest text
    /// that reads back as the same double), booleans as `true`/`false`, nil for NULL.
    public var textValues: [String?] {
        CodingKeys.allCases.map(text)
    }

    private func text(_ key: CodingKeys) -> String? {
        switch key {
        case .id: id
        case .endpoint: endpoint
        case .schemaSHA256: schemaSHA256
        case .statusPin: statusPin
        case .modelPin: modelPin
        case .versionPin: versionPin
        case .skipInvalid: String(skipInvalid)
        case .explain: String(explain)
        case .status: status.rawValue
        case .submittedAt: String(submittedAt)
        case .startedAt: startedAt.map { String($0) }
        case .finishedAt: finishedAt.map { String($0) }
        case .expiredAt: expiredAt.map { String($0) }
        case .rowsTotal: String(rowsTotal)
        case .rowsDone: String(rowsDone)
        case .rowsSkipped: String(rowsSkipped)
        case .skippedErrors: skippedErrors
        case .input: input
        case .resultFile: resultFile
        case .error: error
        case .leaseOwner: leaseOwner
        case .leaseUntil: leaseUntil.map { String($0) }
        case .attempts: String(attempts)
        }
    }

    /// A job read as text in `columnNames`' order (booleans as PostgreSQL writes them, `t`/`f`,
    /// or `true`/`false`); nil when a required value is missing or does not read as its kind.
    public init?(textValues values: [String?]) {
        guard values.count == CodingKeys.allCases.count else { return nil }
        var columns: [CodingKeys: String] = [:]
        for (key, value) in zip(CodingKeys.allCases, values) { columns[key] = value }
        func double(_ key: CodingKeys) -> Double? { columns[key].flatMap { Double($0) } }
        func boolean(_ key: CodingKeys) -> Bool? {
            switch columns[key] {
            case "t"?, "true"?: true
            case "f"?, "false"?: false
            default: nil
            }
        }
        guard let id = columns[.id], let endpoint = columns[.endpoint], let schema = columns[.schemaSHA256],
            let skipInvalid = boolean(.skipInvalid), let explain = boolean(.explain),
            let status = columns[.status].flatMap(Status.init(rawValue:)), let submittedAt = double(.submittedAt),
            let rowsTotal = columns[.rowsTotal].flatMap({ Int($0) }),
            let rowsDone = columns[.rowsDone].flatMap({ Int($0) }),
            let rowsSkipped = columns[.rowsSkipped].flatMap({ Int($0) }), let skippedErrors = columns[.skippedErrors],
            let input = columns[.input], let attempts = columns[.attempts].flatMap({ Int($0) })
        else { return nil }
        self.init(
            id: id, endpoint: endpoint, schemaSHA256: schema, statusPin: columns[.statusPin],
            modelPin: columns[.modelPin], versionPin: columns[.versionPin], skipInvalid: skipInvalid, explain: explain,
            status: status, submittedAt: submittedAt, startedAt: double(.startedAt), finishedAt: double(.finishedAt),
            expiredAt: double(.expiredAt), rowsTotal: rowsTotal, rowsDone: rowsDone, rowsSkipped: rowsSkipped,
            skippedErrors: skippedErrors, input: input, resultFile: columns[.resultFile], error: columns[.error],
            leaseOwner: columns[.leaseOwner], leaseUntil: double(.leaseUntil), attempts: attempts)
    }
}
