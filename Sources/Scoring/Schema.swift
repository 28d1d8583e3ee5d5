/// The shape of a tabular data set: its input fields, in column order, and its label.
///
/// A schema is part of every endpoint (it is what the prediction form and the CGI
/// validate against) and is stored inside every model file.
public struct Schema: Codable, Hashable, Sendable {
    /// The input fields, in the order they appear in a data file.
    public var fields: [Field]
    /// The name of the label column.
    public var label: String
    /// The classes of a classification task, in the order models number them: for `binary`
    /// the negative class then the positive one; for `multiclass` sorted by UTF-8 bytes.
    /// Empty for `regression`.
    public var labelValues: [String]

    /// What the label is, which the label values decide: none is regression, two are binary,
    /// more are multiclass. Files need not record it, so every schema written before there
    /// were other tasks reads as the binary one it is.
    public var task: PredictionTask {
        switch labelValues.count {
        case 0: .regression
        case 2: .binary
        default: .multiclass
        }
    }

    package enum CodingKeys: String, CodingKey {
        case fields, label
        case labelValues = "label_values"
    }

    public init(fields: [Field], label: String, labelValues: [String]) {
        self.fields = fields
        self.label = label
        self.labelValues = labelValues
    }

    /// The field called `name`, if the schema has one.
    public func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }
}

/// One input column of a schema.
public struct Field: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable, NamedChoice {
        case numeric
        case categorical

        public init(from decoder: any Decoder) throws { self = try Self.decodeChoice(from: decoder) }
    }

    public var name: String
    public var kind: Kind
    /// Accepted values of a categorical field, in a stable order; empty for numeric fields.
    public var categories: [String]
    /// The smallest and largest accepted value of a numeric field, when it has bounds (serving
    /// limits: a value outside them is refused).
    public var minimum: Double?
    public var maximum: Double?
    /// Whether a row may leave the field out at prediction time: the training data had missing
    /// values in it, or the pipeline declared it `nullable`.
    public var nullable: Bool
    /// The smallest and largest value of a numeric field in the training data: recorded for
    /// monitoring, not a serving limit (a value outside it is served and counted).
    public var trainingMinimum: Double?
    public var trainingMaximum: Double?
    /// How many training rows had no value in the field (recorded since trial29 #3: with
    /// `nullable` alone a declared field cannot be told from one the training rows had missing;
    /// nil in a schema written before, or a declared one). `TrainingProfile` reads it.
    public var trainingMissing: Int?

    public init(
        name: String, kind: Kind, categories: [String] = [], minimum: Double? = nil,
        maximum: Double? = nil, nullable: Bool = false, trainingMinimum: Double? = nil,
        trainingMaximum: Double? = nil, trainingMissing: Int? = nil
    ) {
        self.name = name
        self.kind = kind
        self.categories = categories
        self.minimum = minimum
        self.maximum = maximum
        self.nullable = nullable
        self.trainingMinimum = trainingMinimum
        self.trainingMaximum = trainingMaximum
        self.trainingMissing = trainingMissing
    }

    public static func numeric(_ name: String, minimum: Double? = nil, maximum: Double? = nil) -> Field {
        Field(name: name, kind: .numeric, minimum: minimum, maximum: maximum)
    }

    public static func categorical(_ name: String, _ categories: [String]) -> Field {
        Field(name: name, kind: .categorical, categories: categories)
    }

    package enum CodingKeys: String, CodingKey {
        case name, kind, categories, minimum, maximum, nullable
        case trainingMinimum = "training_minimum"
        case trainingMaximum = "training_maximum"
        case trainingMissing = "training_missing"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            kind: try container.decode(Kind.self, forKey: .kind),
            categories: try container.decode([String].self, forKey: .categories),
            minimum: try container.decodeIfPresent(Double.self, forKey: .minimum),
            maximum: try container.decodeIfPresent(Double.self, forKey: .maximum),
            nullable: try container.decodeIfPresent(Bool.self, forKey: .nullable) ?? false,
            trainingMinimum: try container.decodeIfPresent(Double.self, forKey: .trainingMinimum),
            trainingMaximum: try container.decodeIfPresent(Double.self, forKey: .trainingMaximum),
            trainingMissing: try container.decodeIfPresent(Int.self, forKey: .trainingMissing))
    }

    /// `nullable` is written only when true and the training facts only when known, so schemas
    /// written before they existed keep their bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(categories, forKey: .categories)
        try container.encodeIfPresent(minimum, forKey: .minimum)
        try container.encodeIfPresent(maximum, forKey: .maximum)
        if nullable { try container.encode(true, forKey: .nullable) }
        try container.encodeIfPresent(trainingMinimum, forKey: .trainingMinimum)
        try container.encodeIfPresent(trainingMaximum, forKey: .trainingMaximum)
        try container.encodeIfPresent(trainingMissing, forKey: .trainingMissing)
    }
}
