import Basics
import Foundation
import Serving
import Testing
import TextEscaping

@testable import PredictCGICore
@testable import PredictCGIJobs

/// The HTML answers to the site's forms: the deployment's themed shells filled per request, the
/// built-in page where there are none, and errors as pages for forms only.
@Suite struct AnswerPagesTests {
    /// One person of the Adult test file, as the site's form posts it.
    static let form =
        "age=37&workclass=Private&fnlwgt=34146&education=HS-grad&education-num=9"
        + "&marital-status=Married-civ-spouse&occupation=Craft-repair&relationship=Husband&race=White&sex=Male"
        + "&capital-gain=0&capital-loss=0&hours-per-week=68&native-country=United-States"

    private func post(
        _ deployment: TemporaryDeployment, _ path: String, _ body: String,
        contentType: String = "application/x-www-form-urlencoded", accept: String? = "text/html"
    ) -> CGIResponse {
        var variables = deployment.variables
        variables["HTTP_ACCEPT"] = accept
        variables["SCRIPT_NAME"] = "/cgi-bin/predict.cgi"
        return JobsRouter.respond(
            to: .make("POST", path, contentType: contentType, body: body, variables: variables),
            startedAt: Clock.monotonicMicroseconds())
    }

    private func writeShell(_ deployment: TemporaryDeployment, _ page: AnswerShell.Page, _ text: String) throws {
        let folder = deployment.folder + "/answers"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + page.file))
    }

    /// A regression's page shows the value rounded; the JSON answer keeps every digit.
    @Test(arguments: [
        (387.1881438471568, "387.188"), (4523.0, "4523"), (1_234_567.8, "1234568"), (-0.5, "-0.5"),
        (0.000123456789, "0.000123457"), (0.0, "0"), (99.99996, "100"),
    ])
    func regressionValuesAreShownToSixSignificantDigits(value: Double, shown: String) {
        #expect(significant(value) == shown)
    }

    @Test func fillEscapesTextWritesMarkupAndDropsUnknownNames() {
        let shell = Array("<p title=\"\u{1}a\u{1}\">\u{1}b\u{1}\u{1}nothing\u{1}</p>\u{1}".utf8)
        #expect(
            AnswerShell.fill(shell, ["a": .text("x\"<y>"), "b": .html("<em>b</em>")])
                == "<p title=\"x&quot;&lt;y&gt;\"><em>b</em></p>")
    }

    @Test func aPredictionFillsTheDeploymentsShell() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        try writeShell(
            deployment, .predictionBinary,
            "<main>\u{1}prediction\u{1} \u{1}probability\u{1} of \u{1}endpoint\u{1}/\u{1}model\u{1}: "
                + "<select required><option value=\"\"></option>\u{1}labelOptions\u{1}</select> "
                + "\u{1}feedbackURL\u{1} \u{1}requestID\u{1}</main>")
        let answer = post(deployment, "/income_classifier/predict", Self.form)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.header("Content-Type") == "text/html; charset=utf-8")
        #expect(
            answer.body
                == "<main>&lt;=50K \(try #require(answer.body.firstMatch(of: /[0-9.]+%/)).output) of "
                + "income_classifier/random_forest@1.0.0: <select required><option value=\"\"></option>"
                + "<option>&lt;=50K</option><option>&gt;50K</option></select> "
                + "/cgi-bin/predict.cgi/requests/1/feedback 1</main>")
    }

    /// Without shells (a deployment bundled before them) the built-in page answers, with the
    /// same content: the feedback select starts empty and must be chosen.
    @Test func withoutShellsTheBuiltInPageAnswers() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        let answer = post(deployment, "/income_classifier/predict", Self.form)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.body.contains("<h1>Prediction: &lt;=50K</h1>"))
        #expect(answer.body.contains("a JSON answer's <code>probability</code> is the predicted label's too"))
        #expect(
            answer.body.contains(
                "<select name=\"feedback\" required><option value=\"\">choose…</option>"
                    + "<option>&lt;=50K</option><option>&gt;50K</option></select>"))
        #expect(!answer.body.contains("\u{1}"))
    }

    /// The form's `explain` box without shells: the built-in page has the explanation and its
    /// chart (penguin_species' production forest records cover), and `explain` is not an input.
    @Test func withoutShellsAnExplainedFormGetsTheBuiltInChart() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        let form =
            "island=Biscoe&bill_length_mm=44&bill_depth_mm=16&flipper_length_mm=205&body_mass_g=4400&sex=female"
        let answer = post(deployment, "/penguin_species/predict", form + "&explain=true")
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.body.contains("<h2>Why this prediction</h2>\n<p>Measured in the probability of "))
        #expect(answer.body.contains("the 6 fields' contributions (exact TreeSHAP)"))
        #expect(answer.body.contains("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""))
        #expect(answer.body.components(separatedBy: "<rect class=\"bar ").count == 7)
        #expect(!answer.body.contains("\u{1}"))
        let plain = post(deployment, "/penguin_species/predict", form)
        #expect(plain.status == 200)
        #expect(!plain.body.contains("Why this prediction"))
    }

    /// A form's refused input comes back as a page listing each field's problem to a client
    /// that asks for HTML; any other client keeps the contract's JSON.
    @Test func formErrorsArePagesAndJSONClientsKeepJSON() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        let broken = Self.form.replacingOccurrences(of: "age=37", with: "age=old")
        let page = post(deployment, "/income_classifier/predict", broken)
        #expect(page.status == 400)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.body.contains("<h1>One input needs a change</h1>"), "\(page.body)")
        #expect(page.body.contains("<ul class=\"problems\"><li><code>age</code> "))

        // A script posting form data without asking for HTML gets the contract's JSON, as its
        // answered requests do: one rule for success and error (a browser's form asks for HTML).
        let scripted = post(deployment, "/income_classifier/predict", broken, accept: nil)
        #expect(scripted.status == 400)
        #expect(scripted.header("Content-Type") == "application/json; charset=utf-8")
        #expect(scripted.body.contains(#""field":"age""#))
        let answered = post(deployment, "/income_classifier/predict", Self.form, accept: "*/*")
        #expect(answered.header("Content-Type") == "application/json; charset=utf-8", "\(answered.body)")

        try writeShell(
            deployment, .endpointError, "<h1>\u{1}heading\u{1}</h1><ul>\u{1}problems\u{1}</ul>\u{1}endpoint\u{1}")
        #expect(
            post(deployment, "/income_classifier/predict", broken).body.hasPrefix(
                "<h1>One input needs a change</h1><ul><li><code>age</code> "))

        let json = post(deployment, "/income_classifier/predict", broken, accept: "application/json")
        #expect(json.header("Content-Type") == "application/json; charset=utf-8")
        #expect(json.body.contains(#""field":"age""#))
        let jsonBody = post(
            deployment, "/income_classifier/predict", #"{"age":"old"}"#, contentType: "application/json", accept: nil)
        #expect(jsonBody.header("Content-Type") == "application/json; charset=utf-8")
    }

    /// A 404 for an unserved pin shows its message (why, and what is served) above the pins at
    /// fault: unlike a 400's, its list does not say it all (trial18 #6).
    @Test func anUnservedPinsPageSaysWhatIsServed() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        var variables = deployment.variables
        variables["HTTP_ACCEPT"] = "text/html"
        variables["QUERY_STRING"] = "model=RANDOM_FOREST"
        let page = JobsRouter.respond(
            to: .make(
                "POST", "/income_classifier/predict", contentType: "application/x-www-form-urlencoded",
                body: Self.form, variables: variables),
            startedAt: Clock.monotonicMicroseconds())
        #expect(page.status == 404)
        #expect(page.body.contains("<li><code>model</code> matches no served version (did you mean random_forest?)"))
        #expect(
            page.body.contains(
                "income_classifier/RANDOM_FOREST is not served: no version of it was ever registered (did you mean "
                    + "model random_forest?); served: "), "\(page.body)")
    }

    /// With the endpoint's form shell, a refused form comes back as that form, filled in as it
    /// was sent, each problem beside its field; a JSON body that is refused stays JSON.
    @Test func aRefusedFormComesBackFilledInWithEachProblemBesideItsField() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        let shell =
            "<h1>\u{1}heading\u{1}</h1><ul>\u{1}problems\u{1}</ul>"
            + "<p>\u{1}\(AnswerShell.fieldKey(.error, field: "age"))\u{1}</p>"
            + "<input name=\"age\" value=\"\u{1}\(AnswerShell.fieldKey(.value, field: "age"))\u{1}\">"
            + "<p>\u{1}\(AnswerShell.fieldKey(.error, field: "workclass"))\u{1}</p><select name=\"workclass\">"
            + "<option\u{1}\(AnswerShell.fieldKey(.selected, field: "workclass", category: "Private"))\u{1}>Private</option>"
            + "<option\u{1}\(AnswerShell.fieldKey(.selected, field: "workclass", category: "State-gov"))\u{1}>State-gov</option>"
            + "</select>"
        let folder = deployment.folder + "/answers/forms"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(shell.utf8).write(to: URL(fileURLWithPath: folder + "/income_classifier.html"))
        let broken = Self.form.replacingOccurrences(of: "age=37", with: "age=%3Cold%3E")
        let page = post(deployment, "/income_classifier/predict", broken)
        #expect(page.status == 400)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(
            page.body
                == "<h1>One input needs a change</h1><ul><li><code>age</code> must be a number, got &#39;&lt;old&gt;&#39;</li></ul>"
                + "<p>must be a number, got &#39;&lt;old&gt;&#39;</p><input name=\"age\" value=\"&lt;old&gt;\">"
                + "<p></p><select name=\"workclass\"><option selected>Private</option><option>State-gov</option></select>",
            "\(page.body)")
        // A client asking for JSON still gets JSON.
        #expect(
            post(deployment, "/income_classifier/predict", broken, accept: "application/json").header("Content-Type")
                == "application/json; charset=utf-8")
    }

    /// A job sent from the site's upload form is accepted with a page and, as for JSON, a
    /// `Location` naming its status; the status page's heading says where the job is in words.
    @Test func aJobFromTheFormAnswersAPageWithItsLocation() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        let header = Self.form.split(separator: "&").map { $0.split(separator: "=")[0] }.joined(separator: ",")
        let row = Self.form.split(separator: "&").map { $0.split(separator: "=")[1] }.joined(separator: ",")
        let answer = post(deployment, "/income_classifier/jobs", header + "\n" + row + "\n", contentType: "text/csv")
        #expect(answer.status == 202, "\(answer.body)")
        #expect(answer.header("Content-Type") == "text/html; charset=utf-8")
        let location = try #require(answer.header("Location"))
        #expect(location.hasPrefix("/cgi-bin/predict.cgi/jobs/"), "\(location)")
        #expect(answer.body.contains("Job accepted"))
        #expect(answer.body.contains("href=\"\(location)\""))
        #expect(JobPages.heading(.success) == "Job done" && JobPages.heading(.failure) == "Job failed")
    }

    /// A refused feedback form (a label the endpoint does not have, someone else's token) answers
    /// the endpoint's error page, which leads back to that endpoint's form; an unknown request
    /// has no endpoint to go back to.
    @Test func aRefusedFeedbackFormLeadsBackToItsEndpoint() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        try writeShell(deployment, .endpointError, "endpoint \u{1}endpoint\u{1}: \u{1}message\u{1}")
        try writeShell(deployment, .error, "no endpoint: \u{1}message\u{1}")
        let answer = post(deployment, "/income_classifier/predict", Self.form, accept: "application/json")
        let token = try #require(answer.body.firstMatch(of: /"feedback_token":"([0-9a-f]+)"/)?.output.1)
        let unknownLabel = post(deployment, "/requests/1/feedback", "feedback=maybe&token=\(token)")
        #expect(unknownLabel.status == 400)
        #expect(unknownLabel.body.hasPrefix("endpoint income_classifier: "), "\(unknownLabel.body)")
        let wrongToken = post(
            deployment, "/requests/1/feedback", "feedback=%3E50K&token=\(String(repeating: "0", count: 32))")
        #expect(wrongToken.status == 403)
        #expect(wrongToken.body.hasPrefix("endpoint income_classifier: "), "\(wrongToken.body)")
        let unknownRequest = post(deployment, "/requests/7/feedback", "feedback=%3E50K&token=\(token)")
        #expect(unknownRequest.status == 404)
        #expect(unknownRequest.body.hasPrefix("no endpoint: "), "\(unknownRequest.body)")
    }

    /// A number sent as feedback is echoed as the client wrote it: `7`, not `7.0`.
    @Test func aWholeNumberFeedbackIsEchoedAsSent() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        let answer = post(deployment, "/income_classifier/predict", Self.form, accept: "application/json")
        let token = try #require(answer.body.firstMatch(of: /"feedback_token":"([0-9a-f]+)"/)?.output.1)
        let refused = post(
            deployment, "/requests/1/feedback", #"{"feedback":7,"token":"\#(token)"}"#, contentType: "application/json",
            accept: "application/json")
        #expect(refused.status == 400)
        #expect(refused.body.contains("unknown label '7'; accepted: "), "\(refused.body)")
    }

    /// A regression's answer names the label it predicts, in the built-in page and the theme's.
    @Test func aRegressionAnswerNamesItsLabel() throws {
        let deployment = try TemporaryDeployment()
        defer { deployment.remove() }
        _ = try RequestLog(path: deployment.folder + "/var/requests.sqlite")
        let form =
            "species=Adelie&island=Torgersen&bill_length_mm=39.1&bill_depth_mm=18.7&flipper_length_mm=181&sex=male"
        let answer = post(deployment, "/penguin_body_mass/predict", form)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.body.contains("<p>The predicted <code>body_mass_g</code>.</p>"), "\(answer.body)")
    }
}
