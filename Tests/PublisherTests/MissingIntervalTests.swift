import Evaluation
import Foundation
import Testing

@testable import Publisher

/// A metric without an interval (every bootstrap resample gave the same value) is shown with
/// the reason wherever its interval would be, never as `[0.747, 0.747]`.
@Suite struct MissingIntervalTests {
    static let why = MetricEstimate.sameInEveryResample

    @Test func theReasonStandsWhereTheIntervalWouldOnEveryPage() throws {
        var report = try TaskRepository.multiclass("random_forest", skill: 0.9)
        var results = try #require(report.multiclass)
        results.metrics.macroF1 = MetricEstimate(value: 0.747, note: Self.why)
        results.metrics.perClass[0].f1 = MetricEstimate(value: 0.5, note: Self.why)
        report.results = .multiclass(results)
        let repository = try TaskRepository(
            labelValues: TaskRepository.classes,
            reports: ["random_forest": report, "extra_trees": try TaskRepository.multiclass("extra_trees", skill: 0.5)])
        defer { repository.remove() }
        let site = try repository.publish()
        defer { site.remove() }
        let shown = "0.747 <span class=\"ci why\">(\(Self.why))</span>"

        let card = try site.read("public/" + TaskCardTests.card + "index.html")
        #expect(card.contains("<td>macro_f1</td><td>0.747</td><td>—</td><td>none (\(Self.why))</td>"), "headline")
        let adelie = try #require(
            card.components(separatedBy: "<tr><td>Adelie</td>").dropFirst().first?.prefix { $0 != "\n" })
        #expect(adelie.contains("0.500 <span class=\"ci why\">(\(Self.why))</span>"), "per class: \(adelie)")
        #expect(card.contains("A metric whose resamples all give the same value is shown without an interval"))

        let endpoint = try site.read("public/endpoints/income_classifier/index.html")
        let versions = try #require(endpoint.components(separatedBy: "<h2 id=\"comparison\">").first)
        #expect(versions.contains(shown), "the versions table")
        let comparison = try #require(endpoint.components(separatedBy: "<h2 id=\"comparison\">").dropFirst().first)
        #expect(comparison.contains(shown), "the comparison")
        #expect(!endpoint.contains("[0.747, 0.747]"))

        #expect(report.summary().contains("macro_f1            0.7470  (\(Self.why))"))
    }

    @Test func anEstimateWithAnIntervalOrWithoutANoteIsShownAsBefore() {
        #expect(
            EndpointPage.estimate(MetricEstimate(value: 0.8, lower: 0.7, upper: 0.9, method: .bootstrap))
                == "<span class=\"estimate\">0.800 <span class=\"ci\">[0.700, 0.900]</span></span>")
        #expect(EndpointPage.estimate(MetricEstimate(value: 0.8)) == "<span class=\"estimate\">0.800</span>")
        #expect(EndpointPage.estimate(MetricEstimate.undefined("no rows")) == "—")
        #expect(EndpointPage.estimateValues(MetricEstimate(value: 0.8))["why"] == nil)
        #expect(EndpointPage.estimateValues(MetricEstimate(value: 0.8, note: Self.why))["why"] as? String == Self.why)
    }
}
