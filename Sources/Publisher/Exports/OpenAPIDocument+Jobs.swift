import Registry
import Serving

/// The batch job routes in openapi.json: one submit path per endpoint, the status and result paths.
extension OpenAPIDocument {
    static func jobPaths(state: RegistryState) -> [String: Any] {
        let id: [String: Any] = [
            "name": "task_id", "in": "path", "required": true,
            "schema": ["type": "string", "pattern": "^[0-9a-f]{32}$"],
        ]
        /// A JSON object, or to a client asking for HTML (the site's upload form) a page.
        func json(_ description: String) -> [String: Any] {
            [
                "description": description,
                "content": [
                    "application/json": ["schema": ["type": "object"]], "text/html": ["schema": ["type": "string"]],
                ],
            ]
        }
        /// A value a job row may pass through under a key that is no field: arrays and objects
        /// are refused (400), having no CSV cell to become.
        let scalar: [String: Any] = ["type": ["string", "number", "boolean", "null"]]
        /// One object of a job's JSON result (its other members are the task's, as in a prediction).
        let resultRow: [String: Any] = [
            "type": "object", "required": ["row", "input"],
            "properties": [
                "row": ["type": "integer", "description": "The row's number in the input (1 = the first row)"],
                "input": ["type": "object", "description": "The row's fields as validated"],
                "extra": [
                    "type": "object", "additionalProperties": scalar,
                    "description":
                        "The row's other columns or keys, each as sent: a CSV cell as a string; a JSON row's "
                        + "value as it was (a number stays a number, true stays true, null stays null); a key "
                        + "the row did not have is left out, and `extra` is left out when there is none",
                ],
            ] as [String: Any],
        ]
        /// A box of the upload form, read as the query's flag of that name.
        let flagField = anyCase(zip(FormDecoding.flagWords.yes, FormDecoding.flagWords.no).flatMap { [$0, $1] })
        var paths: [String: Any] = [
            "/jobs/{task_id}": [
                "get": [
                    "summary": "A batch job's status: PENDING, RUNNING, SUCCESS or FAILURE, with progress",
                    "operationId": "job_status", "parameters": [id],
                    "responses": errors(["400", "404", "500", "503"]).merging([
                        "200": json("The status, a timestamp per stage, rows done of total.")
                    ]) { a, _ in a },
                ]
            ],
            "/jobs/{task_id}/result": [
                "get": [
                    "summary":
                        "A finished job's rows: `row` (its number in the input), the fields, the input's other "
                        + "columns, then the task's columns (label and probability — the predicted "
                        + "label's, not the positive class's — a probability per class for multiclass, prediction "
                        + "for regression), the model that answered (`model`, `version`, `ab_arm`), `request_id`, "
                        + "`feedback_token` and `notes`: how the row was scored otherwise than written (a category "
                        + "the answering version never saw, scored as missing; a number outside its training rows' "
                        + "range), the sentences of a prediction's `notes` joined by ` | `, empty when there are "
                        + "none (a JSON row's `notes` array, left out then); a job submitted with `explain` adds "
                        + "`explanation_units`, then `expected_value`, `raw_score` and `contribution_<field>` per "
                        + "field (multiclass: per class, `expected_value_<class>`, `raw_score_<class>`, "
                        + "`contribution_<class>_<field>`), and each JSON row its `explanation` object",
                    "operationId": "job_result",
                    "parameters": [
                        id,
                        ["name": "format", "in": "query", "required": false, "schema": anyCase(["csv", "json"])],
                    ],
                    "responses": errors(["400", "404", "409", "410", "500", "503"]).merging([
                        "200": [
                            "description":
                                "The result (CSV unless `format` asks for JSON, or the Accept header prefers it to CSV).",
                            "content": [
                                "text/csv": [:] as [String: Any],
                                "application/json": ["schema": ["type": "array", "items": resultRow]],
                            ],
                        ]
                    ]) { a, _ in a },
                ]
            ],
        ]
        for name in state.endpointNames {
            guard let endpoint = state.endpoints[name] else { continue }
            // A job's row may carry keys that are no field: passed through to the result, as
            // a CSV's other columns are (`JobInput`; one that looks like a misspelt field is refused).
            var rows = inputSchema(endpoint.definition.schema)
            rows["additionalProperties"] = scalar
            rows["description"] =
                "A row: the fields; other keys, with a string, number, boolean or null, are passed through to "
                + "the result as extra columns (the JSON result's `extra`, each value as sent), except one "
                + "that looks like a misspelt field, which is refused: a field's name in another case always, "
                + "a near name (a slip) where the row leaves that field out"
            paths["/\(name)/jobs"] = [
                "post": [
                    "summary": "Submit rows for \(name) to score as a batch job", "operationId": "submit_job_\(name)",
                    "parameters": [
                        flagParameter("skip_invalid", "Run the valid rows and report the others, instead of refusing")
                    ] + pins + [explainParameter],
                    "requestBody": [
                        "required": true,
                        "content": [
                            "text/csv": [
                                "schema": [
                                    "type": "string",
                                    "description":
                                        "A header row naming every field (`,`, `;` or tab between cells); other "
                                        + "columns are passed through to the result",
                                ]
                            ],
                            "application/json": ["schema": ["type": "array", "items": rows, "minItems": 1]],
                            "application/x-ndjson": ["schema": rows],
                            "multipart/form-data": [
                                "schema": object(
                                    [
                                        "file": ["type": "string", "description": "The rows, as CSV or JSON"],
                                        "skip_invalid": flagField, "explain": flagField,
                                    ], required: ["file"]
                                ).merging([
                                    "description":
                                        "The upload form: one file as `file` and the query's two flags as boxes; "
                                        + "any other field, a field in another case or a second file is refused (400)"
                                ]) { a, _ in a }
                            ],
                        ],
                    ],
                    "responses": errors(["400", "404", "409", "413", "415", "500", "503"]).merging([
                        "202": json("Queued: `task_id`, `status` PENDING and `links`.")
                    ]) { a, _ in a },
                ]
            ]
        }
        return paths
    }
}
