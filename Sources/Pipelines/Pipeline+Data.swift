import Basics
import Models
import TOMLKit

// Reading the `[data]` and `[evaluation]` tables; research/pipelines/README.md documents the keys.

extension Pipeline {
    static let dataKeys: Set = [
        "training", "test", "test_fraction", "label", "task", "positive", "missing", "ignore", "columns", "nullable",
        "bounds", "separator", "header", "trim_spaces", "comment", "decimal",
    ]

    /// The `[data]` table as a declaration.
    /// - Throws: `PipelineError` naming the key that is unknown, missing or of the wrong type.
    static func data(_ table: TOMLTable, file: String) throws -> DataDeclaration {
        func fail(_ message: String) -> PipelineError { PipelineError(file: file, message: "[data] " + message) }
        if let unknown = table.keys.sorted().first(where: { !dataKeys.contains($0) }) {
            throw fail(
                "unknown key '\(unknown)' (known: \(dataKeys.sorted().joined(separator: ", ")))"
                    + NearestName.hint(for: unknown, in: dataKeys.sorted()))
        }
        func string(_ key: String) throws -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string, !text.isEmpty else { throw fail("'\(key)' must be a non-empty string") }
            return text
        }
        func strings(_ key: String) throws -> [String]? {
            guard let value = table[key] else { return nil }
            guard let array = value.array, array.allSatisfy({ $0.string != nil }) else {
                throw fail("'\(key)' must be an array of strings, such as [\"a\", \"b\"]")
            }
            return array.compactMap(\.string)
        }
        guard let training = try string("training") else {
            throw fail("'training' is required: the training CSV's path from the repository root")
        }
        guard let label = try string("label") else { throw fail("'label' is required: the label column's name") }
        var declaration = DataDeclaration(training: training, label: label)
        declaration.test = try string("test")
        if let value = table["test_fraction"] {
            guard let fraction = value.double, fraction > 0, fraction < 1 else {
                throw fail("'test_fraction' must be a number between 0 and 1, such as 0.2")
            }
            guard declaration.test == nil else {
                throw fail("'test_fraction' holds rows out only when there is no 'test'")
            }
            declaration.testFraction = fraction
        }
        if let name = try string("task") {
            guard let task = PredictionTask(rawValue: name) else {
                throw fail(
                    "task '\(name)' is not one of \(PredictionTask.allCases.map(\.rawValue).joined(separator: ", "))"
                        + NearestName.hint(for: name, in: PredictionTask.allCases.map(\.rawValue)))
            }
            declaration.task = task
        }
        declaration.positive = try string("positive")
        if declaration.positive != nil, let task = declaration.task, task != .binary {
            throw fail("'positive' names the positive class of a binary task, and the task is \(task.rawValue)")
        }
        declaration.missing = try strings("missing") ?? DataDeclaration.defaultMissing
        declaration.ignore = try strings("ignore") ?? []
        declaration.nullable = try strings("nullable") ?? []
        declaration.header = try strings("header")
        if let value = table["columns"] {
            guard let kinds = value.table else {
                throw fail(
                    "'columns' is the table of kind overrides ([data.columns] name = \"numeric\" or \"categorical\"); "
                        + "name the columns of a file without a header row with header = [...]")
            }
            for (name, kind) in kinds {
                guard let text = kind.string, let known = Field.Kind(rawValue: text) else {
                    throw fail("[data.columns] '\(name)' must be \"numeric\" or \"categorical\"")
                }
                declaration.kinds[name] = known
            }
        }
        if let value = table["bounds"] {
            guard let bounds = value.table else {
                throw fail("'bounds' must be a table: [data.bounds] name = [min, max]")
            }
            for (name, limits) in bounds {
                let numbers = limits.array.map { $0.compactMap { $0.double ?? $0.int.map(Double.init) } } ?? []
                guard numbers.count == 2, limits.array?.count == 2, numbers[0] <= numbers[1] else {
                    throw fail("[data.bounds] '\(name)' must be [minimum, maximum], such as [0, 120]")
                }
                declaration.bounds[name] = numbers
            }
        }
        if let separator = try string("separator") {
            guard DataDeclaration.separators.contains(separator) else {
                throw fail("separator must be \",\", \";\" or \"\\t\" (leave it out to detect it)")
            }
            declaration.separator = separator
        }
        if let decimal = try string("decimal") {
            guard DataDeclaration.decimalMarks.contains(decimal) else {
                throw fail("decimal must be \".\" or \",\" (the mark between a number's whole and fractional part)")
            }
            declaration.decimal = decimal
        }
        if let value = table["trim_spaces"] {
            guard let trim = value.bool else { throw fail("'trim_spaces' must be true or false") }
            declaration.trimSpaces = trim
        }
        if let comment = try string("comment") {
            guard comment.utf8.count == 1 else { throw fail("'comment' must be one character, such as \"#\"") }
            declaration.comment = comment
        }
        return declaration
    }

    /// The `[evaluation]` table's slices and bands.
    /// - Throws: `PipelineError` for an unknown key, a slice that is not a name or a list of
    ///   names, or bands that are neither increasing edges nor `{ quantiles = k }` with k ≥ 2.
    static func evaluation(_ table: TOMLTable?, file: String) throws -> SliceDeclaration {
        guard let table else { return SliceDeclaration() }
        func fail(_ message: String) -> PipelineError { PipelineError(file: file, message: "[evaluation] " + message) }
        if let unknown = table.keys.sorted().first(where: { !["slices", "bands"].contains($0) }) {
            throw fail(
                "unknown key '\(unknown)' (known: slices, bands)"
                    + NearestName.hint(for: unknown, in: ["slices", "bands"]))
        }
        var slices: [[String]] = []
        if let value = table["slices"] {
            guard let array = value.array else {
                throw fail("'slices' must be an array, such as [\"sex\", [\"sex\", \"race\"]]")
            }
            for element in array {
                if let name = element.string {
                    slices.append([name])
                } else if let names = element.array, !names.isEmpty, names.allSatisfy({ $0.string != nil }) {
                    slices.append(names.compactMap(\.string))
                } else {
                    throw fail(
                        "each slice is a field name or a list of field names, such as \"sex\" or [\"sex\", \"race\"]")
                }
            }
        }
        var bands: [String: SliceDeclaration.Banding] = [:]
        if let value = table["bands"] {
            guard let entries = value.table else {
                throw fail("'bands' must be a table: [evaluation.bands] age = [25, 35]")
            }
            for (name, entry) in entries {
                if let array = entry.array {
                    let edges = array.compactMap { $0.double ?? $0.int.map(Double.init) }
                    guard edges.count == array.count, !edges.isEmpty,
                        zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 })
                    else { throw fail("bands of '\(name)' must be increasing numbers, such as [25, 35, 45]") }
                    bands[name] = .edges(edges)
                } else if let quantiles = entry.table, quantiles.keys == ["quantiles"],
                    let k = quantiles["quantiles"]?.int,
                    k >= 2
                {
                    bands[name] = .quantiles(k)
                } else {
                    throw fail("bands of '\(name)' are edges ([25, 35, 45]) or { quantiles = 4 }")
                }
            }
        }
        return SliceDeclaration(slices: slices, bands: bands)
    }
}
