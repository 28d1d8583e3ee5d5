import Foundation
import Testing

@testable import Publisher

@Suite struct BatchJobPageTests {
    @Test func uploadFormPostsAFileToTheJobsRouteAndWorksWithoutScript() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("endpoints/income_classifier/jobs.html")
        #expect(
            html.contains(
                "<form id=\"job-form\" class=\"job-form\" method=\"post\" enctype=\"multipart/form-data\" "
                    + "action=\"/cgi-bin/predict.cgi/income_classifier/jobs\">"))
        #expect(html.contains("<input id=\"job-file\" name=\"file\" type=\"file\" required"))
        #expect(html.contains("<input name=\"skip_invalid\" type=\"checkbox\">"))
        // The header line a file needs, in the schema's order.
        #expect(
            html.contains(
                "<code>age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,"
                    + "capital-gain,capital-loss,hours-per-week,native-country</code>"))
        // The status box starts hidden: without the script the form's own answer takes over.
        #expect(html.contains("<div id=\"job-status\" class=\"job-status\" aria-live=\"polite\" hidden>"))
        // The script is a file of the site (inline scripts break under `default-src 'self'`).
        #expect(!html.contains("<script>"))
        #expect(html.contains("<script src=\"/models/assets/jobs.js\" defer></script>"))
        let script = try built.page("assets/jobs.js")
        #expect(script.contains("headers: { Accept: \"application/json\" }"))
        #expect(script.contains("job.links.result_csv"))
    }

    @Test func endpointPageLinksToIt() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("endpoints/income_classifier/index.html")
        #expect(
            html.contains("<a href=\"/models/endpoints/income_classifier/jobs.html\">Batch predictions from a file</a>")
        )
        #expect(
            try built.page("sitemap.xml").contains(
                "<loc>https://example.org/models/endpoints/income_classifier/jobs.html</loc>"))
    }

    @Test func scriptIsWellFormedJavaScriptForNode() throws {
        // A syntax error would leave the page without its progress display; node checks it
        // (Debian's nodejs, which scripts/setup installs).
        let node = try #require(
            ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "node is not installed: run scripts/setup")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString).js")
        try Data(BatchJobPage.script.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["--check", file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
