import GRDB
import ServingCore

/// The request table, declared once: `LoggedRequest.CodingKeys` lists its columns in table
/// order (GRDB reads and writes the record through them) and says here what type each is.
/// The migration, the insert predict.cgi runs through SQLite's C API (`LoggedRequest+Columns`
/// in ServingCore), the batch insert and the positional reader all follow that list.
extension LoggedRequest: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "request"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension LoggedRequest.CodingKeys {
    /// The column's SQLite type and whether it must be filled (`storage`, which PostgreSQL's
    /// schema follows too).
    var declaration: (type: Database.ColumnType, notNull: Bool) {
        let (kind, notNull) = storage
        switch kind {
        case .integer: return (.integer, notNull)
        case .real: return (.double, notNull)
        case .text: return (.text, notNull)
        }
    }

    /// The columns of the shipped "v1 requests" migration, which never changes.
    static let version1: [Self] = allCases.filter { $0 != .value && $0 != .probabilities }

    /// The columns "v2 task outputs" added: a regression value and multiclass probabilities.
    static let version2: [Self] = [.value, .probabilities]
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
