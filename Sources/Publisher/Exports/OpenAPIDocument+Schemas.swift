import Foundation
import Models

/// The per-endpoint schemas of openapi.json: the input a prediction takes and the answer it gets.
extension OpenAPIDocument {
    /// The input object: each field typed by kind (categories as an `enum`, declared bounds as
    /// `minimum`/`maximum`), required unless it may be missing, and no other key but `client_id`
    /// (predict.cgi answers 400 for one). A field that may be missing takes `null` in JSON, and
    /// in a form (`form`), whose values are text, an empty value or `?`. A batch job's row has the
    /// same rules.
    /// - Parameter explainBox: the prediction form's `explain` box (a flag, as the query
    ///   parameter), unless a field has that name.
    static func inputSchema(_ schema: Schema, form: Bool = false, explainBox: Bool = false) -> [String: Any] {
        var properties: [String: Any] = ["client_id": ["type": "string", "description": "Sticky A/B assignment key"]]
        if form && explainBox {
            properties["explain"] = explainParameter["schema"]
        }
        for field in schema.fields {
            let missing = field.nullable
            var property: [String: Any]
            switch field.kind {
            case .categorical:
                property =
                    form
                    ? ["type": "string", "enum": field.categories + (missing ? ["", "?"] : [])]
                    : [
                        "type": missing ? ["string", "null"] : "string",
                        "enum": field.categories + (missing ? [NSNull()] : []),
                    ]
            case .numeric:
                var number: [String: Any] = ["type": "number"]
                if let minimum = field.minimum { number["minimum"] = minimum }
                if let maximum = field.maximum { number["maximum"] = maximum }
                if !missing {
                    property = number
                } else if form {
                    property = ["anyOf": [number, ["enum": ["", "?"]]]]
                } else {
                    property = number.merging(["type": ["number", "null"]]) { $1 }
                }
            }
            if missing {
                property["description"] = "May be missing: null, left out, or (in a form) empty or `?`"
            }
            properties[field.name] = property
        }
        return object(properties, required: schema.fields.filter { !$0.nullable }.map(\.name))
    }

    /// The 200 answer's description for `task`, saying what `probability` is.
    static func answerDescription(_ task: PredictionTask) -> String {
        switch task {
        case .binary, .multiclass:
            return "The predicted label and its probability (the predicted label's, not the positive class's"
                + (task == .multiclass ? "; `probabilities` has every class's" : "")
                + "), the request's id and feedback token, and the version that answered."
        case .regression:
            return "The predicted value, the request's id and feedback token, and the version that answered."
        }
    }

    /// predict.cgi's JSON answer for `schema`'s task (`PredictionColumns` decides its fields).
    static func prediction(_ schema: Schema) -> [String: Any] {
        let probability: [String: Any] = ["type": "number", "minimum": 0, "maximum": 1]
        var properties: [String: Any] = [
            "status": ["const": "OK"], "request_id": ["type": "integer"], "feedback_token": ["type": "string"],
            "model": object(
                [
                    "endpoint": ["type": "string"], "name": ["type": "string"], "version": ["type": "string"],
                    "status": ["type": "string"],
                ], required: ["endpoint", "name", "version", "status"]),
            "ab_test": [
                "oneOf": [
                    ["type": "null"],
                    object(["id": ["type": "integer"], "arm": ["enum": ["A", "B"]]], required: ["id", "arm"]),
                ]
            ],
            "notes": [
                "type": "array", "items": ["type": "string"], "minItems": 1,
                "description":
                    "How the row was scored unlike the version's training data, one sentence each: a category "
                    + "another version brought to the endpoint that this one never saw (scored as missing), a rare "
                    + "category this version does not keep (a field keeps at most 254, the most frequent; scored as "
                    + "missing), a number outside the training range, a missing value of a field this version's "
                    + "training rows never missed; left out when there is none",
            ],
        ]
        var task: [String] = []
        switch schema.task {
        case .binary, .multiclass:
            properties["label"] = ["type": "string", "enum": schema.labelValues]
            properties["probability"] = probability.merging([
                "description":
                    "The probability of the predicted label (at least 0.5 for binary), not of the positive class"
            ]) { a, _ in a }
            task = ["label", "probability"]
            if schema.task == .multiclass {
                properties["probabilities"] = object(
                    Dictionary(uniqueKeysWithValues: schema.labelValues.map { ($0, probability) }),
                    required: schema.labelValues
                ).merging(["description": "Every class's probability; they sum to 1"]) { a, _ in a }
                task.append("probabilities")
            }
        case .regression:
            properties["prediction"] = ["type": "number", "description": "The predicted \(schema.label)"]
            task = ["prediction"]
        }
        properties["explanation"] = explanation(schema)
        return object(properties, required: ["status"] + task + ["request_id", "feedback_token", "model", "ab_test"])
    }

    /// The answer's `explanation`, present when the request asked (`ServedExplanation` writes it):
    /// per output the expected raw score, the raw score and each field's contribution, which sum
    /// to the raw score; a multiclass model's per class.
    static func explanation(_ schema: Schema) -> [String: Any] {
        let number: [String: Any] = ["type": "number"]
        let fields = schema.fields.map(\.name)
        let contributions = object(
            Dictionary(uniqueKeysWithValues: fields.map { ($0, number) }), required: fields)
        let units: [String: Any] = [
            "description":
                "What the numbers are in: `log_odds` of the positive class (binary boosting), `softmax_score` "
                + "per class before the softmax (multiclass boosting), `probability` (forests: the positive "
                + "class's, or each class's), `value` (regression, the label's units)",
            "enum": schema.task == .regression
                ? ["value"] : schema.task == .binary ? ["log_odds", "probability"] : ["softmax_score", "probability"],
        ]
        let common: [String: Any] = ["method": ["const": "tree_path_dependent"], "units": units]
        let description =
            "Exact path-dependent TreeSHAP (Lundberg et al. 2018) over the model file's per-node cover: "
            + "`expected_value` plus the contributions equals `raw_score`"
        guard schema.task == .multiclass else {
            var properties = common.merging([
                "expected_value": number, "raw_score": number, "contributions": contributions,
            ]) { a, _ in a }
            var required = ["method", "units", "expected_value", "raw_score", "contributions"]
            if schema.task == .binary, schema.labelValues.count > 1 {
                properties["class"] = ["const": schema.labelValues[1]]
                required.append("class")
            }
            return object(properties, required: required).merging(["description": description]) { a, _ in a }
        }
        let classes = schema.labelValues
        func perClass(_ value: [String: Any]) -> [String: Any] {
            object(Dictionary(uniqueKeysWithValues: classes.map { ($0, value) }), required: classes)
        }
        return object(
            common.merging([
                "expected_value": perClass(number), "raw_score": perClass(number),
                "contributions": perClass(contributions),
            ]) { a, _ in a },
            required: ["method", "units", "expected_value", "raw_score", "contributions"]
        ).merging(["description": description + ", per class"]) { a, _ in a }
    }
}
