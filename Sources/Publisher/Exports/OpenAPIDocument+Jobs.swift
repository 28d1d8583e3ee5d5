import Registry

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
                            "content": ["text/csv": [:] as [String: Any], "application/json": [:] as [String: Any]],
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
            rows["additionalProperties"] = true
            rows["description"] =
                "A row: the fields; other keys are passed through to the result as extra columns, "
                + "except one that looks like a misspelt field the row lacks, which is refused"
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
                                "schema": object(["file": ["type": "string"]], required: ["file"])
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
