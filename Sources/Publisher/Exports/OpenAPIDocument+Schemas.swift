import Foundation
import Models

/// The per-endpoint schemas of openapi.json: the input a prediction takes and the answer it gets.
extension OpenAPIDocument {
    /// The input object: each field typed by kind (categories as an `enum`, declared bounds as
    /// `minimum`/`maximum`), required unless it may be missing, and no other key but `client_id`
    /// (predict.cgi answers 400 for one). A field that may be missing takes `null` in JSON, and
    /// in a form (`form`), whose values are text, an empty value or `?`. A batch job's row has the
    /// same rules.
    static func inputSchema(_ schema: Schema, form: Bool = false) -> [String: Any] {
        var properties: [String: Any] = ["client_id": ["type": "string", "description": "Sticky A/B assignment key"]]
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
                    + "another version brought to the endpoint that this one never saw (scored as missing), a number "
                    + "outside the training range; left out when there is none",
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
        return object(properties, required: ["status"] + task + ["request_id", "feedback_token", "model", "ab_test"])
    }
}
