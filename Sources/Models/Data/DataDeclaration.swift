/// A tabular data set as a pipeline's `[data]` table declares it: which files, which column is
/// the label, how to read the text. training.json records it as used (with the task, the
/// positive class and the separator filled in), so that evaluation and `modelpress verify`
/// read the same rows the same way.
///
/// The keys are the pipeline's (research/pipelines/README.md documents each one); the JSON
/// keys in training.json are the same words.
public struct DataDeclaration: Encodable, Equatable, Sendable {
    /// The training file (a path from the repository root); a CSV with a header row unless
    /// `header` names the columns.
    public var training: String
    /// The test file; without one, a seeded share of the training file (`testFraction`) is held out.
    public var test: String?
    /// The share of the training file's rows held out for testing when there is no test file, in (0, 1).
    public var testFraction: Double
    /// The label column's name.
    public var label: String
    /// The task; inferred from the label column when nil.
    public var task: PredictionTask?
    /// The positive class of a binary task; when nil the second class in UTF-8 byte order
    /// (scikit-learn's convention: `1` of `0`/`1`, `>50K` of `<=50K`/`>50K`).
    public var positive: String?
    /// Cells that stand for a missing value.
    public var missing: [String]
    /// Columns that are neither inputs nor the label.
    public var ignore: [String]
    /// Kind overrides by column name (the pipeline's `[data.columns]`).
    public var kinds: [String: Field.Kind]
    /// Fields a prediction may leave out even when the training data has them everywhere.
    public var nullable: [String]
    /// Serving limits of numeric fields by name: `[minimum, maximum]`.
    public var bounds: [String: [Double]]
    /// The byte between cells (`,`, `;` or a tab); detected from the first line when nil.
    public var separator: String?
    /// The column names of a file without a header row, in file order (label included).
    public var header: [String]?
    /// Whether spaces around a cell are not part of it (the UCI files write `, `).
    public var trimSpaces: Bool
    /// A line starting with this character is skipped (the UCI files' `|`).
    public var comment: String?
    /// The decimal mark of the file's numbers: `","` reads `41,4` as 41.4 (and `41.4` as
    /// text); nil (or `"."`) the usual point. Recorded only when declared, so that records
    /// written before the key stay the same bytes.
    public var decimal: String?

    /// The missing-value markers when the pipeline declares none.
    public static let defaultMissing = ["", "NA", "N/A", "?", "null"]
    /// The held-out share when the pipeline declares none (scikit-learn's `train_test_split` uses 0.25; 0.2 is the usual 80/20).
    public static let defaultTestFraction = 0.2
    /// The separators a file may use.
    public static let separators = [",", ";", "\t"]
    /// The decimal marks a file's numbers may use.
    public static let decimalMarks = [".", ","]

    public init(
        training: String, test: String? = nil, testFraction: Double = Self.defaultTestFraction, label: String,
        task: PredictionTask? = nil, positive: String? = nil, missing: [String] = Self.defaultMissing,
        ignore: [String] = [], kinds: [String: Field.Kind] = [:], nullable: [String] = [],
        bounds: [String: [Double]] = [:], separator: String? = nil, header: [String]? = nil, trimSpaces: Bool = false,
        comment: String? = nil, decimal: String? = nil
    ) {
        self.training = training
        self.test = test
        self.testFraction = testFraction
        self.label = label
        self.task = task
        self.positive = positive
        self.missing = missing
        self.ignore = ignore
        self.kinds = kinds
        self.nullable = nullable
        self.bounds = bounds
        self.separator = separator
        self.header = header
        self.trimSpaces = trimSpaces
        self.comment = comment
        self.decimal = decimal
    }

    enum CodingKeys: String, CodingKey {
        case training, test, label, task, positive, missing, ignore, nullable, bounds, separator, header, comment
        case decimal
        case testFraction = "test_fraction"
        case kinds = "columns"
        case trimSpaces = "trim_spaces"
    }
}

extension DataDeclaration {
    /// How the training and test files of a record written before data was declared were read:
    /// no header row (the schema's fields, then the label), `, ` between cells, `|` comment
    /// lines, `?` or nothing for a missing value, every field's kind as the schema says.
    init(legacyFiles training: String, test: String, schema: Schema) {
        var kinds: [String: Field.Kind] = [:]
        for field in schema.fields { kinds[field.name] = field.kind }
        self.init(
            training: training, test: test, label: schema.label, task: schema.task,
            positive: schema.task == .binary ? schema.labelValues.last : nil, missing: ["", "?"], kinds: kinds,
            separator: ",", header: schema.fields.map(\.name) + [schema.label], trimSpaces: true, comment: "|")
    }
}
