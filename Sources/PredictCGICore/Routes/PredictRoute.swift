import ServingCore

/// `POST /{endpoint}/predict[?status=…&model=…&version=…&explain=true]`: one prediction, logged
/// before the answer leaves; JSON, or HTML for the site's form (a refused form comes back filled
/// in, with each problem beside its field). With `explain` (the query parameter, or the form's
/// `explain` box) the answer adds the prediction's explanation (`ServedExplanation`).
enum PredictRoute {
    /// The query parameters it reads; any other is refused (`QueryParameters`).
    static let queryParameters = RouteQuery.predict
    /// - Parameter log: opens the request log; called once the input is read and valid JSON or form.
    static func respond(
        to request: CGIRequest, deployment: Deployment, endpoint: String, startedAt: Int,
        log: () throws(ServingError) -> any RequestLogStore
    ) throws(ServingError) -> CGIResponse {
        let query = try request.query(accepting: queryParameters, route: "POST /{endpoint}/predict")
        var input = try RequestBody.fields(of: request, limit: deployment.maxBodyBytes)
        let service = try PredictionService(deployment: deployment)
        // The form's box: a form field named `explain`, unless the endpoint has a field of that
        // name; given empty, it is not given (as in the query).
        var box: Bool?
        if request.mediaType == "application/x-www-form-urlencoded", case .text(let value)? = input["explain"],
            try !service.endpoint(endpoint).schema.fields.contains(where: { $0.name == "explain" })
        {
            input["explain"] = nil
            box = value.isEmpty ? nil : try FormDecoding.flag("explain", value)
        }
        let explain = try query.flag("explain", form: box)
        var clientKey = request.clientID
        // Left in the input: the validator refuses a client_id that is not text.
        if case .text(let key)? = input["client_id"] { clientKey = key }
        let pins = PredictionService.Pins(
            status: try query.value("status"), model: try query.value("model"), version: try query.value("version"),
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
