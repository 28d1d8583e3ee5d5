import Foundation
import Scoring
import Testing

@testable import PredictCGICore
@testable import ServingCore

/// The answer page's explanation chart: which bars, in which order, and its SVG, checked against
/// Snapshots/ (re-record on purpose with `RECORD_SNAPSHOTS=1 swift test --filter ExplanationChartTests`).
@Suite struct ExplanationChartTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    @Test func barsAreSortedByMagnitudeAndThePastTenSummed() {
        let fields = (0..<13).map { "f\($0)" }
        // f12 is the largest by magnitude, negative; f0…f2 the three smallest.
        let contributions = (0..<13).map { Double($0) * ($0 % 2 == 0 ? -0.1 : 0.1) }
        let chart = ExplanationChart(fields: fields, values: [:], contributions: contributions)
        #expect(chart.bars.count == 11)
        #expect(chart.bars.prefix(10).map(\.label) == (3..<13).reversed().map { "f\($0) missing" })
        #expect(chart.bars[0].value == -1.2000000000000002)
        #expect(chart.bars[10].label == "other 3 fields")
        #expect(abs(chart.bars[10].value - (0 + 0.1 - 0.2)) < 1e-15)
    }

    /// Eleven fields are eleven bars: one field left over is shown as itself, not as "other 1 fields".
    @Test func oneFieldPastTenIsShownAsItself() {
        let fields = (0..<11).map { "f\($0)" }
        let chart = ExplanationChart(fields: fields, values: [:], contributions: fields.indices.map { Double($0) })
        #expect(chart.bars.count == 11)
        #expect(!chart.bars.contains { $0.label.hasPrefix("other") })
    }

    @Test func labelsNameTheValueAndSignsAreWritten() {
        #expect(ExplanationChart.label("age", .number(39)) == "age = 39")
        #expect(ExplanationChart.label("fare", .number(7.25)) == "fare = 7.25")
        #expect(ExplanationChart.label("sex", .category("Male")) == "sex = Male")
        // As the form and the messages show it (trial15: `plan = basic ` read as `plan = basic`).
        #expect(ExplanationChart.label("plan", .category("basic ")) == "plan = 'basic '")
        #expect(ExplanationChart.label("occupation", .missing) == "occupation missing")
        #expect(ExplanationChart.signed(0.123456) == "+0.1235")
        #expect(ExplanationChart.signed(-2.5) == "−2.5")
        #expect(ExplanationChart.signed(0) == "+0")
    }

    /// A value the notes say was scored otherwise is labelled with how (trial14 A7: `plan =
    /// Enterprise` read as if the value itself was used), in full: the chart widens for it.
    @Test func aValueScoredOtherwiseSaysHow() {
        let notes = [
            ScoringNotes.Note(field: "plan", kind: .unseenCategory("Enterprise")),
            ScoringNotes.Note(
                field: "usage", kind: .outsideTrainingRange(300, trainingMinimum: 0.6, trainingMaximum: 67.9)),
            ScoringNotes.Note(
                field: "tenure", kind: .outsideTrainingRange(-4, trainingMinimum: 1, trainingMaximum: 72)),
        ]
        let chart = ExplanationChart(
            fields: ["plan", "usage", "tenure", "region"],
            values: [
                "plan": .category("Enterprise"), "usage": .number(300), "tenure": .number(-4),
                "region": .category("north"),
            ],
            contributions: [-0.37, 0.2, 0.1, 0.05], notes: notes)
        #expect(
            chart.bars.map(\.label) == [
                "plan = Enterprise (scored as missing)", "usage = 300 (scored as the largest (67.9))",
                "tenure = -4 (scored as the smallest (1))",
                "region = north",
            ])
        let svg = chart.svg(title: "t")
        #expect(svg.contains(">plan = Enterprise (scored as missing)</text>"))
        #expect(svg.contains("viewBox=\"0 0 712 "), "\(svg.prefix(200))")
    }

    @Test func theSVGMatchesItsSnapshot() throws {
        let chart = ExplanationChart(
            fields: ["age", "sex", "occupation <a>"],
            values: ["age": .number(39), "sex": .category("Male"), "occupation <a>": .missing],
            contributions: [0.8, -0.35, 0.05])
        let svg = chart.svg(title: "Each field's contribution to the log-odds of >50K")
        let url = Self.snapshots.appendingPathComponent("explanation-chart.svg")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
            try Data(svg.utf8).write(to: url)
        }
        #expect(svg == (try String(contentsOf: url, encoding: .utf8)))
        // Escaped, and every bar carries its sign in text as well as its side and colour.
        #expect(svg.contains("occupation &lt;a&gt; missing"))
        #expect(svg.contains(">+0.8</text>") && svg.contains(">−0.35</text>"))
    }
}
