/// What a model predicts from a row: one of two classes, one of several, or a number.
///
/// The words are scikit-learn's and LightGBM's (`binary`, `multiclass`, `regression`).
public enum PredictionTask: String, Codable, Hashable, Sendable, CaseIterable, NamedChoice {
    /// Two classes; `Schema.labelValues` is `[negative, positive]`.
    case binary
    /// Three or more classes; `Schema.labelValues` lists them in a stable order.
    case multiclass
    /// A real number; `Schema.labelValues` is empty.
    case regression

    public init(from decoder: any Decoder) throws { self = try Self.decodeChoice(from: decoder) }

    /// Whether the label is a class (binary or multiclass).
    public var isClassification: Bool { self != .regression }

    /// The most classes a classification label may have (class indices are bytes).
    public static let maximumClasses = 255
}
