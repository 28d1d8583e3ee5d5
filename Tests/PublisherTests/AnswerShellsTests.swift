import Foundation
import Testing
import TextEscaping

@testable import Publisher

/// predict.cgi's answer pages are the theme's `answers/…` templates in the layout, written with
/// placeholders where the request's values go.
@Suite struct AnswerShellsTests {
    private func publish(
        _ site: SiteFixture, base: String? = nil
    ) throws -> (answers: URL, read: (AnswerShell.Page) throws -> String) {
        let answers = site.root.appendingPathComponent("deployment/answers")
        let publisher = Publisher(
            siteFolder: site.root, root: site.root, baseURL: base, answersFolder: answers)
        try publisher.publish()
        return (answers, { try String(contentsOf: answers.appendingPathComponent($0.file), encoding: .utf8) })
    }

    @Test func everyPageIsWrittenInTheLayoutWithALinkBack() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let (answers, read) = try publish(site)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: answers.path).sorted()
                == AnswerShell.Page.allCases.map(\.file).sorted())
        let shell = try read(.predictionBinary)
        #expect(shell.contains("<header class=\"site-header\">"))
        #expect(shell.contains("<link rel=\"stylesheet\" href=\"/assets/style.css\">"))
        let page = AnswerShell.fill(
            Array(shell.utf8),
            [
                "endpoint": .text("income_classifier"), "prediction": .text(">50K"), "probability": .text("83.1%"),
                "labelOptions": .html("<option>&lt;=50K</option><option>&gt;50K</option>"),
            ])
        #expect(page.contains("<title>Prediction · income_classifier · Test site</title>"))
        #expect(page.contains("<h1>Prediction: &gt;50K</h1>"))
        #expect(page.contains("<a href=\"/endpoints/income_classifier/predict.html\">Try another prediction</a>"))
        #expect(
            page.contains("<select id=\"feedback\" name=\"feedback\" required>\n<option value=\"\">choose…</option>"))
        #expect(!page.contains("\u{1}"))
        // The variants differ where the templates' flags say.
        #expect(try read(.predictionMulticlass).contains("<table class=\"probabilities\">"))
        #expect(try read(.predictionRegression).contains("type=\"number\""))
        #expect(try read(.endpointError).contains("Back to the form"))
        #expect(try !read(.error).contains("Back to the form"))
        #expect(try read(.feedbackRecorded).contains("Thank you"))
        #expect(try !read(.feedbackRepeated).contains("Thank you"))
    }

    /// Each servable endpoint of the repository gets its prediction form as a shell, with the
    /// site's fields and a placeholder for each value sent, option chosen and problem; filled,
    /// it is the form as the user left it with each problem beside its field.
    @Test func servableEndpointsGetTheirFormAsAShell() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let answers = site.root.appendingPathComponent("deployment/answers")
        try Publisher(
            siteFolder: site.root, outputFolder: site.root.appendingPathComponent("public"),
            root: RepositorySite.repository, answersFolder: answers
        ).publish()
        let forms = try FileManager.default.contentsOfDirectory(atPath: answers.appendingPathComponent("forms").path)
        #expect(forms.sorted() == ["income_classifier.html", "penguin_body_mass.html", "penguin_species.html"])
        let shell = try String(
            contentsOf: answers.appendingPathComponent("forms/income_classifier.html"), encoding: .utf8)
        let page = AnswerShell.fill(
            Array(shell.utf8),
            [
                "heading": .text("2 inputs need a change"),
                "problems": .html("<li><code>age</code> must be a number</li>"),
                AnswerShell.fieldKey(.value, field: "age"): .text("\"old\""),
                AnswerShell.fieldKey(.error, field: "age"): .text("must be a number, got 'old'"),
                AnswerShell.fieldKey(.value, field: "hours-per-week"): .text("40"),
                AnswerShell.fieldKey(.selected, field: "workclass", category: "Private"): .html(" selected"),
            ])
        #expect(!page.contains("\u{1}"))
        #expect(page.contains("<h1>2 inputs need a change</h1>"))
        #expect(page.contains("<ul class=\"problems\"><li><code>age</code> must be a number</li></ul>"))
        #expect(
            page.contains(
                "value=\"&quot;old&quot;\" aria-describedby=\"field-age-error\">\n"
                    + "<p class=\"field-error\" id=\"field-age-error\">must be a number, got &#39;old&#39;</p>"))
        #expect(
            page.contains("<a href=\"/endpoints/income_classifier/predict.html\">Start again with an empty form</a>"))
        #expect(page.contains("name=\"hours-per-week\" type=\"number\" inputmode=\"decimal\" required"))
        #expect(page.contains("value=\"40\""))
        #expect(page.contains("<option value=\"Private\" selected>Private</option>"))
        #expect(page.contains("<option value=\"State-gov\">State-gov</option>"))
        // Links lead to the site by its whole base URL, the form still posts to predict.cgi.
        #expect(page.contains("<a href=\"/endpoints/income_classifier/\">income_classifier</a>"))
        #expect(page.contains("action=\"/cgi-bin/predict.cgi/income_classifier/predict\""))
        // The site's own form has none of it.
        let form = try site.read("public/endpoints/income_classifier/predict.html")
        #expect(!form.contains("field-error") && !form.contains("\u{1}") && form.contains("<h1>Try a prediction</h1>"))
    }

    /// A field's placeholders name it in hexadecimal, so any name (spaces, quotes, non-ASCII)
    /// makes one.
    @Test func fieldKeysSpellNamesInHexadecimal() {
        #expect(AnswerShell.fieldKey(.value, field: "age") == "value:616765")
        #expect(AnswerShell.fieldKey(.selected, field: "a b", category: "é") == "selected:612062:c3a9")
        #expect(AnswerShell.formFile("income_classifier") == "forms/income_classifier.html")
        #expect(AnswerShell.formFile("..") == nil && AnswerShell.formFile("a/b") == nil)
    }

    /// Served from predict.cgi's address, the pages link to the site by its whole base URL.
    @Test func aBaseURLWithAHostIsKeptWhole() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let (_, read) = try publish(site, base: "https://example.org/models/")
        let shell = try read(.job)
        #expect(shell.contains("href=\"https://example.org/models/assets/style.css\""))
        #expect(shell.contains("href=\"https://example.org/models/endpoints/\u{1}endpoint\u{1}/jobs.html\""))
    }

    /// An override of an answer template is used, and a broken one stops the build before the
    /// site or the answers are written.
    @Test func answerTemplatesAreOverridable() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try site.write("templates/answers/feedback.mustache", "<p class=\"ours\">{{feedback}}</p>\n")
        let (_, read) = try publish(site)
        #expect(try read(.feedbackRecorded).contains("<p class=\"ours\">\u{1}feedback\u{1}</p>"))

        try site.write("templates/answers/error.mustache", "{{#endpoint}}\n")
        #expect(throws: PublishingError.self) { try publish(site) }
        #expect(try read(.error).contains("<h1>"), "the previous answers stay")
    }
}
