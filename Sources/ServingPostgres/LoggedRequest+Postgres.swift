import ServingCore

/// The request table's statements and values for PostgreSQL: the same columns in the same order
/// as SQLite's (`LoggedRequest.CodingKeys`, `LoggedRequest+Columns`), `$n` parameters, and every
/// value as text (`PostgresConnection` binds and reads text).
extension LoggedRequest {
    /// A served prediction's row, returning the id the table's identity column gave it.
    package static let postgresInsertSQL: String = {
        let names = CodingKeys.inserted.map { $0.rawValue }
        let marks = names.indices.map { "$\($0 + 1)" }
        return "INSERT INTO request (\(names.joined(separator: ", "))) VALUES (\(marks.joined(separator: ", "))) "
            + "RETURNING id"
    }()

    /// The row with `id = $1`, every column in coding-key order (what `init(postgresColumns:)` reads).
    static let postgresSelectByIDSQL =
        "SELECT \(CodingKeys.allCases.map { $0.rawValue }.joined(separator: ", ")) FROM request WHERE id = $1"

    /// The values `postgresInsertSQL` binds, as text (nil for NULL).
    package var postgresInsertArguments: [String?] {
        CodingKeys.inserted.map { Self.postgresText(value($0)) }
    }

    /// `value` as PostgreSQL reads it from text: integers in decimal, doubles as Swift writes them
    /// (the shortest text that reads back as the same double, which `float8in` reads exactly).
    static func postgresText(_ value: SQLiteValue) -> String? {
        switch value {
        case .null: nil
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): text
        }
    }

    /// A row read with `postgresSelectByIDSQL`: each column's text read as its kind
    /// (`CodingKeys.storage`; PostgreSQL writes a double in its shortest exact form since
    /// version 12); nil when a required column is missing or does not read as its kind.
    init?(postgresColumns columns: [String?]) {
        guard columns.count == CodingKeys.allCases.count else { return nil }
        var values: [SQLiteValue] = []
        for (key, text) in zip(CodingKeys.allCases, columns) {
            guard let text else {
                values.append(.null)
                continue
            }
            switch key.storage.kind {
            case .integer:
                guard let number = Int64(text) else { return nil }
                values.append(.integer(number))
            case .real:
                guard let number = Double(text) else { return nil }
                values.append(.real(number))
            case .text:
                values.append(.text(text))
            }
        }
        self.init(columns: values)
    }
}
