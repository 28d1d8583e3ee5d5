import Basics
import Foundation
import JSONWriting
import Models
import Registry
import Serving

/// openapi.json (OpenAPI 3.1) for predict.cgi's routes, with one predict and one jobs path per
/// endpoint whose request body is that endpoint's input schema and whose answer has its task's
/// fields. Every claim follows what predict.cgi enforces (ServingCore's `InputValidator`,
/// `PredictionColumns`, `ModelSelector`, `RequestLogWriter`); `OpenAPIContractTests` checks the
/// document against the CGI's answers for each task.
enum OpenAPIDocument {
    static func json(state: RegistryState, config: SiteConfig) throws -> Data {
        var paths: [String: Any] = [
            "/health": [
                "get": [
                    "summary": "Whether predict.cgi is up", "operationId": "health",
                    "responses": [
                        "200": answer(
                            "Up.",
                            object(
                                ["status": ["const": "OK"], "service": ["const": "predict.cgi"]],
                                required: ["status", "service"]))
                    ],
                ]
            ],
            "/requests/{id}/feedback": ["post": feedback],
        ]
        for name in state.endpointNames {
            guard let endpoint = state.endpoints[name] else { continue }
            let schema = endpoint.definition.schema
            paths["/\(name)/predict"] = [
                "post": [
                    "summary": "Predict \(schema.label) with \(name)",
                    "description": state.shownDescription(of: name) ?? endpoint.definition.description,
                    "operationId": "predict_\(name)",
                    "parameters": pins + [explainParameter],
                    "requestBody": body(inputSchema(schema), form: inputSchema(schema, form: true, explainBox: true)),
                    "responses": errors(["400", "404", "409", "413", "415", "500", "503"]).merging([
                        "200": [
                            "description": answerDescription(schema.task),
                            "content": [
                                "application/json": ["schema": prediction(schema)],
                                "text/html": ["schema": ["type": "string"]],
                            ],
                        ]
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
                    "Error": object(
                        [
                            "status": ["const": "Error"], "message": ["type": "string"],
                            "errors": [
                                "type": "array",
                                "items": object(
                                    ["field": ["type": "string"], "message": ["type": "string"]],
                                    required: ["field", "message"]),
                            ],
                        ], required: ["status", "message", "errors"])
                ]
            ],
        ]
        return Data(JSONValue(any: document).bytes(.export))
    }

    /// The query parameters that pin a request to a status or a version: a status is one of
    /// the registry's words, a model and a version are registry names (`VersionID.isValidName`).
    static var pins: [[String: Any]] {
        // Empty means not given, as predict.cgi reads it.
        let name: [String: Any] = [
            "type": "string", "pattern": "^([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})?$",
        ]
        return [
            [
                "name": "status", "in": "query", "required": false,
                "schema": ["enum": [""] + ModelStatus.allCases.map(\.rawValue)],
            ],
            ["name": "model", "in": "query", "required": false, "schema": name],
            ["name": "version", "in": "query", "required": false, "schema": name],
        ]
    }

    /// `explain`: the prediction's TreeSHAP explanation in the answer (predict) or the result's
    /// columns (jobs); a flag as predict.cgi reads it (`FormDecoding.flag`).
    static var explainParameter: [String: Any] {
        flagParameter(
            "explain", "Add the prediction's explanation: exact path-dependent TreeSHAP contributions per field")
    }

    /// A yes-or-no query parameter as predict.cgi reads it (`FormDecoding.flag`): the words of
    /// `FormDecoding.flagWords` in any case, empty for not given, the name alone for true, and
    /// given twice refused.
    static func flagParameter(_ name: String, _ description: String) -> [String: Any] {
        [
            "name": name, "in": "query", "required": false,
            "description": description + ". A flag: true or false (also 1/0, yes/no, on/off), in any case; "
                + "empty (`\(name)=`) means false, the name alone (`?\(name)`) true; given twice, it is refused "
                + "(400); given also as the form's field of the same name, it is true when either is",
            "schema": anyCase(zip(FormDecoding.flagWords.yes, FormDecoding.flagWords.no).flatMap { [$0, $1] }),
        ]
    }

    /// A query parameter that takes one of `words` in any case, as predict.cgi reads it (it
    /// lower-cases the value), or nothing: empty means not given. A pattern rather than an enum,
    /// because an enum would call `CSV` or `True` invalid when predict.cgi accepts them.
    static func anyCase(_ words: [String]) -> [String: Any] {
        let alternatives = words.map { word in
            word.map { $0.isLetter ? "[\($0.lowercased())\($0.uppercased())]" : String($0) }.joined()
        }
        return [
            "type": "string", "pattern": "^(" + alternatives.joined(separator: "|") + ")?$",
            "description": "One of " + words.joined(separator: ", ") + ", in any case; empty means not given.",
        ]
    }

    /// What each error status means on predict.cgi's routes.
    private static let errorMeanings: [String: String] = [
        "400": "The input breaks the schema, the body does not parse, or the address is malformed: a query "
            + "parameter the route does not list (names are lower case) or one given twice; `errors` names each "
            + "field or parameter.",
        "403": "The token does not belong to this request.",
        "404": "No such endpoint, request, job or pinned version, or nothing to serve; `errors` names the "
            + "endpoint or the pins at fault, with what was probably meant.",
        "409": "The pins match several served versions (a status several are in, a model with several served "
            + "versions, a version number several models have: add `model`, `version` or `status`; `errors` names "
            + "the pin), the request already has feedback "
            + "(the first wins), the job has no result yet or failed, or `explain` was asked of a version whose "
            + "model file records no per-node cover (format-2 files, ONNX imports): ask without it or pin another.",
        "410": "The job's result has expired.",
        "413": "The body (or the job's rows) is over the deployment's limit.",
        "415": "The body is not one of the media types the route takes.",
        "500": "Something unexpected failed.",
        "503": "The service cannot answer now (no snapshot, model file or request log it can use).",
    ]

    /// The error answers for `codes`, each the `Error` object; or, to a client that asks for
    /// HTML (`Accept: text/html`, as a browser posting the site's form does), a page listing the
    /// same problems.
    static func errors(_ codes: [String]) -> [String: Any] {
        Dictionary(
            uniqueKeysWithValues: codes.map { code in
                let meaning = errorMeanings[code] ?? "Refused."
                return (
                    code,
                    [
                        "description": meaning
                            + " To a client asking for HTML (a browser's form): a page with the same problems.",
                        "content": [
                            "application/json": ["schema": ["$ref": "#/components/schemas/Error"]],
                            "text/html": ["schema": ["type": "string"]],
                        ],
                    ] as [String: Any]
                )
            })
    }

    static func answer(_ description: String, _ schema: [String: Any]) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": schema]]]
    }

    /// An object with exactly `properties` (predict.cgi refuses or never writes any other key).
    static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required, "additionalProperties": false]
    }

    /// A body as JSON or as a urlencoded form (the site's form sends the latter), whose values
    /// are text: `form` where that differs from the JSON `schema`.
    private static func body(_ schema: [String: Any], form: [String: Any]? = nil) -> [String: Any] {
        [
            "required": true,
            "content": [
                "application/json": ["schema": schema],
                "application/x-www-form-urlencoded": ["schema": form ?? schema],
            ],
        ]
    }

    /// `POST /requests/{id}/feedback`.
    private static var feedback: [String: Any] {
        [
            "summary": "Record the true label (or for regression the true value) of an answered request",
            "operationId": "feedback",
            "parameters": [
                ["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 1]]
            ],
            "requestBody": body(
                object(
                    [
                        "feedback": [
                            "type": ["string", "number"],
                            "description":
                                "One of the endpoint's labels (a JSON number matches the one label that spells it), "
                                + "or for regression a finite number (JSON number or text)",
                        ],
                        "token": ["type": "string", "description": "The prediction's `feedback_token`"],
                    ], required: ["feedback", "token"])),
            "responses": errors(["400", "403", "404", "409", "413", "415", "500", "503"]).merging([
                "200": [
                    "description":
                        "Recorded, or already recorded with the same feedback (`recorded` false); `feedback` is "
                        + "the label as text, or for regression the number as stored",
                    "content": [
                        "application/json": [
                            "schema": object(
                                [
                                    "status": ["const": "OK"], "request_id": ["type": "integer"],
                                    "feedback": ["type": ["string", "number"]], "recorded": ["type": "boolean"],
                                ], required: ["status", "request_id", "feedback", "recorded"])
                        ],
                        "text/html": ["schema": ["type": "string"]],
                    ],
                ]
            ]) { a, _ in a },
        ]
    }
}
