import Basics
import Foundation
import JSONWriting
import Models
import Serving

/// `modelpress explain`'s result for rows of an input file: text, JSON or CSV.
struct ExplanationOutput {
    /// One explained row.
    struct Row {
        /// Its number in the input (1 = the first row after the header, or the first object).
        var number: Int
        /// Its checked values by field name.
        var values: [String: FieldValue]
        /// In the endpoint's terms: the schema's fields, the outputs by class.
        var explanation: ServedExplanation
        /// What was scored otherwise than written (`ScoringNotes`), in field order.
        var notes: [ScoringNotes.Note]
    }

    /// The version's model (its predictions and the units of its raw scores).
    var model: TreeModel
    /// The endpoint's schema the rows were checked against.
    var schema: Schema
    var rows: [Row]

    /// What each output is: the classes (multiclass), the positive class (binary), or `value`.
    var outputNames: [String] {
        schema.task == .regression ? ["value"] : rows.first?.explanation.outputClasses ?? []
    }

    /// Per row and output: the expected value, the fields by the size of their contribution
    /// (largest first, ties by name), each with the row's value, and the raw score; for
    /// multiclass, each class's block under a `label = class` heading, the predicted class's
    /// first (`(predicted)`), then the others in the model's order. A value
    /// scored otherwise than written says how (`plan  Enterprise (scored as missing)`).
    func text(version: String) -> String {
        let fields = schema.fields.map(\.name)
        let width = max(14, fields.map(\.count).max() ?? 0)
        let unitsKind = TreeExplainer.units(of: model)
        let units = unitsKind.words
        var text = ""
        for row in rows {
            let values = fields.map { field in
                let shown = Self.shown(row.values[field])
                return row.notes.first { $0.field == field }.map { "\(shown) (\($0.scoredAs))" } ?? shown
            }
            let valueWidth = values.map(\.count).max() ?? 0
            func line(_ label: String, _ value: String, _ number: Double, _ note: String = "") -> String {
                "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + value.padding(toLength: valueWidth, withPad: " ", startingAt: 0) + "  " + signed(number)
                    + (note.isEmpty ? "" : "  (\(note))") + "\n"
            }
            let predicted = try? model.predict(values: row.values)
            text += "\(version), row \(row.number)\(predicted.map(describe) ?? "")\n"
            let explanation = row.explanation
            // The predicted class's block first, the others in the model's order.
            let blocks = outputNames.indices.sorted { a, b in
                let (first, second) = (outputNames[a] == predicted?.label, outputNames[b] == predicted?.label)
                return first != second ? first : a < b
            }
            for (shown, o) in blocks.enumerated() {
                let name = outputNames[o]
                // A class's block under a heading of its own, a blank line before the next.
                if schema.task == .multiclass {
                    text +=
                        (shown > 0 ? "\n" : "") + "  \(schema.label) = \(CategoryName.shown(name))"
                        + (name == predicted?.label ? " (predicted)" : "") + "\n"
                }
                let what = schema.task == .regression ? units : "\(units) of \(name)"
                text += line("expected value", "", explanation.expectedValues[o], what)
                let order = fields.indices.sorted {
                    let (a, b) = (abs(explanation.contributions[o][$0]), abs(explanation.contributions[o][$1]))
                    return a != b ? a > b : fields[$0] < fields[$1]
                }
                for f in order { text += line(fields[f], values[f], explanation.contributions[o][f]) }
                // A binary model's one output is the positive class's: its probability named
                // here, so a row predicted negative needs no subtraction (trial28 #11).
                var sum = "expected value + contributions"
                if schema.task == .binary, let predicted {
                    let positive = "P(\(CategoryName.shown(name)))"
                    sum +=
                        unitsKind == .probability
                        ? " = \(positive)"
                        : "; \(positive) = \(significant(predicted.positiveProbability, digits: 4)) after the sigmoid"
                }
                text += line("raw score", "", explanation.rawScores[o], sum)
            }
            text += "\n"
        }
        return text
    }

    /// A value as the text shows it: a number to 6 significant digits (`significant`, as the
    /// contributions beside it are rounded; trial28 #12 found `1.0170141239761992`), a category as messages show it
    /// (`CategoryName.shown`: `'basic '` quoted, so that it does not read as `basic`), `(missing)`.
    static func shown(_ value: FieldValue?) -> String {
        switch value {
        case .number(let number)?: return significant(number, digits: 6)
        case .category(let text)?: return CategoryName.shown(text)
        case .missing?, nil: return "(missing)"
        }
    }

    /// A JSON array (`[]` without rows) of `{"row", "predicted", "outputs": [{"output", "units", "expected_value",
    /// "raw_score", "contributions": {field: value}}]}`, fields in the schema's order. `predicted` is
    /// `{"label", "probability"}` (classification) or `{"value"}` (regression), as `predict --json`
    /// names them; the outputs stay in the model's class order, which the CSV's columns and a batch
    /// job's keep, so a reader finds the predicted class's by its `output` (trial23 #4: the JSON
    /// did not say which class was predicted, the text did).
    func json() -> String {
        var writer = JSONWriter(.export)
        writer.array {
            for row in rows {
                $0.object { object in
                    object.field("row", row.number)
                    if let predicted = try? model.predict(values: row.values) {
                        object.object("predicted") { answer in
                            if let value = predicted.value {
                                answer.field("value", value)
                            } else {
                                answer.field("label", predicted.label)
                                answer.field("probability", predicted.probability)
                            }
                        }
                    }
                    object.key("outputs")
                    object.array { outputs in
                        for (o, name) in outputNames.enumerated() {
                            outputs.object { output in
                                output.field("output", name)
                                output.field("units", row.explanation.units.rawValue)
                                output.field("expected_value", row.explanation.expectedValues[o])
                                output.field("raw_score", row.explanation.rawScores[o])
                                output.object("contributions") { contributions in
                                    for (field, value) in zip(row.explanation.fields, row.explanation.contributions[o])
                                    {
                                        contributions.field(field, value)
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

    /// The header line, then one line per row: `row`, then the columns a batch job's `?explain=true` result adds
    /// (`ServedExplanation.columnNames`: `explanation_units`, `expected_value`, `raw_score`,
    /// `contribution_<field>` per field; per class for multiclass).
    func csv() -> String {
        let names = ServedExplanation.columnNames(
            fields: schema.fields.map(\.name), columns: PredictionColumns(schema: schema))
        var text = ResultEncoding.csvLine(["row"] + names)
        for row in rows { text += ResultEncoding.csvLine([String(row.number)] + row.explanation.cells) }
        return text
    }

    private func describe(_ prediction: Prediction) -> String {
        if let value = prediction.value { return ": predicted \(significant(value))" }
        return ": predicted \(prediction.label) (probability \(significant(prediction.probability, digits: 4)))"
    }

    /// `+0.221`, `-0.01232`, and `+0` for zero, as every signed figure of the text (trial23 #6:
    /// a class of probability 0 had `raw score  0` beside `+0.779`).
    private func signed(_ value: Double) -> String {
        (value < 0 ? "" : "+") + significant(value, digits: 4)
    }
}
