import Evaluation
import Foundation
import Testing

@testable import Publisher

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ModelCardTests {
    @Test func cardHoldsAuthoredAndGeneratedFacts() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("endpoints/income_classifier/random_forest/1.0.0/index.html")
        for fact in [
            "<h1>random_forest@1.0.0</h1>", "<dt>License</dt>", "<h3 id=\"intended-use\">Intended use</h3>",
            "<h3 id=\"out-of-scope-uses\">Out-of-scope uses</h3>", "<h3 id=\"limitations\">Limitations</h3>",
            "<h3 id=\"ethical-considerations\">Ethical considerations</h3>", "Becker, B. and Kohavi, R. (1996)",
            "<code>trees = 100</code>", "<dt>Seed</dt><dd><code>42</code></dd>",
            "0d6968b79f39e459807d496afa1cd28ebd8352f9eae5528cfffa86b3fbba41af", "1,304,752 bytes",
            "<td>accuracy</td><td>0.865</td><td>[0.860, 0.870]</td><td>wilson</td>",
            "<td>11,703 (TN)</td>", "<caption>By sex × race</caption>", "Equal-opportunity gap (TPR)",
            "<td>relationship</td>", "testing → staging", "reviewed evaluation report and slices",
            "sha256sum -c", "<h3 id=\"card-overview\">Overview</h3>",
        ] {
            #expect(html.contains(fact), "missing: \(fact)")
        }
    }

    /// Categories that differ only in surrounding spaces are told apart in a slice table and
    /// its gaps as the form and the error messages tell them apart (trial15: `basic` and
    /// `basic ` were two rows both reading "basic").
    @Test func sliceGroupsDifferingOnlyInSpacesAreQuoted() throws {
        let plans = (0..<120).map { ["basic", "basic ", "pro"][$0 % 3] }
        let data = try ScoredLabels(
            labels: plans.indices.map { $0 % 2 == 0 }, scores: plans.indices.map { Double($0 % 7) / 7 })
        let breakdown = try SliceBreakdown.compute(
            data, columns: GroupColumns(values: ["plan": plans]), fields: ["plan"], threshold: 0.5,
            bootstrap: BootstrapSettings(resamples: 10))
        let table = ModelCardPage.sliceTable(breakdown)
        #expect(table.contains("<td>basic</td>") && table.contains("<td>&#39;basic &#39;</td>"), "\(table)")
        #expect(table.contains("<td>pro</td>"))
        #expect(!table.contains("<td>basic </td>"))
        let gaps = try #require(table.components(separatedBy: "<ul class=\"gaps\">").last)
        #expect(!gaps.contains(" basic  ("), "\(gaps)")
    }

    /// A report written before mean |SHAP| was stored: the card says so and names the command.
    /// (The committed reports were regenerated with it, so the report here is one without.)
    @Test func cardsOfReportsWithoutMeanAbsoluteSHAPSayItIsNotComputedAndHow() throws {
        var report = try TaskRepository.multiclass("random_forest", skill: 0.9)
        report.importances.shap = nil
        let repository = try TaskRepository(labelValues: TaskRepository.classes, reports: ["random_forest": report])
        defer { repository.remove() }
        let site = try repository.publish()
        defer { site.remove() }
        let html = try site.read("public/" + TaskCardTests.card + "index.html")
        #expect(
            html.contains(
                "<p>Mean |SHAP|: not computed (the evaluation report predates it). <code>modelpress explain "
                    + "income_classifier/random_forest@1.0.0 --test-sample 200</code> computes it"))
    }

    @Test func versionsWithoutACardSayHowToWriteOne() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("endpoints/income_classifier/extra_trees/1.0.0/index.html")
        #expect(html.contains("No card has been written for this model yet"))
        #expect(html.contains("<td>accuracy</td><td>0.858</td>"))
    }

    @Test func chartsAreWellFormedAccessibleSVG() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let html = try built.page("endpoints/income_classifier/random_forest/1.0.0/index.html")
        let charts = html.components(separatedBy: "<svg ").dropFirst().map {
            "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>"
        }
        #expect(charts.count == 6)
        for svg in charts {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "not well-formed: \(svg.prefix(200))")
            #expect(svg.contains("role=\"img\""))
            #expect(svg.contains("<title id=") && svg.contains("<desc id="))
        }
        for label in ["False-positive rate", "Recall", "Mean predicted score", "Predicted", "Score", "Importance"] {
            #expect(html.contains(">\(label)</text>"), "missing axis label \(label)")
        }
        // No empty label (the importance bars name their rows), and the confusion matrix names
        // the classes, negative then positive (trial28 #12).
        #expect(!html.contains("\"></text>"))
        #expect(html.contains(">&lt;=50K</text>") && html.contains(">actual &gt;50K</text>"))
        #expect(html.contains("<th scope=\"col\">Predicted negative <code>&lt;=50K</code></th>"))
        #expect(html.contains("<th scope=\"row\">Actual positive <code>&gt;50K</code></th>"))
    }

    @Test(
        arguments: [
            ("---\nowners:\n  - a\n  - b\nlicense: MIT\n---\n# Hi\n", ["a", "b"], "MIT", "# Hi\n"),
            ("No front matter.\n", [], nil, "No front matter.\n"),
            ("---\nlicense: \"CC BY 4.0\"\n# a comment\n\n---\n", [], "CC BY 4.0", ""),
        ] as [(String, [String], String?, String)])
    func parsesFrontMatter(text: String, owners: [String], license: String?, prose: String) throws {
        let card = try CardDocument.parse(text, file: "card.md")
        #expect(card.owners == owners)
        #expect(card.license == license)
        #expect(card.prose == prose)
    }

    @Test(arguments: [
        ("---\ncolour: blue\n---\n", "card.md:2: unknown key 'colour'"),
        ("---\n  - stray\n---\n", "card.md:2: a list item must follow"),
        ("---\nlicense: MIT\n", "card.md:1: the front matter opened here has no closing '---'"),
        ("---\nlicense: MIT\nlicense: BSD\n---\n", "card.md:3: 'license' is given twice"),
    ])
    func rejectsBadFrontMatterWithItsLine(text: String, message: String) throws {
        let error = try #require(throws: PublishingError.self) { try CardDocument.parse(text, file: "card.md") }
        #expect(error.description.hasPrefix(message), "\(error.description)")
    }
}
