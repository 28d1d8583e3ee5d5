import Foundation
import Testing

@testable import Publisher

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct SitePagesTests {
    @Test func indexListsEndpoints() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("index.html")
        #expect(html.contains("<h1 id=\"home\">Home</h1>"))
        #expect(html.contains("<a href=\"/models/endpoints/income_classifier/\">income_classifier</a>"))
        #expect(html.contains("in production: random_forest@1.0.0"))
    }

    @Test func endpointListGoesWhereTheAuthorMarkedIt() throws {
        let site = try SiteFixture(pages: ["index.md": "# Home\n\nBefore.\n\n<!-- endpoints -->\n\nAfter.\n"])
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: RepositorySite.repository).publish()
        let html = try site.read("public/index.html")
        let list = try #require(html.range(of: "<h2 id=\"all-endpoints\">"))
        let before = try #require(html.range(of: "<p>Before.</p>"))
        let after = try #require(html.range(of: "<p>After.</p>"))
        #expect(before.lowerBound < list.lowerBound && list.lowerBound < after.lowerBound)
        #expect(!html.contains("<!-- endpoints -->"))
    }

    @Test func endpointPageHoldsVersionsMetricsAndTimeline() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("endpoints/income_classifier/index.html")
        #expect(html.contains("<dt>Owner</dt><dd>research team</dd>"))
        #expect(
            html.contains(
                "<a href=\"/models/endpoints/income_classifier/random_forest/1.0.0/\">random_forest@1.0.0</a> since"))
        #expect(html.contains("0.865 <span class=\"ci\">[0.860, 0.870]</span>"))
        #expect(html.contains("0.916 <span class=\"ci\">[0.912, 0.921]</span>"))
        #expect(html.contains("random_forest@1.0.0: staging → production"))
        #expect(html.contains("reviewed evaluation report and slices"))
        #expect(html.contains("href=\"/models/endpoints/income_classifier/predict.html\""))
        #expect(html.contains("<h2 id=\"comparison\">Comparison</h2>"))
        #expect(
            html.contains(
                "<desc id=\"trend-accuracy-desc\">In registration order: random_forest@1.0.0 0.865, "
                    + "extra_trees@1.0.0 0.858, gradient_boosting@1.0.0 0.872, gradient_boosting@1.1.0 0.872, "
                    + "random_forest@1.1.0 0.865, gradient_boosting@1.2.0 0.872, "
                    + "gradient_boosting@1.3.0 0.873, gradient_boosting@1.4.0 0.872, "
                    + "gradient_boosting@1.5.0 0.872.</desc>"))
        // The best ROC AUC, bold: gradient_boosting@1.5.0's (0.92688 against 1.4.0's 0.92682).
        #expect(
            html.contains(
                "<strong><span class=\"estimate\">0.927 <span class=\"ci\">[0.923, 0.931]</span></span></strong>"))
        for model in ["extra_trees", "gradient_boosting", "random_forest"] {
            #expect(html.contains("/models/endpoints/income_classifier/\(model)/1.0.0/"))
        }
        let sparklines = html.components(separatedBy: "<svg ").dropFirst().map {
            "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>"
        }
        #expect(sparklines.count == 12)
        for svg in sparklines { #expect(XMLParser(data: Data(svg.utf8)).parse(), "not well-formed: \(svg)") }
    }
}

@Suite struct PredictionFormTests {
    @Test func formIsGeneratedFromTheSchemaAndPostsToTheCGI() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("endpoints/income_classifier/predict.html")
        #expect(
            html.contains(
                "<form class=\"prediction-form\" method=\"post\" enctype=\"application/x-www-form-urlencoded\" "
                    + "action=\"/cgi-bin/predict.cgi/income_classifier/predict\">"))
        #expect(
            html.contains(
                "<input id=\"field-age\" name=\"age\" type=\"number\" inputmode=\"decimal\" required min=\"0\" "
                    + "max=\"120\" step=\"1\">"))
        // workclass may be missing (income_classifier's definition marks it nullable).
        #expect(html.contains("<label for=\"field-workclass\">workclass (may be left empty)</label>"))
        #expect(html.contains("<select id=\"field-workclass\" name=\"workclass\">"))
        #expect(html.contains("<select id=\"field-education\" name=\"education\" required>"))
        #expect(html.contains("<option value=\"Self-emp-not-inc\">Self-emp-not-inc</option>"))
        // A label per field, and the "Explain this prediction" box's.
        #expect(html.components(separatedBy: "<label for=").count - 1 == 15)
        #expect(html.contains("<input id=\"explain\" name=\"explain\" type=\"checkbox\" value=\"true\">"))
        #expect(!html.contains("<script"))
    }

    @Test func controlsEscapeNamesAndChooseSteps() throws {
        let select = try PredictionFormPage.control(for: .categorical("a\"b", ["<x>"]))
        #expect(select.contains("name=\"a&quot;b\""))
        #expect(select.contains("<option value=\"&lt;x&gt;\">&lt;x&gt;</option>"))
        #expect(try PredictionFormPage.control(for: .numeric("r", minimum: 0, maximum: 1.5)).contains("step=\"any\""))
        #expect(try PredictionFormPage.control(for: .numeric("u")).contains("step=\"any\""))
    }

    /// Categories that differ only in spaces look different in the dropdown, quoted as the
    /// error messages quote them, while the value sent stays exact (trial14 B4: `basic` and
    /// `basic ` were two options that read the same).
    @Test func categoriesThatDifferInSpacesLookDifferent() throws {
        let select = try PredictionFormPage.control(for: .categorical("plan", ["basic", "basic ", "pro", " pro"]))
        #expect(select.contains("<option value=\"basic\">basic</option>"))
        #expect(select.contains("<option value=\"basic \">&#39;basic &#39;</option>"))
        #expect(select.contains("<option value=\"pro\">pro</option>"))
        #expect(select.contains("<option value=\" pro\">&#39; pro&#39;</option>"))
    }

    /// The committed income reports list their age bands as text (`<25` last); the card shows
    /// them by number.
    @Test func cardsShowAgeBandsInNumericOrder() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let card = try built.page("endpoints/income_classifier/random_forest/1.0.0/index.html")
        let bands = ["&lt;25", "25-34", "35-44", "45-54", "55-64", "65+"].map { card.range(of: "<tr><td>\($0)</td>") }
        let places = try bands.map { try #require($0).lowerBound }
        #expect(places == places.sorted())
    }

    /// HTML ids may not hold spaces and must be unique; the label points at its own input.
    @Test func fieldIdsAreValidUniqueAndStable() throws {
        let names = ["Âge ans", "port; of embarkation", "Fare (£)", "fare", "age", "education-num", "bill_length_mm"]
        let fields = PredictionFormPage.fields(names.map { .numeric($0) })
        let ids = fields.compactMap { $0["id"] as? String }
        #expect(
            ids == [
                "field-âge-ans", "field-port-of-embarkation", "field-fare", "field-fare-1", "field-age",
                "field-education-num", "field-bill_length_mm",
            ])
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { !$0.contains(where: \.isWhitespace) })
        #expect(PredictionFormPage.fields(names.map { .numeric($0) }).compactMap { $0["id"] as? String } == ids)
        let control = try PredictionFormPage.control(for: .numeric("port; of embarkation"))
        #expect(control.contains("<label for=\"field-port-of-embarkation\">port; of embarkation</label>"))
        #expect(control.contains("<input id=\"field-port-of-embarkation\" name=\"port; of embarkation\""))
    }
}

@Suite struct HistoryFeedSitemapTests {
    @Test func historyListsEveryEventWithItsEndpoint() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("history.html")
        for seq in 1...6 { #expect(html.contains("<li id=\"event-\(seq)\">")) }
        #expect(html.contains("<a href=\"/models/endpoints/income_classifier/\">income_classifier</a>"))
        #expect(html.contains("href=\"/models/feed.xml\""))
    }

    /// The history's timeline and the Atom feed link every event to the same page: an A/B
    /// test's status changes to its report, an endpoint's creation to the endpoint's page.
    @Test func historyAndFeedLinkEveryEventToTheSamePage() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        func matches(_ pattern: String, in text: String) throws -> [[String]] {
            let expression = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            let range = NSRange(text.startIndex..., in: text)
            return expression.matches(in: text, range: range).map { match in
                (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
            }
        }
        var timeline: [String: String] = [:]
        for item in try matches("<li id=\"event-(\\d+)\">(.*?)</li>", in: try built.page("history.html")) {
            timeline[item[0]] = try matches("href=\"([^\"]*)\"", in: item[1]).last?.first
        }
        var feed: [String: String] = [:]
        let entries = try matches(
            "<entry>.*?#event-(\\d+)</id>.*?<link rel=\"alternate\" type=\"text/html\" href=\"([^\"]*)\"/>",
            in: try built.page("feed.xml"))
        for entry in entries { feed[entry[0]] = entry[1] }
        #expect(!feed.isEmpty)
        #expect(feed == timeline.mapValues { "https://example.org" + $0 })
        #expect(timeline["1"] == "/models/endpoints/income_classifier/")
        #expect(timeline["8"] == "/models/ab-tests/income_classifier/1/")
    }

    @Test func feedIsWellFormedAtomWithOneEntryPerEvent() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let xml = try built.page("feed.xml")
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse())
        // One entry per file of the committed event log, the newest event's time as the feed's.
        let folder = RepositorySite.repository.appendingPathComponent("research/registry/events")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        let events = try files.map {
            try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent($0)))
                    as? [String: Any])
        }
        let newest = try #require(
            events.max {
                ($0["at"] as? String ?? "", $0["tick"] as? Int ?? 0) < (
                    $1["at"] as? String ?? "", $1["tick"] as? Int ?? 0
                )
            })
        let at = try #require(newest["at"] as? String)
        let id = try #require(newest["id"] as? String)
        #expect(xml.components(separatedBy: "<entry>").count - 1 == files.count)
        #expect(xml.contains("<id>https://example.org/models/history.html#event-\(id)</id>"))
        #expect(xml.contains("<updated>\(at)</updated>"))
        #expect(xml.contains("href=\"https://example.org/models/endpoints/income_classifier/random_forest/1.0.0/\""))
    }

    @Test func sitemapHoldsAbsoluteURLsOfEveryPage() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let xml = try built.page("sitemap.xml")
        #expect(XMLParser(data: Data(xml.utf8)).parse())
        for path in [
            "", "history.html", "endpoints/income_classifier/", "endpoints/income_classifier/predict.html",
            "endpoints/income_classifier/random_forest/1.0.0/",
        ] {
            #expect(xml.contains("<loc>https://example.org/models/\(path)</loc>"), "missing \(path)")
        }
        #expect(!xml.contains("404"))
        #expect(try built.page("404.html").contains("<h1>Page not found</h1>"))
    }
}
