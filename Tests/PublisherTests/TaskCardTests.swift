import Evaluation
import Foundation
import Models
import Testing

@testable import Publisher

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Cards, endpoint pages and exports of multiclass and regression endpoints, from synthetic
/// reports published through the whole site build.
@Suite struct TaskCardTests {
    static let card = "endpoints/income_classifier/random_forest/1.0.0/"
    static let multiclassHeadline = [
        "accuracy", "balanced_accuracy", "macro_f1", "weighted_f1", "log_loss", "macro_roc_auc",
    ]
    static let regressionHeadline = ["mae", "rmse", "r2", "median_absolute_error", "mape"]

    @Test func multiclassCardShowsEveryMetricTableAndChart() throws {
        let repository = try TaskRepository(
            labelValues: TaskRepository.classes,
            reports: [
                "random_forest": try TaskRepository.multiclass("random_forest", skill: 0.9),
                "extra_trees": try TaskRepository.multiclass("extra_trees", skill: 0.5),
            ])
        defer { repository.remove() }
        let site = try repository.publish()
        defer { site.remove() }
        let html = try site.read("public/" + Self.card + "index.html")
        for name in Self.multiclassHeadline {
            #expect(html.contains("<td>\(name)</td><td>0."), "missing metric \(name)")
        }
        for fact in [
            "<h3 id=\"per-class\">Per class</h3>", "<th scope=\"col\">ROC AUC (one vs rest)</th>",
            "<td>Chinstrap</td>", "<caption>Rows are the actual class, columns the predicted one</caption>",
            "<caption>By island</caption>",
            "Accuracy gap: <strong>0.350</strong> between Torgersen (highest, 40 of 40) and Biscoe (lowest, 26 of 40)",
            "so is a group with fewer than 30 rows of a class from that class's recall gap",
            "<td>flipper_length_mm</td>", "3 classes; each row is predicted its most probable class",
            "Mean absolute TreeSHAP contribution to the raw score (score before the softmax), summed over the classes "
                + "over 120 test rows (seed 7)",
            "<th scope=\"col\">Mean |SHAP|</th>",
        ] {
            #expect(html.contains(fact), "missing: \(fact)")
        }
        // No island has 30 test rows of any one class: no class's recall gap rests on them (trial26 #5).
        #expect(!html.contains("Recall gap of"))
        let charts = try Self.wellFormedCharts(html)
        #expect(charts.count == 5)
        for title in [
            "Confusion matrix", "Precision and recall per class", "One-vs-rest ROC curves", "Top-label calibration",
        ] {
            #expect(charts.contains { $0.contains(">\(title)</title>") }, "missing chart \(title)")
        }
        let roc = try #require(charts.first { $0.contains(">One-vs-rest ROC curves</title>") })
        #expect(roc.components(separatedBy: "<polyline").count == 4, "one line per class")
        let heatMap = try #require(charts.first { $0.contains(">Confusion matrix</title>") })
        #expect(heatMap.components(separatedBy: "<rect class=\"cell").count == 10, "a 3 × 3 heat map")
        #expect(heatMap.contains(">actual Gentoo</text>"))
        Self.expectNoUnprintableNumbers(html)

        let endpoint = try site.read("public/endpoints/income_classifier/index.html")
        #expect(endpoint.contains("<th scope=\"col\">Macro F1 (95% CI)</th>"))
        #expect(endpoint.contains("<h2 id=\"comparison\">Comparison</h2>"))
        #expect(endpoint.contains("<td>macro_roc_auc</td>"))
        #expect(endpoint.contains("<title id=\"trend-macro_f1-title\">"))
        Self.expectNoUnprintableNumbers(endpoint)
        try Self.expectTaskExports(
            site, tag: "tabular-classification",
            answer: "(one of <code>Adelie</code>, <code>Chinstrap</code> or <code>Gentoo</code>)",
            metrics: Self.multiclassHeadline)
        let metrics = try Self.cardMetrics(site)
        #expect(metrics.contains { $0["type"] as? String == "macro_f1" && $0["slice"] as? String == "island = Dream" })
    }

    @Test func versionsOnOtherDataAreNotedAndTinyClassesFlagged() throws {
        var other = try TaskRepository.multiclass("extra_trees", skill: 0.5)
        other.dataset.path = "research/data/penguins/other.csv"
        other.dataset.sha256 = "00"
        var tiny = try TaskRepository.multiclass("random_forest", skill: 0.9)
        var results = try #require(tiny.multiclass)
        results.metrics.perClass[1].support = 3
        tiny.results = .multiclass(results)
        let repository = try TaskRepository(
            labelValues: TaskRepository.classes, reports: ["random_forest": tiny, "extra_trees": other])
        defer { repository.remove() }
        let site = try repository.publish()
        defer { site.remove() }
        let endpoint = try site.read("public/endpoints/income_classifier/index.html")
        let note = try #require(endpoint.components(separatedBy: "<p class=\"note\">Note: ").dropFirst().first)
        let expected: String =
            "the versions were measured on 2 different sets of test rows: extra_trees@1.0.0 on test file "
            + "research/data/penguins/other.csv (120 rows); random_forest@1.0.0 on test file "
            + "\(tiny.dataset.path) (120 rows). Bold marks the best among the versions measured on the same "
            + "rows as random_forest@1.0.0 (production); extra_trees@1.0.0 was measured on other rows, so its "
            + "metrics are not comparable with those and never bold.</p>"
        #expect(note.hasPrefix(expected), "\(note)")
        // One note: the data and the bolding are never said twice (trial21 #5).
        #expect(endpoint.components(separatedBy: "<p class=\"note\">").count == 2)
        // The versions table's own notes say what the card says beside the tiny version's figures.
        #expect(
            endpoint.contains(
                "<p class=\"note version-note\"><a href=\"/endpoints/income_classifier/random_forest/1.0.0/\">"
                    + "random_forest@1.0.0</a>: macro_f1 and balanced_accuracy weigh each class alike"),
            "\(endpoint)")

        let card = try site.read("public/" + Self.card + "index.html")
        let row = try #require(
            card.components(separatedBy: "<tr><td>Chinstrap</td>").dropFirst().first?.prefix { $0 != "\n" })
        #expect(row.hasPrefix("<td>3</td>"))
        #expect(!row.contains("class=\"ci\""), "a class of 3 rows gets no intervals: \(row)")
        #expect(row.contains("<span class=\"flag\">too small</span>: 3 test rows, fewer than 10"))
        let adelie = try #require(
            card.components(separatedBy: "<tr><td>Adelie</td>").dropFirst().first?.prefix { $0 != "\n" })
        #expect(adelie.contains("class=\"ci\""))
        #expect(tiny.summary().contains("n=3      f1 "))
        #expect(tiny.summary().contains("[too small: 3 test rows, fewer than 10]"))
        #expect(!other.summary().contains("too small: "))
    }

    /// A version measured on other test rows than production's is shown but never bold, even
    /// when its numbers are the best, and a note names it; the best of production's rows is bold.
    @Test func onlyVersionsOnProductionsTestRowsAreBold() throws {
        var elsewhere = try TaskRepository.multiclass("extra_trees", skill: 0.95)
        elsewhere.dataset.sha256 = "00"
        let repository = try TaskRepository(
            labelValues: TaskRepository.classes,
            reports: [
                "random_forest": try TaskRepository.multiclass("random_forest", skill: 0.5),
                "gradient_boosting": try TaskRepository.multiclass("gradient_boosting", skill: 0.8),
                "extra_trees": elsewhere,
            ])
        defer { repository.remove() }
        let site = try repository.publish()
        defer { site.remove() }
        let endpoint = try site.read("public/endpoints/income_classifier/index.html")
        let row = try #require(
            endpoint.components(separatedBy: "<tr><td>log_loss</td>").dropFirst().first?.prefix { $0 != "\n" })
        // Columns in version order: extra_trees, gradient_boosting, random_forest; the more
        // skill, the lower the log loss (accuracy does not depend on it here).
        let cells = row.components(separatedBy: "</td>").dropLast().map {
            $0.replacingOccurrences(of: "<td>", with: "")
        }
        #expect(cells.count >= 3)
        #expect(!cells[0].contains("<strong>"), "extra_trees, on other rows, is never bold: \(cells[0])")
        #expect(cells[1].hasPrefix("<strong>"), "gradient_boosting, the best on production's rows: \(cells[1])")
        #expect(!cells[2].contains("<strong>"))
        // The same path with other bytes: each group names its digest.
        let expected: String =
            "<p class=\"note\">Note: the versions were measured on 2 different sets of test rows: "
            + "extra_trees@1.0.0 on test file research/data/penguins/penguins.csv (SHA-256 00, 120 rows); "
            + "gradient_boosting@1.0.0, random_forest@1.0.0 on test file research/data/penguins/penguins.csv "
            + "(SHA-256 ab12, 120 rows). Bold marks the best among the versions measured on the same rows as "
            + "random_forest@1.0.0 (production); extra_trees@1.0.0 was measured on other rows, so its metrics "
            + "are not comparable with those and never bold.</p>"
        #expect(endpoint.contains(expected))
    }

    @Test func regressionCardShowsErrorsScatterAndResiduals() throws {
        let repository = try TaskRepository(
            labelValues: [],
            reports: [
                "random_forest": try TaskRepository.regression("random_forest", error: 120),
                "extra_trees": try TaskRepository.regression("extra_trees", error: 300, zeroTarget: true),
            ])
        defer { repository.remove() }
        let site = try repository.publish()
        defer { site.remove() }
        let html = try site.read("public/" + Self.card + "index.html")
        for name in Self.regressionHeadline {
            #expect(html.contains("<td>\(name)</td><td>"), "missing metric \(name)")
        }
        for fact in ["<caption>By island</caption>", "MAE gap: <strong>", "<th scope=\"col\">R²</th>"] {
            #expect(html.contains(fact), "missing: \(fact)")
        }
        let charts = try Self.wellFormedCharts(html)
        #expect(charts.count == 2)
        let scatter = try #require(charts.first { $0.contains(">Predicted against actual</title>") })
        #expect(scatter.components(separatedBy: "<circle").count == 91, "a dot per row")
        #expect(scatter.contains("<line class=\"reference\""), "the diagonal")
        #expect(charts.contains { $0.contains(">Residual distribution</title>") })
        Self.expectNoUnprintableNumbers(html)

        let other = try site.read("public/endpoints/income_classifier/extra_trees/1.0.0/index.html")
        #expect(other.contains("<td>mape</td><td>—</td><td>—</td><td>none (row 7 has target 0"))
        Self.expectNoUnprintableNumbers(other)

        let endpoint = try site.read("public/endpoints/income_classifier/index.html")
        #expect(endpoint.contains("<th scope=\"col\">MAE (95% CI)</th><th scope=\"col\">R² (95% CI)</th>"))
        #expect(endpoint.contains("<td>median_absolute_error</td>"))
        // Smaller errors are better: the version with the smaller MAE is in bold.
        let maeRow = try #require(endpoint.components(separatedBy: "<td>mae</td>").dropFirst().first)
        let cells = maeRow.components(separatedBy: "</tr>")[0].components(separatedBy: "<td>")
        #expect(cells.count > 2 && !cells[1].contains("<strong>") && cells[2].contains("<strong>"))
        Self.expectNoUnprintableNumbers(endpoint)
        try Self.expectTaskExports(
            site, tag: "tabular-regression", answer: "(a number).",
            metrics: Self.regressionHeadline)
        #expect(try site.read("public/" + Self.card + "README.md").contains("name: Tabular Regression\n"))
        let metrics = try Self.cardMetrics(site)
        #expect(metrics.contains { $0["type"] as? String == "mae" && $0["slice"] as? String == "island = Biscoe" })
    }

    @Test func fieldsThatMayBeMissingMayBeLeftEmptyInTheForm() throws {
        let sex = try PredictionFormPage.control(
            for: Field(name: "sex", kind: .categorical, categories: ["female", "male"], nullable: true))
        #expect(sex.contains("<label for=\"field-sex\">sex (may be left empty)</label>"))
        #expect(sex.contains("<select id=\"field-sex\" name=\"sex\">\n<option value=\"\">missing</option>"))
        let depth = try PredictionFormPage.control(for: Field(name: "bill_depth_mm", kind: .numeric, nullable: true))
        #expect(!depth.contains("required"))
        let required = try PredictionFormPage.control(for: .numeric("flipper_length_mm"))
        #expect(required.contains(" required"))
    }

    @Test func ticksCoverAnyRangeWithRoundSteps() {
        #expect(SVGChart.ticks(from: 2_712, to: 6_288) == [2_000, 3_000, 4_000, 5_000, 6_000, 7_000])
        let small = SVGChart.ticks(from: -0.37, to: 0.41)
        #expect(small.count == 6 && zip(small, [-0.4, -0.2, 0, 0.2, 0.4, 0.6]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(SVGChart.ticks(from: 5, to: 5) == [4, 6])
    }

    /// trial28 #12: a price axis read `500000 1000000 1500000`; from 10,000 on, ticks take the
    /// short form (SI prefixes), below it they stay as they were.
    @Test func largeTicksAreShortened() {
        let labels = [0, 2_000, 9_000, 10_000, 250_000, 1_000_000, 1_500_000, -50_000, 3e9].map(SVGChart.label)
        #expect(labels == ["0", "2000", "9000", "10k", "250k", "1M", "1.5M", "-50k", "3G"])
        #expect([0.25, 0.0005, 1.5].map(SVGChart.label) == ["0.25", "0.0005", "1.50"])
    }

    /// trial28 #12: a price's metrics were printed with three decimals (`18766.464`); on the
    /// pages, figures keep 3 decimals below 100 and lose one per digit above, thousands grouped.
    @Test func pagesShowLargeFiguresWithoutSpuriousDecimals() {
        let figures = [0.8531, 12.34567, 123.4567, 1234.567, 18_766.4645, -233_623.7167].map { HTML.figure($0) }
        #expect(figures == ["0.853", "12.346", "123.46", "1234.6", "18,766", "-233,624"])
        #expect(HTML.figure(nil) == "—" && HTML.figure(.nan) == "—")
        #expect(HTML.figure(136_920.1723, decimals: 4) == "136,920")
        #expect(HTML.figure(12_345.678, decimals: 4) == "12,345.7")
    }

    /// Every inline chart of `html`, each checked to be well-formed, accessible SVG.
    static func wellFormedCharts(_ html: String) throws -> [String] {
        let charts = html.components(separatedBy: "<svg ").dropFirst().map {
            "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>"
        }
        for svg in charts {
            #expect(XMLParser(data: Data(svg.utf8)).parse(), "not well-formed: \(svg.prefix(200))")
            #expect(svg.contains("role=\"img\"") && svg.contains("<title id=") && svg.contains("<desc id="))
        }
        return charts
    }

    /// No number on the page is printed as NaN or infinity.
    static func expectNoUnprintableNumbers(_ text: String) {
        for word in ["nan", "NaN", "inf"] {
            #expect(!text.contains("\"\(word)") && !text.contains(" \(word)") && !text.contains(">\(word)"))
        }
    }

    /// The form's answer for the task, and the Hugging Face task and every headline metric in
    /// both exports of the card.
    static func expectTaskExports(_ site: SiteFixture, tag: String, answer: String, metrics names: [String]) throws {
        #expect(try site.read("public/endpoints/income_classifier/predict.html").contains(answer))
        let readme = try site.read("public/" + card + "README.md")
        #expect(readme.contains("tags:\n- \(tag)\n"))
        #expect(readme.contains("  - task:\n      type: \(tag)\n"))
        let metrics = try cardMetrics(site)
        for name in names {
            #expect(readme.contains("    - type: \(name)\n"), "README.md lacks \(name)")
            #expect(metrics.contains { $0["type"] as? String == name && $0["slice"] == nil }, "card.json lacks \(name)")
        }
    }

    static func cardMetrics(_ site: SiteFixture) throws -> [[String: Any]] {
        let json = try site.read("public/" + card + "card.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let analysis = try #require(object["quantitative_analysis"] as? [String: Any])
        return try #require(analysis["performance_metrics"] as? [[String: Any]])
    }
}
