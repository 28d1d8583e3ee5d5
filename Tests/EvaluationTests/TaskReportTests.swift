import Basics
import Foundation
import Testing

@testable import Evaluation

/// Multiclass and regression reports: schema 2, a task key and one section, read back to the
/// same bytes, and compared by `modelpress diff` on the task's metrics.
@Suite struct TaskReportTests {
    static let dataset = EvaluationReport.Dataset(path: "research/data/penguins/test.csv", sha256: "cd")
    static let options = EvaluationOptions(bootstrap: BootstrapSettings(resamples: 30, seed: 5), maxCurvePoints: 15)

    static func multiclass() throws -> EvaluationReport {
        let set = try #require(try MulticlassFixture.load().sets["ties"])
        let n = 400
        let island = (0..<n).map { ["Biscoe", "Dream", "Torgersen"][$0 % 3] }
        return try EvaluationReport(
            model: VersionID(endpoint: "species", model: "random_forest", version: "1.0.0"), dataset: dataset,
            data: try ScoredClasses(
                labels: Array(set.labels.prefix(n)), probabilities: Array(set.probabilities.prefix(n * 4)),
                classes: set.classes),
            options: options, groups: GroupColumns(values: ["island": island]), slices: [["island"]])
    }

    static func regression() throws -> EvaluationReport {
        let set = try #require(try RegressionFixture.load().sets["rounded"])
        let n = 300
        let island = (0..<n).map { $0 % 4 == 0 ? "Biscoe" : "Dream" }
        return try EvaluationReport(
            model: VersionID(endpoint: "body_mass_g", model: "gradient_boosting", version: "1.0.0"), dataset: dataset,
            data: try ScoredValues(
                targets: Array(set.targets.prefix(n)), predictions: Array(set.predictions.prefix(n))),
            options: options, groups: GroupColumns(values: ["island": island]), slices: [["island"]])
    }

    @Test func multiclassReportHoldsItsSectionAndReadsBack() throws {
        let report = try Self.multiclass()
        #expect(report.schemaVersion == 2 && report.task == .multiclass)
        let multiclass = try #require(report.multiclass)
        #expect(report.binary == nil && report.dataset.rows == 400 && report.dataset.positives == nil)
        #expect(multiclass.confusion.flatMap { $0 }.reduce(0, +) == 400)
        #expect(multiclass.rocCurves.count == 4 && multiclass.rocCurves.allSatisfy { $0.points.count <= 15 })
        #expect(multiclass.slices[0].groups.map(\.name) == ["Biscoe", "Dream", "Torgersen"])
        let data = try report.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""task" : "multiclass""#))
        #expect(!text.contains("\n  \"threshold\""))
        let decoded = try EvaluationReport.decode(data)
        #expect(decoded == report)
        #expect(try decoded.jsonData() == data)
        #expect(report.headline.map(\.name).first == "accuracy")
        #expect(report.summary().contains("by island:"))
    }

    @Test func regressionReportHoldsItsSectionAndReadsBack() throws {
        let report = try Self.regression()
        #expect(report.schemaVersion == 2 && report.task == .regression)
        let regression = try #require(report.regression)
        #expect(regression.residuals.counts.reduce(0, +) == 300)
        #expect(regression.residuals.points.count == 15)
        #expect(regression.slices[0].groups.map(\.support) == [75, 225])
        #expect(report.expectedCalibrationError == nil)
        let data = try report.jsonData()
        let decoded = try EvaluationReport.decode(data)
        #expect(decoded == report)
        #expect(try decoded.jsonData() == data)
        #expect(report.summary().contains("mae "))
        // One stratum, and every metric's value starts in the same column.
        let summary = report.summary()
        #expect(summary.contains("-resample bootstrap (seed ") && !summary.contains("stratified"))
        #expect(!report.bootstrap.stratified, "a regression's report records an unstratified bootstrap")
        #expect(try Self.multiclass().bootstrap.stratified)
        let starts = summary.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { line -> Int? in
                guard
                    let name = ["mae", "rmse", "r2", "mape", "median_absolute_error"].first(where: {
                        line.hasPrefix("  \($0) ")
                    })
                else { return nil }
                return line.dropFirst(2 + name.count).prefix { $0 == " " }.count + name.count
            }
        #expect(starts.count == 5 && Set(starts).count == 1, "\(summary)")
    }

    @Test func aTaskWithoutItsSectionIsMalformed() throws {
        var text = String(decoding: try Self.regression().jsonData(), as: UTF8.self)
        text = text.replacingOccurrences(of: #""regression" : {"#, with: #""renamed" : {"#)
        #expect(throws: EvaluationError.self) { try EvaluationReport.decode(Data(text.utf8)) }
    }

    @Test func diffComparesTheTasksMetrics() throws {
        let a = try Self.regression()
        var b = a
        var regression = try #require(a.regression)
        regression.metrics.meanAbsoluteError.value = 1
        b.results = .regression(regression)
        let diff = MetricsDiff(a, b, labelA: "a", labelB: "b")
        #expect(diff.rows.map(\.metric) == ["mae", "rmse", "r2", "median_absolute_error", "mape"])
        #expect(diff.notes.isEmpty)
        let mixed = MetricsDiff(try Self.multiclass(), a, labelA: "m", labelB: "r")
        #expect(mixed.rows.first?.metric == "accuracy" && mixed.rows.first?.b == nil)
        #expect(mixed.rows.map(\.metric).contains("mae"))
        #expect(mixed.notes.first?.hasPrefix("the reports are of different tasks (multiclass, regression)") == true)
    }
}
