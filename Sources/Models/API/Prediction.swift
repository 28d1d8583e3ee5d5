/// One input value given by type rather than as text.
public enum FieldValue: Sendable, Equatable {
    case number(Double)
    case category(String)
    case missing
}

/// A model's answer for one row.
public struct Prediction: Sendable, Equatable {
    /// The predicted label: the positive label value when its probability is above 0.5.
    public var label: String
    /// The probability of `label`.
    public var probability: Double
    /// The probability of the positive class (`labelValues[1]`).
    public var positiveProbability: Double

    /// The probability of each label value, in the schema's order (they sum to 1).
    public var probabilities: [Double] { [1 - positiveProbability, positiveProbability] }

    public init(label: String, probability: Double, positiveProbability: Double) {
        self.label = label
        self.probability = probability
        self.positiveProbability = positiveProbability
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
