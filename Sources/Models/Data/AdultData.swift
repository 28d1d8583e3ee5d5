import Foundation

/// The UCI Adult census data set (research/data/adult/): its schema and its two files.
public enum AdultData {
    /// The 14 input fields in file order; categorical fields have no categories yet
    /// (`schema(fittedOn:)` derives them from the training file).
    public static let fieldKinds: [(name: String, kind: Field.Kind)] = [
        ("age", .numeric), ("workclass", .categorical), ("fnlwgt", .numeric),
        ("education", .categorical), ("education-num", .numeric), ("marital-status", .categorical),
        ("occupation", .categorical), ("relationship", .categorical), ("race", .categorical),
        ("sex", .categorical), ("capital-gain", .numeric), ("capital-loss", .numeric),
        ("hours-per-week", .numeric), ("native-country", .categorical),
    ]

    /// The label column and its values (negative class first).
    public static let label = "income"
    public static let labelValues = ["<=50K", ">50K"]

    /// The Adult schema with each categorical field's categories taken from `table`, sorted
    /// (a stable order that does not depend on row order); `?` is missing, not a category.
    /// - Complexity: O(rows × fields + categories × log categories).
    public static func schema(fittedOn table: CSVTable) -> Schema {
        Schema.fitted(fieldKinds: fieldKinds, label: label, labelValues: labelValues, on: table)
    }

    /// Reads `adult.data` (training) and `adult.test` from `folder`, verifying both against the
    /// folder's SHA256SUMS first, and fits the schema on the training file.
    /// - Throws: `DataFileError` naming the file, line and field that is wrong.
    public static func load(folder: URL) throws -> (train: Dataset, test: Dataset) {
        let sums = try Checksums(folder: folder)
        let columns = fieldKinds.count + 1
        let trainTable = try CSVTable(
            contentsOf: folder.appendingPathComponent("adult.data"), columns: columns, checksums: sums)
        let testTable = try CSVTable(
            contentsOf: folder.appendingPathComponent("adult.test"), columns: columns, checksums: sums)
        let schema = schema(fittedOn: trainTable)
        return (try Dataset(table: trainTable, schema: schema), try Dataset(table: testTable, schema: schema))
    }
}

extension Schema {
    /// A schema whose categorical fields list the distinct non-missing values found in `table`,
    /// sorted by their UTF-8 bytes.
    /// - Complexity: O(rows × fields + categories × log categories).
    public static func fitted(
        fieldKinds: [(name: String, kind: Field.Kind)], label: String, labelValues: [String],
        on table: CSVTable
    ) -> Schema {
        var fields: [Field] = []
        for (f, entry) in fieldKinds.enumerated() {
            switch entry.kind {
            case .numeric:
                fields.append(.numeric(entry.name))
            case .categorical:
                var seen = Set<String>()
                for record in table.records where !table.isMissing(record.fields[f]) { seen.insert(record.fields[f]) }
                let sorted = seen.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
                fields.append(.categorical(entry.name, sorted))
            }
        }
        return Schema(fields: fields, label: label, labelValues: labelValues)
    }
}
