import Foundation
import Templates
import Testing

@testable import Publisher

/// The model card is a list of section partials: replacing one changes that section of every
/// card and nothing else; so does replacing a page, and an ejected theme changes nothing.
@Suite struct CardSectionOverrideTests {
    static let card = "public/endpoints/income_classifier/random_forest/1.0.0/index.html"

    /// The repository's site published with the default theme, and again from a second site
    /// folder after `change` has been made to it.
    struct TwoSites {
        let copy: CopiedRepository
        let defaults: SiteFixture
        let changed: SiteFixture
        let files: [String]

        init(_ change: (SiteFixture) throws -> Void) throws {
            copy = try CopiedRepository()
            defaults = try SiteFixture()
            changed = try SiteFixture()
            files = try Publisher(siteFolder: defaults.root, root: copy.root).publish().files
            try change(changed)
            try Publisher(siteFolder: changed.root, root: copy.root).publish()
        }

        /// The published files whose bytes differ.
        func differing() throws -> [String] {
            try files.filter { try defaults.read("public/" + $0) != changed.read("public/" + $0) }
        }

        func remove() {
            copy.remove()
            defaults.remove()
            changed.remove()
        }
    }

    @Test func overridingTheEvaluationPartialChangesOnlyThatSection() throws {
        let sites = try TwoSites { site in
            try site.write(
                "templates/partials/card/evaluation.mustache",
                "<h2 id=\"evaluation\">Scores</h2>\n{{#evaluation}}{{#parts}}<p>{{anchor}}: {{heading}}</p>\n{{/parts}}{{/evaluation}}"
            )
        }
        defer { sites.remove() }
        let before = try sites.defaults.read(Self.card)
        let start = try #require(before.range(of: "<h2 id=\"evaluation\">"))
        let end = try #require(before.range(of: "<h2 id=\"history\">"))
        let section =
            "<h2 id=\"evaluation\">Scores</h2>\n<p>metrics: Headline metrics</p>\n"
            + "<p>confusion: Confusion matrix</p>\n<p>charts: Charts</p>\n"
            + "<p>slices: Sliced and intersectional metrics</p>\n<p>importance: Feature importance</p>\n"
        let expected = String(before[..<start.lowerBound]) + section + String(before[end.lowerBound...])
        #expect(try sites.changed.read(Self.card) == expected)
        // Only model cards (and the manifest of hashes) use the card's partials.
        #expect(
            try sites.differing().allSatisfy {
                try $0 == "SHA256SUMS" || sites.changed.read("public/" + $0).contains("Scores</h2>")
            })
    }

    /// Overriding a page template changes that page and the manifest that lists its hash.
    @Test func overridingAPageChangesOnlyThatPage() throws {
        let sites = try TwoSites { try $0.write("templates/history.mustache", "<h1>Our history</h1>\n") }
        defer { sites.remove() }
        #expect(try sites.differing().sorted() == ["SHA256SUMS", "history.html"])
    }

    /// The whole default theme ejected into site/templates/ publishes the same site, byte for byte.
    @Test func anEjectedThemePublishesTheSameSite() throws {
        let sites = try TwoSites { _ = try Theme.eject([], into: $0.root.appendingPathComponent("templates")) }
        defer { sites.remove() }
        #expect(try sites.differing().isEmpty)
    }

    /// An empty partial leaves its section out.
    @Test func anEmptySectionPartialLeavesTheSectionOut() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let site = try SiteFixture()
        defer { site.remove() }
        try site.write("templates/partials/card/reproducibility.mustache", "")
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let card = try site.read(Self.card)
        #expect(!card.contains("<h2 id=\"reproducibility\">"))
        #expect(card.contains("<h2 id=\"history\">") && card.contains("<h2 id=\"evaluation\">Evaluation</h2>"))
    }
}
