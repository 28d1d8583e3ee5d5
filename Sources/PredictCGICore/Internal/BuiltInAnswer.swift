import TextEscaping

/// The plain answer pages predict.cgi falls back on where its deployment has no themed shells
/// (a deployment bundled before them, or a server run without `publish --answers`): the default
/// theme's answers without the site's layout, with the same placeholders (`AnswerShell`).
enum BuiltInAnswer {
    static func page(_ page: AnswerShell.Page) -> String {
        switch page {
        case .predictionBinary, .predictionBinaryExplained:
            document(
                "Prediction",
                "<h1>Prediction: \(P.prediction)</h1>\n<p>The probability of <code>\(P.prediction)</code> is "
                    + "<strong>\(P.probability)</strong> (of <code>\(P.otherLabel)</code> \(P.otherProbability)); "
                    + "a JSON answer's <code>probability</code> is the predicted label's too.</p>\n"
                    + P.notes + explanation(page) + served + feedback(label: true))
        case .predictionMulticlass, .predictionMulticlassExplained:
            document(
                "Prediction",
                "<h1>Prediction: \(P.prediction)</h1>\n<p>The probability of <code>\(P.prediction)</code>, the most "
                    + "likely class, is <strong>\(P.probability)</strong>; every class's:</p>\n"
                    + "<table><tr><th>Class</th><th>Probability</th></tr>\(P.probabilities)</table>\n"
                    + P.notes + explanation(page) + served + feedback(label: true))
        case .predictionRegression, .predictionRegressionExplained:
            document(
                "Prediction",
                "<h1>Prediction: \(P.prediction)</h1>\n<p>The predicted <code>\(P.labelName)</code>.</p>\n"
                    + P.notes + explanation(page) + served + feedback(label: false))
        case .feedbackRecorded:
            document(
                "Feedback",
                "<h1>Thank you: feedback recorded</h1>\n"
                    + "<p>Request \(P.requestID) now has its true \(P.kind): <code>\(P.feedback)</code>.</p>")
        case .feedbackRepeated:
            document(
                "Feedback",
                "<h1>Feedback was already recorded</h1>\n<p>Request \(P.requestID) already had its true \(P.kind), "
                    + "which stays as it was: <code>\(P.feedback)</code>.</p>")
        case .error, .endpointError:
            document(
                P.heading, "<h1>\(P.heading)</h1>\n<p>\(P.message)</p>\n<ul class=\"problems\">\(P.problems)</ul>")
        case .job:
            document(P.heading, "<h1>\(P.heading)</h1>\n\(P.details)")
        }
    }

    /// The explained pages' section (the theme's is in answers/prediction.mustache); nothing on
    /// the others.
    private static func explanation(_ page: AnswerShell.Page) -> String {
        guard
            [.predictionBinaryExplained, .predictionMulticlassExplained, .predictionRegressionExplained].contains(page)
        else { return "" }
        return "<h2>Why this prediction</h2>\n<p>Measured in \(P.explanationUnits): the model's expected value "
            + "over its training rows is \(P.expectedValue); the \(P.fieldCount) fields' contributions (exact "
            + "TreeSHAP) take it to \(P.rawScore), this prediction's.</p>\n<figure>\(P.explanationChart)</figure>\n"
    }

    private static let served =
        "<p>Answered by <strong>\(P.endpoint)/\(P.model)</strong>\(P.abTest). Request \(P.requestID) is kept in "
        + "the request log with your inputs.</p>\n"

    private static func feedback(label: Bool) -> String {
        let control =
            label
            ? "<label>The true label <select name=\"feedback\" required><option value=\"\">choose…</option>"
                + "\(P.labelOptions)</select></label>"
            : "<label>The true value <input name=\"feedback\" type=\"number\" step=\"any\" inputmode=\"decimal\" "
                + "required></label>"
        return """
            <p>Sending the true \(label ? "label" : "value") of <code>\(P.labelName)</code> attaches it to request \(P.requestID), once.</p>
            <form method="post" action="\(P.feedbackURL)">
            <input type="hidden" name="token" value="\(P.token)">
            \(control)
            <button type="submit">Send feedback</button>
            </form>
            """
    }

    private static func document(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark"><title>\(title)</title>
        <style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style>
        </head><body>
        \(body)
        </body></html>
        """
    }

    /// The placeholders, by name.
    private enum P {
        static let prediction = AnswerShell.placeholder("prediction")
        static let probability = AnswerShell.placeholder("probability")
        static let otherLabel = AnswerShell.placeholder("otherLabel")
        static let otherProbability = AnswerShell.placeholder("otherProbability")
        static let probabilities = AnswerShell.placeholder("probabilities")
        static let notes = AnswerShell.placeholder("notes")
        static let endpoint = AnswerShell.placeholder("endpoint")
        static let labelName = AnswerShell.placeholder("labelName")
        static let model = AnswerShell.placeholder("model")
        static let abTest = AnswerShell.placeholder("abTest")
        static let requestID = AnswerShell.placeholder("requestID")
        static let token = AnswerShell.placeholder("token")
        static let feedbackURL = AnswerShell.placeholder("feedbackURL")
        static let labelOptions = AnswerShell.placeholder("labelOptions")
        static let feedback = AnswerShell.placeholder("feedback")
        static let kind = AnswerShell.placeholder("kind")
        static let heading = AnswerShell.placeholder("heading")
        static let message = AnswerShell.placeholder("message")
        static let problems = AnswerShell.placeholder("problems")
        static let details = AnswerShell.placeholder("details")
        static let explanationChart = AnswerShell.placeholder("explanationChart")
        static let explanationUnits = AnswerShell.placeholder("explanationUnits")
        static let expectedValue = AnswerShell.placeholder("expectedValue")
        static let rawScore = AnswerShell.placeholder("rawScore")
        static let fieldCount = AnswerShell.placeholder("fieldCount")
    }
}
