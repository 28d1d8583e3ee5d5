import JSONWriting
import Models

/// How scored rows are written, by a batch job's result files and by `modelpress predict`:
/// CSV records (RFC 4180 quoting, LF line ends) and a JSON array with one object per line.
///
/// Both start every row with its input: `row` (its number in the input, 1 = the first row
/// after the header, as error messages count), the fields in schema order, then the input's
/// other columns (an id, notes) in the input's order; then the task's columns
/// (`PredictionColumns`). A JSON object has `row`, `input` (the fields) and, when the input
/// had other columns, `extra` (column → cell), then the task's fields. Rows that were not
/// scored are left out, so `row` is what joins a result to its input.
public enum ResultEncoding {
    /// The CSV header's input columns: `row`, the fields, the other columns.
    public static func inputHeader(schema: Schema, extraColumns: [String]) -> [String] {
        ["row"] + schema.fields.map(\.name) + extraColumns
    }

    /// Writes `extra`, the other columns' cells of a row, when there are any.
    static func writeExtras(_ extras: some Sequence<(String, String)>, into object: inout JSONWriter) {
        let pairs = Array(extras)
        guard !pairs.isEmpty else { return }
        object.object("extra") {
            for (name, cell) in pairs { $0.field(name, cell) }
        }
    }

    /// One CSV record, ending in a line feed.
    public static func csvLine(_ cells: [String]) -> String {
        cells.map(CSVTable.escape).joined(separator: ",") + "\n"
    }

    /// What opens the JSON array.
    public static let jsonStart = "["

    /// What goes before the JSON object of row `index` (0-based): each object on its own line.
    public static func jsonSeparator(before index: Int) -> String {
        index == 0 ? "\n" : ",\n"
    }

    /// What closes the JSON array.
    public static let jsonEnd = "\n]\n"
}
