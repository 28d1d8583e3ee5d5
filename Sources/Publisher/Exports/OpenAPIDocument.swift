import Foundation
import JSONWriting
import Models
import Registry

/// openapi.json (OpenAPI 3.1) for predict.cgi's routes, with one predict path per endpoint
/// whose request body is that endpoint's input schema.
enum OpenAPIDocument {
    static func json(state: RegistryState, config: SiteConfig) throws -> Data {
        let error: [String: Any] = ["$ref": "#/components/schemas/Error"]
        func answer(_ description: String, _ schema: [String: Any]) -> [String: Any] {
            ["description": description, "content": ["application/json": ["schema": schema]]]
        }
        let errors: [String: Any] = [
            "400": answer("The input breaks the schema; `errors` names each field.", error),
            "404": answer("No such endpoint, or it has nothing to serve.", error),
            "415": answer("The body is neither JSON nor a urlencoded form.", error),
            "503": answer("The service cannot answer now.", error),
        ]
        var paths: [String: Any] = [
            "/health": [
                "get": [
                    "summary": "Whether predict.cgi is up", "operationId": "health",
                    "responses": ["200": answer("Up.", ["type": "object"])],
                ]
            ],
            "/requests/{id}/feedback": [
                "post": [
                    "summary": "Record the true label of an answered request", "operationId": "feedback",
                    "parameters": [
                        ["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 1]]
                    ],
                    "requestBody": body([
                        "type": "object", "required": ["feedback", "token"],
                        "properties": ["feedback": ["type": "string"], "token": ["type": "string"]],
                    ]),
                    "responses": errors.merging(["200": answer("Recorded (or already recorded).", ["type": "object"])])
                    { a, _ in a },
                ]
            ],
        ]
        for name in state.endpointNames {
            guard let endpoint = state.endpoints[name] else { continue }
            paths["/\(name)/predict"] = [
                "post": [
                    "summary": "Predict \(endpoint.definition.schema.label) with \(name)",
                    "description": endpoint.definition.description, "operationId": "predict_\(name)",
                    "parameters": ["status", "model", "version"].map {
                        ["name": $0, "in": "query", "required": false, "schema": ["type": "string"]]
                    },
                    "requestBody": body(inputSchema(endpoint.definition.schema)),
                    "responses": errors.merging([
                        "200": answer("The predicted label, its probability and the version that answered.", prediction)
                    ]) { a, _ in a },
                ]
            ]
        }
        paths.merge(jobPaths(state: state)) { a, _ in a }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "\(config.title) predictions", "version": "1", "description": config.description],
            "servers": [["url": config.cgiURL]],
            "paths": paths,
            "components": [
                "schemas": [
                    "Error": [
                        "type": "object", "required": ["status", "message"],
                        "properties": [
                            "status": ["const": "Error"], "message": ["type": "string"],
                            "errors": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "properties": ["field": ["type": "string"], "message": ["type": "string"]],
                                ],
                            ],
                        ],
                    ]
                ]
            ],
        ]
        return Data(JSONValue(any: document).bytes(.export))
    }

    /// The same schema as JSON or as a urlencoded form (the site's form sends the latter).
    private static func body(_ schema: [String: Any]) -> [String: Any] {
        [
            "required": true,
            "content": [
                "application/json": ["schema": schema], "application/x-www-form-urlencoded": ["schema": schema],
            ],
        ]
    }

    static func inputSchema(_ schema: Schema) -> [String: Any] {
        var properties: [String: Any] = ["client_id": ["type": "string", "description": "Sticky A/B assignment key"]]
        for field in schema.fields {
            switch field.kind {
            case .categorical:
                properties[field.name] = ["type": "string", "enum": field.categories]
            case .numeric:
                var number: [String: Any] = ["type": "number"]
                if let minimum = field.minimum { number["minimum"] = minimum }
                if let maximum = field.maximum { number["maximum"] = maximum }
                properties[field.name] = number
            }
        }
        return ["type": "object", "required": schema.fields.map(\.name), "properties": properties]
    }

    private static var prediction: [String: Any] {
        [
            "type": "object", "required": ["status", "label", "probability", "request_id", "feedback_token", "model"],
            "properties": [
                "status": ["const": "OK"], "label": ["type": "string"], "probability": ["type": "number"],
                "request_id": ["type": "integer"], "feedback_token": ["type": "string"],
                "model": [
                    "type": "object",
                    "properties": [
                        "endpoint": ["type": "string"], "name": ["type": "string"], "version": ["type": "string"],
                        "status": ["type": "string"],
                    ],
                ],
                "ab_test": ["type": ["object", "null"]],
            ],
        ]
    }
}
