import JSONWriting
import Scoring

/// A prediction's explanation as it leaves modelpress: predict.cgi's `explanation` object, a
/// batch result's columns, the answer page's chart. The numbers are `TreeExplainer`'s (exact
/// path-dependent TreeSHAP, Lundberg, Erion and Lee 2018); this type names them in the
/// endpoint's terms: the fields in schema order, the outputs by class, and the units.
///
/// | task | outputs | JSON `explanation` | columns |
/// | --- | --- | --- | --- |
/// | binary | the positive class's score | `method`, `units`, `class`, `expected_value`, `raw_score`, `contributions` (field → number) | `explanation_units`, `expected_value`, `raw_score`, `contribution_<field>` per field |
/// | regression | the value | the same without `class` | the same |
/// | multiclass | one score per class | `method`, `units`, and `expected_value`, `raw_score` (class → number), `contributions` (class → field → number) | `explanation_units`, then per class `expected_value_<class>`, `raw_score_<class>`, `contribution_<class>_<field>` per field |
///
/// Per output, `expected_value` plus the contributions equals `raw_score` up to rounding.
public struct ServedExplanation: Sendable, Equatable {
    /// What the raw score, the expected value and the contributions are measured in.
    public typealias Units = TreeExplainer.Units

    /// The method, as the answer names it: SHAP's `feature_perturbation="tree_path_dependent"`.
    public static let method = "tree_path_dependent"

    public var units: Units
    /// The endpoint's fields in schema order: the order of each output's contributions.
    public var fields: [String]
    /// What each output is the score of: the positive class (binary), every class in schema
    /// order (multiclass), or nothing (regression: one output, the value).
    public var outputClasses: [String]
    /// Per output, the expected raw score (φ₀).
    public var expectedValues: [Double]
    /// Per output, the row's raw score.
    public var rawScores: [Double]
    /// Per output, per field in `fields`' order, the field's contribution to the raw score.
    public var contributions: [[Double]]

    /// `explanation` in the endpoint's terms.
    /// - Parameters:
    ///   - explainer: the explainer that made `explanation` (its model's field order and output).
    ///   - schema: the endpoint's schema: its field order and classes.
    public init(_ explanation: Explanation, explainer: TreeExplainer, schema: Schema) {
        units = explainer.units
        let fields = schema.fields.map(\.name)
        self.fields = fields
        switch schema.task {
        case .binary: outputClasses = schema.labelValues.count > 1 ? [schema.labelValues[1]] : []
        case .multiclass: outputClasses = schema.labelValues
        case .regression: outputClasses = []
        }
        expectedValues = explanation.expectedValues
        rawScores = explanation.rawScores
        var position: [String: Int] = [:]
        for (index, name) in explainer.fieldNames.enumerated() { position[name] = index }
        // A schema field the model does not read contributes nothing.
        contributions = explanation.contributions.map { row in fields.map { position[$0].map { row[$0] } ?? 0 } }
    }

    /// Whether the outputs are keyed by class (multiclass).
    var perClass: Bool { outputClasses.count > 1 }

    /// Writes the answer's `explanation` object (the table above) into the object being written.
    public func write(into object: inout JSONWriter) {
        object.object("explanation") { out in
            out.field("method", Self.method)
            out.field("units", units.rawValue)
            if perClass {
                out.object("expected_value") {
                    for (c, name) in outputClasses.enumerated() { $0.field(name, expectedValues[c]) }
                }
                out.object("raw_score") { for (c, name) in outputClasses.enumerated() { $0.field(name, rawScores[c]) } }
                out.object("contributions") { byClass in
                    for (c, name) in outputClasses.enumerated() {
                        byClass.object(name) { writeContributions(c, into: &$0) }
                    }
                }
            } else {
                if let positive = outputClasses.first { out.field("class", positive) }
                out.field("expected_value", expectedValues.first ?? 0)
                out.field("raw_score", rawScores.first ?? 0)
                out.object("contributions") { writeContributions(0, into: &$0) }
            }
        }
    }

    private func writeContributions(_ output: Int, into object: inout JSONWriter) {
        for (field, value) in zip(fields, contributions[output]) { object.field(field, value) }
    }

    /// The result columns of an explained batch job, after the task's (the table above).
    /// - Parameters:
    ///   - fields: the endpoint's fields in schema order.
    ///   - columns: the endpoint's task and classes.
    public static func columnNames(fields: [String], columns: PredictionColumns) -> [String] {
        func group(_ suffix: String) -> [String] {
            ["expected_value" + suffix, "raw_score" + suffix] + fields.map { "contribution" + suffix + "_" + $0 }
        }
        guard columns.task == .multiclass else { return ["explanation_units"] + group("") }
        return ["explanation_units"] + columns.classes.flatMap { group("_" + $0) }
    }

    /// The cells under `columnNames`, numbers as Swift writes a `Double` (shortest round-trip form).
    public var cells: [String] {
        var out = [units.rawValue]
        for output in expectedValues.indices {
            out.append(String(expectedValues[output]))
            out.append(String(rawScores[output]))
            out += contributions[output].map { String($0) }
        }
        return out
    }
}
