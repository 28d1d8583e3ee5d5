import ServingCore

/// `POST /{endpoint}/predict[?status=…&model=…&version=…&explain=true]`: one prediction, logged
/// before the answer leaves; JSON, or HTML for the site's form (a refused form comes back filled
/// in, with each problem beside its field). With `explain` (the query parameter, or the form's
/// `explain` box) the answer adds the prediction's explanation (`ServedExplanation`).
enum PredictRoute {
    /// - Parameter log: opens the request log; called once the input is read and valid JSON or form.
    static func respond(
        to request: CGIRequest, deployment: Deployment, endpoint: String, startedAt: Int,
        log: () throws(ServingError) -> RequestLogWriter
    ) throws(ServingError) -> CGIResponse {
        var input = try RequestBody.fields(of: request, limit: deployment.maxBodyBytes)
        let service = try PredictionService(deployment: deployment)
        var explain = try request.flag("explain")
        // The form's box: a form field named `explain`, unless the endpoint has a field of that name.
        if request.mediaType == "application/x-www-form-urlencoded", case .text(let box)? = input["explain"],
            try !service.endpoint(endpoint).schema.fields.contains(where: { $0.name == "explain" })
        {
            input["explain"] = nil
            explain = try FormDecoding.flag("explain", box) || explain
        }
        var clientKey = request.clientID
        // Left in the input: the validator refuses a client_id that is not text.
        if case .text(let key)? = input["client_id"] { clientKey = key }
        let pins = PredictionService.Pins(
            status: try request.query("status"), model: try request.query("model"),
            version: try request.query("version"),
            clientKey: clientKey)
        let served: ServedPrediction
        do {
            served = try service.predict(
                endpoint: endpoint, input: input, pins: pins, log: try log(), startedAt: startedAt, explain: explain)
        } catch
            where !error.errors.isEmpty && request.wantsHTML
            && request.mediaType == "application/x-www-form-urlencoded"
        {
            // The site's form: shown again as it was filled, each problem beside its field.
            guard
                let page = HTMLAnswer.form(
                    error, endpoint: endpoint, sent: input, explain: explain, deployment: deployment)
            else {
                throw error
            }
            return .html(error.status.code, error.status.phrase, page)
        }
        if request.wantsHTML {
            return .html(
                200, "OK",
                HTMLAnswer.prediction(served, scriptName: request.scriptPath(in: deployment), deployment: deployment))
        }
        return .json(200, "OK", served.json)
    }
}
