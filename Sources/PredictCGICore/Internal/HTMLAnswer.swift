import Basics
import Scoring
import ServingCore
import TextEscaping

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The HTML pages the site's forms get back: the deployment's themed shells (`AnswerShell`,
/// written by `publish --answers` and `bundle`) filled with the request's values, or, where a
/// deployment has none (one bundled before the shells), the plain built-in page with the same
/// values.
package enum HTMLAnswer {
    /// The answer to the prediction form.
    package static func prediction(_ served: ServedPrediction, scriptName: String, deployment: Deployment?) -> String {
        var values: [String: AnswerShell.Value] = [
            "endpoint": .text(served.endpoint), "labelName": .text(served.labelName),
            "modelName": .text(served.version.model),
            "version": .text(served.version.version),
            "model": .text("\(served.version.model)@\(served.version.version)"),
            "abTest": .text(served.abTest.map { " in A/B test \($0.id) (arm \($0.arm))" } ?? ""),
            "requestID": .text(String(served.requestID)), "token": .text(served.feedbackToken),
            "feedbackURL": .text("\(scriptName)/requests/\(served.requestID)/feedback"),
            "labelOptions": .html(served.labelValues.map { "<option>\(escape($0))</option>" }.joined()),
            // What the JSON answer's `notes` say (a category or number the version never saw in
            // training); nothing when there are none.
            "notes": .html(
                served.notes.isEmpty
                    ? "" : "<ul class=\"note notes\">\(served.notes.map { "<li>\(escape($0))</li>" }.joined())</ul>\n"),
        ]
        var page: AnswerShell.Page
        switch served.columns.task {
        case .binary:
            page = .predictionBinary
            values["prediction"] = .text(served.prediction.label)
            values["probability"] = .text(percent(served.prediction.probability))
            values["otherLabel"] = .text(served.labelValues.first { $0 != served.prediction.label } ?? "")
            values["otherProbability"] = .text(percent(1 - served.prediction.probability))
        case .multiclass:
            page = .predictionMulticlass
            values["prediction"] = .text(served.prediction.label)
            values["probability"] = .text(percent(served.prediction.probability))
            values["probabilities"] = .html(
                zip(served.labelValues, served.prediction.probabilities).map {
                    "<tr><td>\(escape($0.0))</td><td>\(percent($0.1))</td></tr>"
                }.joined())
        case .regression:
            page = .predictionRegression
            // The page rounds (387.188); the JSON answer and the request log keep every digit.
            values["prediction"] = .text(served.prediction.value.map { Basics.significant($0) } ?? "")
        }
        if let explanation = served.explanation {
            page = page.explained
            values.merge(explanationValues(explanation, served: served)) { _, new in new }
        }
        return answer(page, values, deployment: deployment)
    }

    /// The explained page's values: the chart of the output the page is about (the predicted
    /// class's for multiclass) and the figures the template words around it.
    static func explanationValues(
        _ explanation: ServedExplanation, served: ServedPrediction
    ) -> [String: AnswerShell.Value] {
        let output = explanation.outputClasses.firstIndex(of: served.prediction.label) ?? 0
        let scoreOf = explanation.outputClasses.isEmpty ? nil : explanation.outputClasses[output]
        let units: String
        switch explanation.units {
        case .logOdds: units = "the log-odds of \(scoreOf ?? "the positive class")"
        case .softmaxScore: units = "the score of \(scoreOf ?? "the class") before the softmax"
        case .probability: units = "the probability of \(scoreOf ?? "the class")"
        case .value: units = "\(served.labelName), in its own units"
        }
        let chart = ExplanationChart(
            fields: explanation.fields, values: served.values, contributions: explanation.contributions[output],
            notes: served.scoringNotes)
        return [
            "explanationChart": .html(chart.svg(title: "Each field's contribution to \(units)")),
            "explanationUnits": .text(units),
            "expectedValue": .text(Basics.significant(explanation.expectedValues[output], digits: 4)),
            "rawScore": .text(Basics.significant(explanation.rawScores[output], digits: 4)),
            "fieldCount": .text(String(explanation.fields.count)),
        ]
    }

    /// The answer to the feedback form.
    package static func feedback(
        _ row: LoggedRequest, outcome: RequestLogWriter.FeedbackOutcome, deployment: Deployment?
    ) -> String {
        answer(
            outcome == .recorded ? .feedbackRecorded : .feedbackRepeated,
            [
                "endpoint": .text(row.endpoint), "requestID": .text(String(row.id ?? 0)),
                "feedback": .text(row.feedback ?? ""), "kind": .text(row.value == nil ? "label" : "value"),
            ], deployment: deployment)
    }

    /// An error answered to a form: what went wrong, each field's problem, and a way back.
    /// - Parameter endpoint: the endpoint of the route, when the form to go back to is its.
    package static func error(_ error: ServingError, endpoint: String?, deployment: Deployment?) -> String {
        var values = problemValues(error)
        if let endpoint { values["endpoint"] = .text(endpoint) }
        return answer(endpoint == nil ? .error : .endpointError, values, deployment: deployment)
    }

    /// A prediction form's refused request answered with the form again: the endpoint's form
    /// shell (`AnswerShell.formFile`) with every value as it was sent, the option that was chosen
    /// selected, each problem beside its field and all of them above the form. `nil` when the
    /// deployment has no form shell for the endpoint (one published before them, or an endpoint
    /// that was not servable then).
    /// - Parameters:
    ///   - sent: the form's fields as predict.cgi read them.
    ///   - explain: whether the form's explain box was ticked (it is ticked again).
    package static func form(
        _ error: ServingError, endpoint: String, sent: [String: InputValue], explain: Bool = false,
        deployment: Deployment
    ) -> String? {
        guard let file = AnswerShell.formFile(endpoint),
            let shell = FileBytes.read(deployment.answersPath + "/" + file)
        else { return nil }
        var values = problemValues(error)
        if explain { values["explainChecked"] = .html(" checked") }
        for (name, value) in sent {
            guard case .text(let text) = value else { continue }
            values[AnswerShell.fieldKey(.value, field: name)] = .text(text)
            values[AnswerShell.fieldKey(.selected, field: name, category: text)] = .html(" selected")
        }
        var problems: [String: [String]] = [:]
        for problem in error.errors { problems[problem.field, default: []].append(problem.message) }
        for (field, messages) in problems {
            values[AnswerShell.fieldKey(.error, field: field)] = .text(messages.joined(separator: "; "))
        }
        return AnswerShell.fill(shell, values)
    }

    /// The heading, message and list of problems every error page shows: the message only when
    /// no field is at fault or the refusal is no 400 (a 400's list says what the message says; a
    /// 404's pins do not say what is served).
    static func problemValues(_ error: ServingError) -> [String: AnswerShell.Value] {
        let showsMessage = error.errors.isEmpty || error.reason != .badRequest
        let heading =
            error.errors.isEmpty
            ? "The request was refused (\(error.status.code) \(error.status.phrase))"
            : error.errors.count == 1 ? "One input needs a change" : "\(error.errors.count) inputs need a change"
        let problems = error.errors.map { "<li><code>\(escape($0.field))</code> \(escape($0.message))</li>" }
        // A 400 with fields at fault: the list says it all; the message would say it again.
        return [
            "heading": .text(heading), "message": .text(showsMessage ? error.message : ""),
            "problems": .html(problems.joined()),
        ]
    }

    /// A batch job's page: its heading and what to say about it (HTML).
    package static func job(endpoint: String, heading: String, details: String, deployment: Deployment?) -> String {
        answer(
            .job, ["endpoint": .text(endpoint), "heading": .text(heading), "details": .html(details)],
            deployment: deployment)
    }

    /// `page`'s shell of the deployment filled with `values`, or the built-in page.
    static func answer(
        _ page: AnswerShell.Page, _ values: [String: AnswerShell.Value], deployment: Deployment?
    )
        -> String
    {
        let shell =
            deployment.flatMap { FileBytes.read($0.answersPath + "/" + page.file) }
            ?? Array(BuiltInAnswer.page(page).utf8)
        return AnswerShell.fill(shell, values)
    }

    /// `probability` as a percentage with one decimal (`83.1%`).
    static func percent(_ probability: Double) -> String {
        "\((probability * 1000).rounded() / 10)%"
    }

    package static func escape(_ text: String) -> String {
        Escaping.html(text)
    }
}
