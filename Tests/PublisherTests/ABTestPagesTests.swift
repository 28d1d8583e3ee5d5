import Foundation
import Registry
import Testing

@testable import Publisher

@Suite struct ABTestPagesTests {
    @Test func runningTestAppearsOnTheEndpointPageHistoryAndFeed() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        _ = try copy.registry.startABTest(
            endpoint: "income_classifier", a: ("random_forest", "1.0.0"), b: ("gradient_boosting", "1.0.0"),
            percentA: 80, title: "Boosting <vs> forest", by: "tester", note: "does boosting help?")
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let page = try site.read("public/endpoints/income_classifier/index.html")
        #expect(page.contains("<h2 id=\"ab-tests\">A/B tests</h2>"))
        #expect(page.contains("<td>Boosting &lt;vs&gt; forest</td>"))
        #expect(
            page.contains(
                "A: <a href=\"/endpoints/income_classifier/random_forest/1.0.0/\">random_forest@1.0.0</a> 80%"))
        #expect(page.contains("<td>running</td>"))
        #expect(page.contains("gradient_boosting@1.0.0: testing → ab_testing (A/B test 1)"))
        let feed = try site.read("public/feed.xml")
        #expect(feed.components(separatedBy: "<entry>").count - 1 == 8)
        #expect(feed.contains("<updated>2026-11-23T10:00:00Z</updated>"))
        let card = try site.read("public/endpoints/income_classifier/gradient_boosting/1.0.0/index.html")
        #expect(card.contains("status-ab_testing"))
    }
}
