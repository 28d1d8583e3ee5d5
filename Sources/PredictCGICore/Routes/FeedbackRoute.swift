import Basics
import JSONWriting
import ServingCore

/// `POST /requests/{id}/feedback`: the true label (for regression the true value, a JSON number
/// or its text) for a logged prediction, with the token the prediction returned.
enum FeedbackRoute {
    /// - Parameter log: opens the request log; called once the body holds a label and a token.
    static func respond(
        to request: CGIRequest, deployment: Deployment, id: Int64, log: () throws(ServingError) -> any RequestLogStore
    ) throws(ServingError) -> CGIResponse {
        do {
            return try answer(to: request, deployment: deployment, id: id, log: log)
        } catch  where request.wantsHTML && error.status.code != 404 {
            // The feedback form's refusal names the request's endpoint, so its page leads back
            // to that endpoint's form rather than to the list of endpoints.
            guard let stored = try? log().request(id: id) else { throw error }
            return .error(error, for: request, endpoint: stored.endpoint)
        }
    }

    private static func answer(
        to request: CGIRequest, deployment: Deployment, id: Int64, log: () throws(ServingError) -> any RequestLogStore
    ) throws(ServingError) -> CGIResponse {
        let fields = try RequestBody.fields(of: request, limit: deployment.maxBodyBytes)
        var problems: [ServingError.FieldProblem] = []
        func text(_ name: String, numbers: Bool = false) -> String? {
            switch fields[name] {
            case .text(let value)?: return value
            case .number(let value)? where numbers:
                // As the client wrote it (`7`, not `7.0`): a label is matched by its text first, as
                // a category is (`InputValidator.category`), and the messages echo it.
                return value.text
            case nil: problems.append(.init(field: name, message: "is required"))
            default:
                problems.append(
                    .init(field: name, message: numbers ? "must be a string or a number" : "must be a string"))
            }
            return nil
        }
        let label = text("feedback", numbers: true)
        let token = text("token")
        guard let label, let token, problems.isEmpty else {
            // The headline names what is wrong: a field of the wrong type was sent (trial20
            // #11: `"feedback": true` was told both fields were needed).
            let sentWrong = problems.contains { $0.message != "is required" }
            throw ServingError(
                .badRequest,
                sentWrong
                    ? "feedback: " + problems.map { "'\($0.field)' \($0.message)" }.joined(separator: "; ")
                        + " ('feedback' is the true label, or the true value for regression)"
                    : "feedback needs 'feedback' (the true label, or the true value for regression) and 'token'",
                errors: problems)
        }
        let service = try PredictionService(deployment: deployment)
        let requestLog = try log()
        let outcome: FeedbackOutcome
        let row: LoggedRequest
        do {
            (outcome, row) = try requestLog.recordFeedback(
                id: id, token: token, label: label,
                labelValues: { service.snapshot.endpoints[$0]?.schema.labelValues }, at: Clock.utcTimestamp())
        } catch  where error.reason == .conflict && request.wantsHTML {
            // Another label for a request that has one (the form sent again with another
            // choice): the page that says which label stays, with its way back to the form.
            guard let stored = requestLog.request(id: id) else { throw error }
            return .html(
                409, "Conflict", HTMLAnswer.feedback(stored, outcome: .unchanged, deployment: deployment))
        }
        if request.wantsHTML {
            return .html(200, "OK", HTMLAnswer.feedback(row, outcome: outcome, deployment: deployment))
        }
        var writer = JSONWriter()
        writer.object {
            $0.field("status", "OK")
            $0.field("request_id", Int(id))
            // A regression row (one that logged a value) has a number for its feedback.
            let feedback = row.feedback ?? label
            if row.value != nil, let number = DecimalNumber.parse(feedback) {
                $0.field("feedback", number)
            } else {
                $0.field("feedback", feedback)
            }
            $0.field("recorded", outcome == .recorded)
        }
        return .json(200, "OK", writer.text)
    }
}
