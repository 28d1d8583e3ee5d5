import Basics
import JSONReading
import Models

/// The rows of a batch job as the client sent them, numbered from 1 in the order sent.
public struct JobInput: Sendable {
    /// How the body is written, from its media type.
    public enum Format: String, Sendable {
        /// `text/csv`: a header row naming the endpoint's fields, then one row per line.
        case csv
        /// `application/json`: an array of objects.
        case json
        /// `application/x-ndjson` (or `application/jsonl`): one object per line.
        case jsonLines

        /// The format for a media type, nil when jobs do not accept it.
        public init?(mediaType: String) {
            switch mediaType {
            case "text/csv", "application/csv": self = .csv
            case "application/json": self = .json
            case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/jsonlines":
                self = .jsonLines
            default: return nil
            }
        }

        public static let accepted = "text/csv, application/json, application/x-ndjson or multipart/form-data"
    }

    /// One row: its number (1 = the first row after a CSV header, the first array element or
    /// the first non-blank JSON line), its values by field name, and its cells of the CSV's
    /// `extraColumns`.
    public struct Row: Sendable {
        public var number: Int
        public var values: [String: InputValue]
        public var extras: [String] = []
    }

    public var rows: [Row]
    /// A CSV's columns that are neither fields nor `client_id`, in file order: passed through
    /// to the result. Empty for JSON.
    public var extraColumns: [String] = []
    /// The CSV rows that could not be read (the wrong number of cells, no value for any field),
    /// as `row N` and what is wrong: invalid rows, as rows the schema refuses.
    public var problems: [ServingError.FieldProblem] = []
    /// A CSV cell of a numeric field written with a decimal comma (`3,14`) where the served
    /// versions read a decimal point, for the refusal's hint; nil when there is none.
    public var decimalCommaExample: String?
    /// How many rows were sent, read or not.
    public var rowCount: Int { rows.count + problems.count }

    /// Reads the rows of `bytes`; a CSV is read by `InputCSV`, as `modelpress predict` reads a
    /// file: its header names every field of `schema`, other columns are passed through, and
    /// `client_id` is read as the row's routing key.
    /// - Parameter reading: how the served versions read their CSV (`VersionCSVReading`): the
    ///   cells that stand for a missing value besides an empty cell and `?`, the decimal mark.
    /// - Throws: `ServingError` 400 saying where the text stops being CSV or JSON, or what is
    ///   wrong with the header; 413 past `maxRows`.
    public init(
        bytes: [UInt8], format: Format, schema: Schema, reading: VersionCSVReading = VersionCSVReading(),
        maxRows: Int
    ) throws(ServingError) {
        switch format {
        case .csv:
            let csv = try InputCSV(
                bytes: bytes, schema: schema, missingMarkers: reading.missingMarkers,
                decimalComma: reading.decimalComma, reserved: ["client_id"], maxRows: maxRows)
            rows = csv.rows.map { Row(number: $0.number, values: $0.values, extras: $0.extras) }
            extraColumns = csv.extraColumns
            problems = csv.problems
            decimalCommaExample = csv.decimalCommaExample
        // JSON forbids a byte order mark, but editors on Windows write one and `JSONDecoder` took it.
        case .json: rows = try Self.jsonArrayRows(TextFile.withoutByteOrderMark(bytes), maxRows: maxRows)
        case .jsonLines: rows = try Self.jsonLineRows(TextFile.withoutByteOrderMark(bytes), maxRows: maxRows)
        }
        guard rowCount > 0 else {
            throw ServingError(.badRequest, "the job has no rows; send at least one")
        }
    }

    static func tooMany(_ maxRows: Int) -> ServingError {
        ServingError(.payloadTooLarge, "the job has more than \(maxRows) rows, the limit; split it into smaller jobs")
    }

    private static func jsonArrayRows(_ bytes: ArraySlice<UInt8>, maxRows: Int) throws(ServingError) -> [Row] {
        let elements: [[String: InputValue]?]?
        do {
            elements = try bytes.withUnsafeBytes { raw in
                Result { () throws(JSONReadError) in
                    try JSONReader.read(raw) { reader throws(JSONReadError) in
                        guard reader.peek() == UInt8(ascii: "[") else {
                            try reader.skipValue()
                            return nil
                        }
                        return try reader.array(InputValue.rowFields)
                    }
                }
            }.get()
        } catch {
            throw ServingError(.badRequest, "the body is not a JSON array of rows: \(error)")
        }
        guard let elements else {
            throw ServingError(.badRequest, "a JSON job body must be an array of objects, one per row")
        }
        guard elements.count <= maxRows else { throw tooMany(maxRows) }
        var rows: [Row] = []
        var problems: [ServingError.FieldProblem] = []
        for (index, element) in elements.enumerated() {
            guard let values = element else {
                problems.append(.init(field: "row \(index + 1)", message: "is not an object of field names and values"))
                continue
            }
            rows.append(Row(number: index + 1, values: values))
        }
        guard problems.isEmpty else {
            throw ServingError(.badRequest, "every element of the array must be an object", errors: problems)
        }
        return rows
    }

    private static func jsonLineRows(_ bytes: ArraySlice<UInt8>, maxRows: Int) throws(ServingError) -> [Row] {
        var rows: [Row] = []
        var problems: [ServingError.FieldProblem] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) else { continue }
            let number = rows.count + problems.count + 1
            guard number <= maxRows else { throw tooMany(maxRows) }
            let read = line.withUnsafeBytes { raw in
                Result { () throws(JSONReadError) in try JSONReader.read(raw, InputValue.rowFields) }
            }
            switch read {
            case .success(let values?): rows.append(Row(number: number, values: values))
            case .success(nil):
                problems.append(.init(field: "row \(number)", message: "line \(index + 1) is not a JSON object"))
            case .failure(let error):
                problems.append(
                    .init(
                        field: "row \(number)",
                        message: "line \(index + 1) is not JSON: column \(error.column): \(error.message)"))
            }
        }
        guard problems.isEmpty else {
            let count = problems.count == 1 ? "1 line is" : "\(problems.count) lines are"
            throw ServingError(.badRequest, "the body is not JSON lines: \(count) wrong", errors: problems)
        }
        return rows
    }
}
