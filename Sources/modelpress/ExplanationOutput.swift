import Basics
import Foundation
import JSONWriting
import Models

/// `modelpress explain`'s result for rows of an input file: text, JSON or CSV.
struct ExplanationOutput {
    var explainer: TreeExplainer
    /// The rows as read (text keyed by field name; "" is missing).
    var rows: [[String: String]]
    var explanations: [Explanation]

    /// What each output is: the classes (multiclass), the positive class (binary), or `value`.
    var outputNames: [String] {
        let schema = explainer.model.schema
        switch schema.task {
        case .multiclass: return schema.labelValues
        case .binary: return [schema.labelValues.last ?? "positive"]
        case .regression: return ["value"]
        }
    }

    /// Per row and output: the expected value, the fields by the size of their contribution
    /// (largest first, ties by name), each with the row's value, and the raw score.
    func text(version: String) -> String {
        let fields = explainer.fieldNames
        let width = max(14, fields.map(\.count).max() ?? 0)
        let units = explainer.units.words
        var text = ""
        for (r, explanation) in explanations.enumerated() {
            let values = fields.map { rows[r][$0].map { $0.isEmpty ? "(missing)" : $0 } ?? "(missing)" }
            let valueWidth = values.map(\.count).max() ?? 0
            func line(_ label: String, _ value: String, _ number: Double, _ note: String = "") -> String {
                "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + value.padding(toLength: valueWidth, withPad: " ", startingAt: 0) + "  " + signed(number)
                    + (note.isEmpty ? "" : "  (\(note))") + "\n"
            }
            let prediction = (try? explainer.model.predict(rows[r])).map(describe) ?? ""
            text += "\(version), row \(r + 1)\(prediction)\n"
            for (o, name) in outputNames.enumerated() {
                let what = explainer.model.task == .regression ? units : "\(units) of \(name)"
                text += line("expected value", "", explanation.expectedValues[o], what)
                let order = fields.indices.sorted {
                    let (a, b) = (abs(explanation.contributions[o][$0]), abs(explanation.contributions[o][$1]))
                    return a != b ? a > b : fields[$0] < fields[$1]
                }
                for f in order { text += line(fields[f], values[f], explanation.contributions[o][f]) }
                text += line("raw score", "", explanation.rawScores[o], "expected value + contributions")
            }
            text += "\n"
        }
        return text
    }

    /// A JSON array of `{"row", "outputs": [{"output", "expected_value", "raw_score", "units",
    /// "contributions": {field: value}}]}`, fields in the model's order.
    func json() -> String {
        var writer = JSONWriter(.export)
        writer.array {
            for (r, explanation) in explanations.enumerated() {
                $0.object { row in
                    row.field("row", r + 1)
                    row.key("outputs")
                    row.array { outputs in
                        for (o, name) in outputNames.enumerated() {
                            outputs.object { output in
                                output.field("output", name)
                                output.field("units", explainer.units.rawValue)
                                output.field("expected_value", explanation.expectedValues[o])
                                output.field("raw_score", explanation.rawScores[o])
                                output.object("contributions") { contributions in
                                    for (f, field) in explainer.fieldNames.enumerated() {
                                        contributions.field(field, explanation.contributions[o][f])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return String(decoding: writer.bytes, as: UTF8.self) + "\n"
    }

    /// One line per row: `row`, then per output `expected_value`, `contribution_<field>` per
    /// field and `raw_score` (multiclass: each with `_<class>` after its name's first word).
    func csv() -> String {
        let multiclass = outputNames.count > 1
        var header = ["row"]
        for name in outputNames {
            let suffix = multiclass ? "_\(name)" : ""
            header.append("expected_value" + suffix)
            header += explainer.fieldNames.map { "contribution" + suffix + "_\($0)" }
            header.append("raw_score" + suffix)
        }
        var text = header.map(CSVTable.escape).joined(separator: ",") + "\n"
        for (r, explanation) in explanations.enumerated() {
            var cells = [String(r + 1)]
            for o in outputNames.indices {
                cells.append(String(explanation.expectedValues[o]))
                cells += explanation.contributions[o].map { String($0) }
                cells.append(String(explanation.rawScores[o]))
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    private func describe(_ prediction: Prediction) -> String {
        if let value = prediction.value { return ": predicted \(significant(value))" }
        return ": predicted \(prediction.label) (probability \(significant(prediction.probability, digits: 4)))"
    }

    private func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + significant(value, digits: 4)
    }
}
