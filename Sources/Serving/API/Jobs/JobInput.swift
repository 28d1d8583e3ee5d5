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

        /// How `modelpress explain` reads a file: JSON lines when it is named `.jsonl` or
        /// `.ndjson`, JSON when it is named `.json` or begins with `{` or `[` (a pipe has no
        /// name), CSV otherwise; JSON that is an object followed by more is JSON lines, named
        /// so or not (trial15 #8: `--input -` could not carry them).
        public static func ofFile(named path: String, bytes: [UInt8]) -> Format {
            if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") { return .jsonLines }
            guard path.hasSuffix(".json") || InputCSV.looksLikeJSON(bytes) else { return .csv }
            return Self.objectAndMore(TextFile.withoutByteOrderMark(bytes)) ? .jsonLines : .json
        }

        /// Whether `bytes` begin with a JSON object that something other than blank space follows.
        static func objectAndMore(_ bytes: ArraySlice<UInt8>) -> Bool {
            valueAndMore(bytes, opening: [UInt8(ascii: "{")])
        }

        /// Whether `bytes` begin with a JSON value opening with one of `opening` that something
        /// other than blank space follows (beginning with one of `next`, when given).
        static func valueAndMore(_ bytes: ArraySlice<UInt8>, opening: Set<UInt8>, next: Set<UInt8>? = nil) -> Bool {
            bytes.withUnsafeBytes { raw in
                var reader = JSONReader(raw)
                guard opening.contains(reader.peek()), (try? reader.skipValue()) != nil else { return false }
                return reader.peek() != 0 && next.map { $0.contains(reader.peek()) } != false
            }
        }
    }

    /// One row: its number (1 = the first row after a CSV header, the first array element or
    /// the first non-blank JSON line), its values by field name, and its values of
    /// `extraColumns`: a CSV's cells as text, a JSON row's values as sent, nil where a JSON row
    /// does not have the key.
    public struct Row: Sendable {
        public var number: Int
        public var values: [String: InputValue]
        public var extras: [InputValue?] = []
        /// The fields' cells as written, in schema order, which a result echoes (as `modelpress
        /// predict` does: trial19 #13, a job wrote `+12` as `12` and `2` as `2.0`): a CSV's cells;
        /// for JSON rows nil, each field's value as sent then (`writtenCells`).
        var cells: [String]?
        /// A JSON row's other keys in the order it sent them, as indices of `extras`, when that
        /// is not the columns' order (`extraColumns`, first met): its JSON result's `extra` keeps
        /// the row's own order (trial19 #7). Nil otherwise.
        public var extraOrder: [Int]? = nil

        /// The fields' cells as written (`cells`), or a JSON row's values as sent: text as it
        /// is, a number as its JSON text, `true`/`false`, empty for `null` or no key.
        public func writtenCells(_ fields: [Field]) -> [String] {
            cells
                ?? fields.map { field in
                    switch values[field.name] {
                    case .text(let text)?: text
                    case .number(let number)?: number.text
                    case .bool(let flag)?: String(flag)
                    case .null?, .nested?, nil: ""
                    }
                }
        }
    }

    public var rows: [Row] = []
    /// Whether the rows came from CSV (a problem then speaks of cells: `InputValidator.Spelling`).
    public var isCSV = false
    /// The columns (CSV) or keys (JSON) that are neither fields nor reserved (`client_id`), in
    /// the order first met: passed through to the result (`predict`, jobs) or left out
    /// (`explain`), CSV and JSON alike (trial15 #9: JSON refused such a key). A JSON row without
    /// one has none (`Row.extras`): an empty cell in a CSV result, no key in a JSON one.
    public var extraColumns: [String] = []
    /// The CSV rows that could not be read (the wrong number of cells, no value for any field),
    /// as `row N` and what is wrong: invalid rows, as rows the schema refuses.
    public var problems: [ServingError.FieldProblem] = []
    /// How a CSV's numeric cells that the served versions' decimal mark does not read are
    /// written (a decimal comma `3,14`, thousands grouping `1,950`, `1.356,31`), for the
    /// refusal's hint (`NumberMarks`); nil when there are none.
    public var numberMarks: NumberMarks?
    /// The served versions read numbers with a decimal comma (`VersionCSVReading`): a JSON
    /// row's numeric text `77,0` reads as a CSV cell does (`validated(by:)`).
    public var decimalComma = false
    /// How many rows were sent, read or not.
    public var rowCount: Int { rows.count + problems.count }

    /// Reads the rows of `bytes`; a CSV is read by `InputCSV`, as `modelpress predict` reads a
    /// file: its header names every field of `schema`, other columns are passed through, and
    /// `client_id` is read as the row's routing key.
    /// - Parameters:
    ///   - reading: how the served versions read their CSV (`VersionCSVReading`): the cells that
    ///     stand for a missing value besides an empty cell and `?`, the decimal mark.
    ///   - reserved: CSV columns read into a row's values though they are no field (a job's
    ///     `client_id`); `modelpress explain` has none.
    ///   - oneObject: a lone JSON object (not in an array) is one row, as `modelpress explain
    ///     --input row.json` takes it; a job's JSON body must be an array.
    ///   - jsonHint: for CSV that turns out to be JSON, where JSON rows go instead (`InputCSV`).
    ///   - noRows: the refusal of an input with no rows (a CSV header alone, an empty array).
    /// - Throws: `ServingError` 400 when the input is empty (`emptyInput`), saying where the
    ///   text stops being CSV or JSON, or what is wrong with the header; 413 past `maxRows`.
    public init(
        bytes: [UInt8], format: Format, schema: Schema, reading: VersionCSVReading = VersionCSVReading(),
        maxRows: Int, reserved: Set<String> = ["client_id"], oneObject: Bool = false,
        jsonHint: String = Self.jobJSONHint, noRows: String = "the job has no rows; send at least one"
    ) throws(ServingError) {
        if format != .csv, Self.isEmpty(bytes) { throw Self.emptyInput(format) }
        decimalComma = reading.decimalComma
        switch format {
        case .csv:
            let csv = try InputCSV(
                bytes: bytes, schema: schema, missingMarkers: reading.missingMarkers,
                decimalComma: reading.decimalComma, reserved: reserved, maxRows: maxRows, jsonHint: jsonHint)
            rows = csv.rows.map {
                Row(number: $0.number, values: $0.values, extras: $0.extras.map(InputValue.text), cells: $0.cells)
            }
            isCSV = true
            extraColumns = csv.extraColumns
            problems = csv.problems
            numberMarks = csv.numberMarks
        // JSON forbids a byte order mark, but editors on Windows write one and `JSONDecoder` took it.
        case .json, .jsonLines:
            let read =
                format == .json
                ? try Self.jsonArrayRows(TextFile.withoutByteOrderMark(bytes), maxRows: maxRows, oneObject: oneObject)
                : try Self.jsonLineRows(TextFile.withoutByteOrderMark(bytes), maxRows: maxRows)
            let known = Set(schema.fields.map(\.name)).union(reserved)
            for (number, row) in read {
                switch row {
                case .refused(let message): problems.append(.init(field: "row \(number)", message: message))
                case .fields(let values, let keys):
                    take(number, values, keys: keys, known: known, fields: schema.fields.map(\.name))
                }
            }
        }
        guard rowCount > 0 else {
            throw ServingError(.badRequest, noRows)
        }
    }

    /// The field that `name`, a JSON row's key or a CSV column that is no field (nor reserved),
    /// looks like a misspelling of, so that it is refused rather than passed through, and the
    /// field scored as missing without a word: the one rule for JSON rows and CSV headers
    /// (trial18 #2: `"Income": 5` beside `"income": null` was passed through).
    ///
    /// - A name that differs from a field only in letter case (`Income`) is always refused,
    ///   whatever the row gives the field (present, `null` or left out): two names a person
    ///   reads as one, where one is sure to be a mistake.
    /// - A near name (a slip, `NearestName`: `incme`) is refused only where the input does not
    ///   name the field at all (a JSON row without the key, a CSV without the column): where it
    ///   names it, even as `null` or empty, the near name is a column of its own (`weight` next
    ///   to the field `height`), and refusing it would make a legitimate file unsendable.
    /// - Parameter named: the fields the input names (a JSON row's keys, a CSV's header).
    /// - Returns: the field meant; nil when `name` may be passed through.
    static func misspeltField(_ name: String, fields: [String], named: (String) -> Bool) -> String? {
        guard !fields.contains(name) else { return nil }
        if let cased = fields.first(where: { $0.lowercased() == name.lowercased() }) { return cased }
        return NearestName.closest(to: name, in: fields.filter { !named($0) })
    }

    /// Adds JSON row `number`: its fields and reserved keys as its values, its other keys as
    /// extras (`extraColumns`, passed through as sent: text, a number as its text, true or
    /// false, null; new columns in the order the row sends its keys, trial19 #7);
    /// a nested value under an extra key is the row's
    /// problem, since it has no cell to be passed through as. A key that looks like a misspelt
    /// field (`misspeltField`) stays among the values, where the validator refuses it naming
    /// the field.
    private mutating func take(
        _ number: Int, _ input: [String: InputValue], keys: [String], known: Set<String>, fields: [String]
    ) {
        var values: [String: InputValue] = [:]
        var extras: [String: InputValue] = [:]
        var nested: [String] = []
        for (key, value) in input {
            if known.contains(key) || Self.misspeltField(key, fields: fields, named: { input[$0] != nil }) != nil {
                values[key] = value
                continue
            }
            if case .nested = value { nested.append(key) } else { extras[key] = value }
        }
        guard nested.isEmpty else {
            problems += nested.sorted().map {
                .init(
                    field: "row \(number): \($0)",
                    message: "is not a field, and an array or object cannot be passed through; send text, a number, "
                        + "true, false or null, or leave it out")
            }
            return
        }
        for key in keys where extras[key] != nil && !extraColumns.contains(key) {
            extraColumns.append(key)
            for index in rows.indices { rows[index].extras.append(nil) }
        }
        let sent = keys.compactMap { extras[$0] != nil ? extraColumns.firstIndex(of: $0) : nil }
        rows.append(
            Row(
                number: number, values: values, extras: extraColumns.map { extras[$0] },
                extraOrder: sent == sent.sorted() ? nil : sent))
    }

    /// Where a job's JSON rows go, for a CSV upload that is JSON.
    public static let jobJSONHint =
        "send JSON rows as Content-Type: application/json (an array of objects) or application/x-ndjson "
        + "(one object per line)"

    /// Whether `bytes` hold nothing but a byte order mark and blank space: no header, no rows.
    static func isEmpty(_ bytes: [UInt8]) -> Bool {
        TextFile.withoutByteOrderMark(bytes).allSatisfy { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
    }

    /// The one refusal of an empty input (an empty file, an empty pipe, an empty body), for
    /// every reader of rows: a job, `modelpress predict` and `modelpress explain`, in the words
    /// of its format (JSON has no header: trial17 #17). A CSV with a header and no rows is
    /// another matter, refused by each caller in its own words.
    static func emptyInput(_ format: Format) -> ServingError {
        let (lacks, what) =
            switch format {
            case .csv: ("no header and no rows", "a header row naming the fields, then one line per row")
            case .json: ("no JSON value", "an array of objects keyed by field name, one per row")
            case .jsonLines: ("no lines of JSON", "one object keyed by field name per line")
            }
        return ServingError(.badRequest, "the input is empty: it has \(lacks); send \(what)")
    }

    static func tooMany(_ maxRows: Int) -> ServingError {
        ServingError(.payloadTooLarge, "the job has more than \(maxRows) rows, the limit; split it into smaller jobs")
    }

    /// The rows of a JSON array (or, with `oneObject`, of one object), numbered from 1: an
    /// element that is no row is that row's problem; the text's syntax is the whole input's.
    private static func jsonArrayRows(
        _ bytes: ArraySlice<UInt8>, maxRows: Int, oneObject: Bool
    ) throws(ServingError) -> [(number: Int, row: InputValue.Row)] {
        let what = oneObject ? "a JSON object of a row or an array of them" : "a JSON array of rows"
        let elements: [InputValue.Row]?
        do {
            elements = try bytes.withUnsafeBytes { raw in
                Result { () throws(JSONReadError) in
                    try JSONReader.read(raw) { reader throws(JSONReadError) in
                        if oneObject, reader.peek() == UInt8(ascii: "{") { return [try InputValue.row(&reader)] }
                        guard reader.peek() == UInt8(ascii: "[") else {
                            try reader.skipValue()
                            return nil
                        }
                        return try reader.array(InputValue.row)
                    }
                }
            }.get()
        } catch {
            // Objects one after another (`{…}{…}`, `{…}\n{…}`) are JSON lines or an array's
            // elements that lost their brackets (trial17 #17: only "unexpected text" was said).
            let brackets: Set = [UInt8(ascii: "{"), UInt8(ascii: "[")]
            let hint =
                !Format.valueAndMore(bytes, opening: brackets, next: brackets)
                ? ""
                : oneObject
                    ? "; several JSON values one after another? Put the rows in one array, or write one object "
                        + "per line in a file named .jsonl (JSON lines)"
                    : "; several JSON values one after another? Send the rows as one array ([{…}, {…}]), or as "
                        + "Content-Type: application/x-ndjson (JSON lines: one object per line)"
            throw ServingError(.badRequest, "the \(oneObject ? "text" : "body") is not \(what): \(error)\(hint)")
        }
        guard let elements else {
            throw ServingError(
                .badRequest,
                oneObject
                    ? "give one JSON object keyed by field name, or an array of them"
                    : "a JSON job body must be an array of objects, one per row")
        }
        guard elements.count <= maxRows else { throw tooMany(maxRows) }
        return elements.enumerated().map { ($0.offset + 1, $0.element) }
    }

    /// The rows of JSON lines, one per non-blank line: a line that is not JSON or no row is
    /// that row's problem, naming the line (and column).
    private static func jsonLineRows(
        _ bytes: ArraySlice<UInt8>, maxRows: Int
    ) throws(ServingError) -> [(number: Int, row: InputValue.Row)] {
        var rows: [(number: Int, row: InputValue.Row)] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) else { continue }
            let number = rows.count + 1
            guard number <= maxRows else { throw tooMany(maxRows) }
            let read = line.withUnsafeBytes { raw in
                Result { () throws(JSONReadError) in try JSONReader.read(raw, InputValue.row) }
            }
            switch read {
            case .success(.refused(let message)): rows.append((number, .refused("line \(index + 1): \(message)")))
            case .success(let row): rows.append((number, row))
            case .failure(let error):
                rows.append(
                    (number, .refused("line \(index + 1): is not JSON (column \(error.column): \(error.message))")))
            }
        }
        return rows
    }
}

extension JobInput {
    /// The rows checked against a schema (`validated(by:)`).
    public struct Checked {
        /// The valid rows, in row order, with their values by field name.
        public var valid: [(row: Row, values: [String: FieldValue])] = []
        /// Every problem, in row order: each row that could not be read (`row N`) and each field
        /// the validator refused (`row N: field`).
        public var problems: [ServingError.FieldProblem] = []
        /// How many rows were not valid.
        public var invalidRows = 0
    }

    /// Checks every row with `validator`, as a job's submission, `modelpress predict` and
    /// `modelpress explain` do: a refused row is reported with its number, and the others are
    /// still valid.
    public func validated(by validator: InputValidator) -> Checked {
        var validator = validator
        if isCSV { validator.spelling = .csv }
        validator.decimalComma = validator.decimalComma || decimalComma
        var checked = Checked(invalidRows: problems.count)
        for row in rows {
            do {
                checked.valid.append((row, try validator.validate(row.values)))
            } catch {
                checked.invalidRows += 1
                checked.problems += error.errors.map {
                    .init(field: "row \(row.number): \($0.field)", message: $0.message)
                }
            }
        }
        // Stable: a row's own problems keep the validator's (field) order.
        checked.problems = (problems + checked.problems).enumerated().sorted {
            ($0.element.rowNumber, $0.offset) < ($1.element.rowNumber, $1.offset)
        }.map(\.element)
        return checked
    }
}
