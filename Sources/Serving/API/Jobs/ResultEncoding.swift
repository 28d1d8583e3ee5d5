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
    /// A CSV result's header: `row`, the fields, the other columns, then `resultColumns` (the
    /// task's, and a job's own). An input column named like one of the result's own columns
    /// (`row`, `label`, `probability`, `prediction`, a job's `model` …: a hold-out file's
    /// `label`, a result scored again) is written `input_<name>` (`input_input_<name>` when that
    /// is taken too), so that every name is unique and the result's names always mean the
    /// result's: pandas would otherwise read the second `label` as `label.1`.
    /// - Returns: the header, and the input columns renamed, in header order.
    public static func header(
        schema: Schema, extraColumns: [String], resultColumns: [String]
    ) -> (names: [String], renamed: [(column: String, writtenAs: String)]) {
        let inputColumns = schema.fields.map(\.name) + extraColumns
        let resultsOwn = Set(["row"] + resultColumns)
        var taken = resultsOwn.union(inputColumns)
        var names = ["row"]
        var renamed: [(column: String, writtenAs: String)] = []
        for column in inputColumns {
            guard resultsOwn.contains(column) else {
                names.append(column)
                continue
            }
            var name = "input_" + column
            while taken.contains(name) { name = "input_" + name }
            renamed.append((column, name))
            taken.insert(name)
            names.append(name)
        }
        return (names + resultColumns, renamed)
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
