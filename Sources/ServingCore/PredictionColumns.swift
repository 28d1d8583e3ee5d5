import JSONWriting
import Scoring

/// What a prediction is, written out per task in every place it leaves modelpress: the fields
/// of predict.cgi's JSON answer and of a batch result's objects, the columns of a batch result
/// and of `modelpress predict`, and the request log's task columns.
///
/// | task | JSON fields | columns |
/// | --- | --- | --- |
/// | binary | `label`, `probability` | `label`, `probability` |
/// | multiclass | `label`, `probability`, `probabilities` (class → probability, schema order) | `label`, `probability`, `probability_<class>` per class |
/// | regression | `prediction` (a number) | `prediction` |
public struct PredictionColumns: Sendable {
    public var task: PredictionTask
    /// The classes in the schema's order; empty for regression.
    public var classes: [String]

    public init(schema: Schema) {
        task = schema.task
        classes = schema.labelValues
    }

    /// The result columns, in order.
    public var names: [String] {
        switch task {
        case .binary: ["label", "probability"]
        case .multiclass: ["label", "probability"] + classes.map { "probability_" + $0 }
        case .regression: ["prediction"]
        }
    }

    /// `prediction`'s cells under `names`, numbers as Swift writes a `Double` (shortest
    /// round-trip form).
    public func cells(_ prediction: Prediction) -> [String] {
        switch task {
        case .binary: [prediction.label, String(prediction.probability)]
        case .multiclass:
            [prediction.label, String(prediction.probability)] + prediction.probabilities.map { String($0) }
        case .regression: [String(prediction.value ?? .nan)]
        }
    }

    /// Writes `prediction`'s fields into the JSON object being written.
    public func write(_ prediction: Prediction, into object: inout JSONWriter) {
        switch task {
        case .binary:
            object.field("label", prediction.label)
            object.field("probability", prediction.probability)
        case .multiclass:
            object.field("label", prediction.label)
            object.field("probability", prediction.probability)
            object.raw("probabilities", probabilitiesJSON(prediction) ?? "{}")
        case .regression:
            object.field("prediction", prediction.value ?? .nan)
        }
    }

    /// The multiclass probabilities as a JSON object in class order (the log's `probabilities`
    /// column and the answer's field); nil for the other tasks.
    package func probabilitiesJSON(_ prediction: Prediction) -> String? {
        guard task == .multiclass else { return nil }
        var writer = JSONWriter()
        writer.object { object in
            for (name, probability) in zip(classes, prediction.probabilities) { object.field(name, probability) }
        }
        return writer.text
    }

    /// The request log's task columns for `prediction` (`value`, `probabilities`).
    package func logColumns(_ prediction: Prediction) -> (value: Double?, probabilities: String?) {
        (task == .regression ? prediction.value : nil, probabilitiesJSON(prediction))
    }
}
