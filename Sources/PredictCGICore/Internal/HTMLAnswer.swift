import ServingCore
import TextEscaping

/// The small HTML pages the site's prediction form gets back.
package enum HTMLAnswer {
    package static func prediction(_ served: ServedPrediction, scriptName: String) -> String {
        let arm = served.abTest.map { " (A/B test \($0.id), arm \(escape($0.arm)))" } ?? ""
        let source =
            "from <strong>\(escape(served.endpoint))/\(escape(served.version.model))@\(escape(served.version.version))</strong>\(arm)."
        let headline: String
        let truth: String
        switch served.columns.task {
        case .binary, .multiclass:
            let percent = (served.prediction.probability * 1000).rounded() / 10
            headline =
                "<h1>Prediction: \(escape(served.prediction.label))</h1>\n<p>Probability \(percent)%, \(source)</p>"
                + (served.columns.task == .multiclass ? classTable(served) : "")
            let options = served.labelValues.map { "<option>\(escape($0))</option>" }.joined()
            truth = "<label>The true label <select name=\"feedback\">\(options)</select></label>"
        case .regression:
            let value = served.prediction.value.map { String($0) } ?? ""
            headline = "<h1>Prediction: \(escape(value))</h1>\n<p>Predicted \(source)</p>"
            truth = "<label>The true value <input name=\"feedback\" inputmode=\"decimal\" required></label>"
        }
        return page(
            title: "Prediction",
            body: """
                \(headline)
                <p>Request \(served.requestID).</p>
                <form method="post" action="\(escape(scriptName))/requests/\(served.requestID)/feedback">
                <input type="hidden" name="token" value="\(escape(served.feedbackToken))">
                \(truth)
                <button type="submit">Send feedback</button>
                </form>
                """)
    }

    /// Every class's probability, in the schema's order (a multiclass answer).
    package static func classTable(_ served: ServedPrediction) -> String {
        let rows = zip(served.labelValues, served.prediction.probabilities).map {
            "<tr><td>\(escape($0.0))</td><td>\(($0.1 * 1000).rounded() / 10)%</td></tr>"
        }
        return "\n<table><tr><th>Class</th><th>Probability</th></tr>\(rows.joined())</table>"
    }

    package static func feedback(_ row: LoggedRequest, outcome: RequestLogWriter.FeedbackOutcome) -> String {
        let what = outcome == .recorded ? "Thank you: feedback recorded" : "Feedback was already recorded"
        return page(
            title: "Feedback",
            body: "<h1>\(what)</h1>\n<p>Request \(row.id ?? 0): \(escape(row.feedback ?? "")).</p>")
    }

    package static func page(title: String, body: String, head: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark"><title>\(title)</title>\(head)
        <style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style>
        </head><body>
        \(body)
        </body></html>
        """
    }

    package static func escape(_ text: String) -> String {
        Escaping.html(text)
    }
}
