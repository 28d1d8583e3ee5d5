import Foundation
import Testing

@testable import Publisher

@Suite struct PublisherTests {
    @Test func publishesIndexThroughLayout() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        var progress: [String] = []
        let summary = try Publisher(siteFolder: site.root).publish { progress.append($0) }
        #expect(summary.files == ["404.html", "SHA256SUMS", "assets/favicon.svg", "assets/style.css", "index.html"])
        #expect(
            progress == [
                "[1/12] read registry", "[2/12] render history (alongside)", "[3/12] write read API (alongside)",
                "[4/12] read evaluations", "[5/12] read pages", "[6/12] render pages", "[7/12] render endpoints",
                "[8/12] write sitemap", "[9/12] copy assets", "[10/12] replace control characters",
                "[11/12] write manifest", "[12/12] write site",
            ])
        let html = try site.read("public/index.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Home · Test site</title>"))
        #expect(html.contains("<h1 id=\"home\">Home</h1>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/assets/style.css\">"))
    }

    @Test func publishesTheRepositoryRegistryAsReadAPI() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let summary = try Publisher(siteFolder: site.root, root: repository).publish()
        #expect(
            summary.files.filter { $0.hasPrefix("api/") }
                == ["api/v1/abtests.json", "api/v1/endpoints.json", "api/v1/models.json", "api/v1/statuses.json"])
        let endpoints = try JSONSerialization.jsonObject(with: Data(try site.read("public/api/v1/endpoints.json").utf8))
        let names = (endpoints as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["income_classifier", "penguin_species", "penguin_body_mass"])
    }

    @Test func linksUseTheBasePath() throws {
        let site = try SiteFixture(config: "title = \"T\"\nbase_url = \"https://example.org/models\"\n")
        defer { site.remove() }
        try Publisher(siteFolder: site.root).publish()
        let html = try site.read("public/index.html")
        #expect(html.contains("href=\"/models/assets/style.css\""))
        #expect(html.contains("<a class=\"site-title\" href=\"/models/\">"))
    }

    @Test func deploymentURLsReplaceTheConfiguredOnes() throws {
        let site = try SiteFixture(config: "title = \"T\"\nbase_url = \"/\"\ncgi_url = \"/cgi-bin/predict.cgi/\"\n")
        defer { site.remove() }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        try Publisher(
            siteFolder: site.root, root: repository, baseURL: "/models", cgiURL: "https://api.example.org/predict.cgi"
        )
        .publish()
        let index = try site.read("public/index.html")
        #expect(index.contains("href=\"/models/assets/style.css\""))
        #expect(!index.contains("href=\"/assets/"))
        let form = try site.read("public/endpoints/income_classifier/predict.html")
        #expect(form.contains("action=\"https://api.example.org/predict.cgi/income_classifier/predict\""))
    }

    @Test func escapesConfigValues() throws {
        let site = try SiteFixture(config: "title = \"<script>x</script>\"\n")
        defer { site.remove() }
        try Publisher(siteFolder: site.root).publish()
        let html = try site.read("public/index.html")
        #expect(!html.contains("<script>x"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
    }

    @Test func publishingTwiceGivesIdenticalBytes() throws {
        let site = try SiteFixture(pages: ["index.md": "# Home\n", "about.md": "# About\n\n\"Hi\"\n"])
        defer { site.remove() }
        try Publisher(siteFolder: site.root).publish()
        let first = try site.read("public/index.html") + site.read("public/about.html")
        try Publisher(siteFolder: site.root).publish()
        #expect(try site.read("public/index.html") + site.read("public/about.html") == first)
    }

    @Test func templateOverrideAndAssetsAreUsed() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try site.write("templates/layout.mustache", "<main>{{{body}}}</main>{{title}}\n")
        try site.write("assets/img/logo.svg", "<svg/>")
        let summary = try Publisher(siteFolder: site.root).publish()
        #expect(try site.read("public/index.html") == "<main><h1 id=\"home\">Home</h1>\n<p>Hello.</p>\n</main>Home\n")
        #expect(summary.files.contains("assets/img/logo.svg"))
    }

    /// The body is spliced into the layout once when the layout places it raw, once; any other
    /// use of it (escaped, twice, in a section) renders exactly as the template says.
    @Test(arguments: [
        ("<main>{{{body}}}</main>", "<main><h1 id=\"home\">Home</h1>\n<p>Hello.</p>\n</main>"),
        (
            "<pre>{{body}}</pre>",
            "<pre>&lt;h1 id=&quot;home&quot;&gt;Home&lt;/h1&gt;\n&lt;p&gt;Hello.&lt;/p&gt;\n</pre>"
        ),
        (
            "{{{body}}}{{{body}}}",
            "<h1 id=\"home\">Home</h1>\n<p>Hello.</p>\n<h1 id=\"home\">Home</h1>\n<p>Hello.</p>\n"
        ),
        ("{{#body}}[{{{body}}}]{{/body}}", "[<h1 id=\"home\">Home</h1>\n<p>Hello.</p>\n]"),
        ("no body", "no body"),
    ])
    func layoutsPlaceTheBodyAsTheySay(layout: String, page: String) throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try site.write("templates/layout.mustache", layout)
        try Publisher(siteFolder: site.root).publish()
        #expect(try site.read("public/index.html") == page)
    }

    @Test func failedBuildLeavesPreviousSite() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root).publish()
        let before = try site.read("public/index.html")
        try site.write("templates/layout.mustache", "{{#broken}}\n")
        #expect(throws: PublishingError.self) { try Publisher(siteFolder: site.root).publish() }
        #expect(try site.read("public/index.html") == before)
    }

    @Test func missingIndexIsReported() throws {
        let site = try SiteFixture(pages: ["about.md": "# About\n"])
        defer { site.remove() }
        let error = try #require(throws: PublishingError.self) { try Publisher(siteFolder: site.root).publish() }
        #expect(error.description.hasPrefix("\(site.root.path): a site needs site.toml"))
        #expect(error.description.contains("the home page in Markdown; `<!-- endpoints -->` marks where"))
        #expect(error.description.contains("missing: pages/index.md. `modelpress new` writes starting ones"))
    }

    @Test(arguments: [
        ("title = 1\n", "'title' must be a string"),
        ("description = \"x\"\n", "'title' is required"),
        ("title = \"t\"\ncolour = \"red\"\n", "unknown key 'colour'"),
        ("title = \n", "site.toml:1: "),
    ])
    func reportsBadConfig(config: String, message: String) throws {
        let site = try SiteFixture(config: config)
        defer { site.remove() }
        let error = try #require(throws: PublishingError.self) { try Publisher(siteFolder: site.root).publish() }
        #expect(error.description.contains(message), "\(error.description)")
    }
}
