import Basics
import JSONReading
import JSONWriting
import Models

/// How scored rows are written, by a batch job's result files and by `modelpress predict`:
/// CSV records (RFC 4180 quoting, LF line ends) and a JSON array with one object per line.
///
/// Both start every row with its input: `row` (its number in the input, 1 = the first row
/// after the header, as error messages count), the fields in schema order, then the input's
/// other columns (an id, notes) in the input's order; then the task's columns
/// (`PredictionColumns`). A JSON object has `row`, `input` (the fields) and, when the row has
/// other columns, `extra` (column → its value as sent: `writeExtras`), then the task's fields. Rows that were not
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

    /// Writes `extra`, the row's values of the other columns, when it has any: each as sent
    /// (a CSV cell as text; a JSON value as it was: a number stays a number, `true` stays
    /// `true`, `null` stays `null`), a key the JSON row did not have (nil) left out (trial17 #6:
    /// numbers came back as text, and absent keys as `""`).
    static func writeExtras(_ extras: some Sequence<(String, InputValue?)>, into object: inout JSONWriter) {
        let pairs = Array(extras).compactMap { name, value in value.map { (name, $0) } }
        guard !pairs.isEmpty else { return }
        object.object("extra") {
            for (name, value) in pairs {
                $0.key(name)
                write(value, into: &$0)
            }
        }
    }

    /// An extra value as a CSV result's cell: text as it is, a number as it was sent (its JSON
    /// text: `5`, `-0.0`, `9007199254740993`), `true` or `false`; `null` and a key the row did
    /// not have, empty.
    static func cell(_ value: InputValue?) -> String {
        switch value {
        case .text(let text)?: text
        case .number(let number)?: number.text
        case .bool(let flag)?: String(flag)
        case .null?, .nested?, nil: ""
        }
    }

    /// An extra value as JSON text (`7`, `"A1"`, `true`, `null`): how a job stores it between
    /// submission and worker (`JobSubmission`), so that the worker gives it back as sent.
    static func json(_ value: InputValue) -> String {
        var writer = JSONWriter()
        write(value, into: &writer)
        return writer.text
    }

    /// The extra value stored as `json(_:)` wrote it; nil for an empty cell (the row had no such
    /// key). A cell that is not one JSON scalar is text: a job queued before extras were stored
    /// as JSON.
    static func storedExtra(_ cell: String) -> InputValue? {
        guard !cell.isEmpty else { return nil }
        let value = Array(cell.utf8).withUnsafeBytes { raw in
            Result { () throws(JSONReadError) -> InputValue in
                try JSONReader.read(raw) { reader throws(JSONReadError) in try InputValue.value(&reader) }
            }
        }
        return (try? value.get()) ?? .text(cell)
    }

    private static func write(_ value: InputValue, into writer: inout JSONWriter) {
        switch value {
        case .text(let text): writer.string(text)
        // Its JSON text as sent (trial19 #7): the value would make `5` `5.0` and change ids above 2^53.
        case .number(let number): writer.rawValue(number.text)
        case .bool(let flag): writer.bool(flag)
        case .null, .nested: writer.null()
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
