/// One input value given by type rather than as text.
public enum FieldValue: Sendable, Equatable {
    case number(Double)
    case category(String)
    case missing
}

/// A model's answer for one row.
public struct Prediction: Sendable, Equatable {
    /// The predicted class: for binary the positive class when its probability is above 0.5,
    /// for multiclass the most probable class (the first in schema order on a tie). For
    /// regression, the predicted value as text.
    public var label: String
    /// The probability of `label` (0 for regression).
    public var probability: Double
    /// The probability of the second class (`labelValues[1]`, the positive class of a binary
    /// task); 0 for regression.
    public var positiveProbability: Double
    /// The probability of each class, in the schema's order (they sum to 1); empty for regression.
    public var probabilities: [Double]
    /// The predicted value of a regression model; `nil` for classification.
    public var value: Double?

    /// A classification answer.
    public init(label: String, probability: Double, positiveProbability: Double, probabilities: [Double]) {
        self.label = label
        self.probability = probability
        self.positiveProbability = positiveProbability
        self.probabilities = probabilities
        self.value = nil
    }

    /// A regression answer.
    public init(value: Double) {
        self.label = "\(value)"
        self.probability = 0
        self.positiveProbability = 0
        self.probabilities = []
        self.value = value
    }
}

/// An input row a model cannot score, with the field and the reason.
public struct PredictionInputError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// A numeric field's text is not a finite number.
        case notANumber(String)
        /// A numeric field was given a category, or a categorical one a number.
        case wrongKind
    }

    public var field: String
    public var reason: Reason
    /// The row's index in a batch, when the row was part of one.
    public var row: Int?

    public init(field: String, reason: Reason, row: Int? = nil) {
        self.field = field
        self.reason = reason
        self.row = row
    }

    public var description: String {
        let place = row.map { "row \($0), field '\(field)'" } ?? "field '\(field)'"
        switch reason {
        case .notANumber(let text): return "\(place): '\(text)' is not a number"
        case .wrongKind: return "\(place): value has the wrong type for this field"
        }
    }
}
