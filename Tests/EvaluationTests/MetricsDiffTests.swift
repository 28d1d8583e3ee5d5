import Foundation
import Testing

@testable import Evaluation

@Suite struct MetricsDiffTests {
    @Test func referenceResolvesToTheArtifactsFolder() throws {
        let root = URL(fileURLWithPath: "/repo")
        let ref = try ReportReference("income_classifier/random_forest@1.0.0", repositoryRoot: root)
        #expect(ref.url.path == "/repo/research/artifacts/income_classifier/random_forest/1.0.0/evaluation.json")
        #expect(try ReportReference("some/report.json", repositoryRoot: root).model == nil)
        #expect(throws: EvaluationError(.badReference("nonsense"))) {
            try ReportReference("nonsense", repositoryRoot: root)
        }
    }

    @Test func missingVersionReportSuggestsEvaluate() throws {
        let ref = try ReportReference("e/m@9.9.9", repositoryRoot: URL(fileURLWithPath: "/nonexistent"))
        do {
            _ = try ref.load()
            Issue.record("expected an error")
        } catch let error as EvaluationError {
            #expect(
                error.description
                    == "/nonexistent/research/artifacts/e/m/9.9.9/evaluation.json: evaluation report is missing or unreadable; run `modelpress evaluate e/m@9.9.9` to write it"
            )
        }
    }

    @Test func changesAreBMinusA() throws {
        let a = try EvaluationReportTests.report(resamples: 10)
        var b = a
        var binary = try #require(a.binary)
        binary.metrics.accuracy.value = (binary.metrics.accuracy.value ?? 0) + 0.05
        binary.metrics.rocAUC = .undefined("needs both classes")
        b.results = .binary(binary)
        let diff = MetricsDiff(a, b, labelA: "v1", labelB: "v2")
        let accuracy = try #require(diff.rows.first { $0.metric == "accuracy" })
        #expect(abs((accuracy.change ?? 0) - 0.05) < 1e-12)
        #expect(diff.rows.first { $0.metric == "roc_auc" }?.change == nil)
        #expect(diff.rows.map(\.metric).last == "ece")
        #expect(diff.notes.isEmpty)
        let table = diff.table()
        #expect(table.hasPrefix("Metric             v1      v2      Change\n"))
        #expect(table.contains("+0.0500"))
        #expect(diff.markdown().hasPrefix("| Metric | v1 | v2 | Change |\n|---|---:|---:|---:|\n| accuracy |"))
        let json = String(decoding: try diff.jsonData(), as: UTF8.self)
        #expect(json.contains("\"roc_auc\" : {\n      \"a\" : "))
        #expect(json.contains("\"change\" : null"))
    }

    /// The note names each data set with the reports computed on it; the same file with other
    /// content is told apart by its SHA-256.
    @Test func differentDataNamesEachDataSetsReports() {
        let a = EvaluationReport.Dataset(path: "data/a.csv", sha256: "aaaa", rows: 10)
        let b = EvaluationReport.Dataset(path: "data/b.csv", sha256: "bbbb", rows: 12)
        #expect(MetricsDiff.differentData([("1.0.0", a), ("1.1.0", a)]) == nil)
        #expect(
            MetricsDiff.differentData([("1.0.0", a), ("1.1.0", b), ("1.2.0", a)])
                == "the reports were computed on different data (1.0.0, 1.2.0: data/a.csv; 1.1.0: data/b.csv); "
                + "changes mix model and data")
        var edited = a
        edited.sha256 = "cccc"
        #expect(
            MetricsDiff.differentData([("x", a), ("y", edited)])
                == "the reports were computed on different data (x: data/a.csv (SHA-256 aaaa, 10 rows); "
                + "y: data/a.csv (SHA-256 cccc, 10 rows)); changes mix model and data")
    }

    @Test func differentDataIsNoted() throws {
        let a = try EvaluationReportTests.report(resamples: 10)
        var b = a
        b.dataset.sha256 = "ff"
        var binary = try #require(a.binary)
        binary.threshold = 0.4
        b.results = .binary(binary)
        let diff = MetricsDiff(a, b, labelA: "a", labelB: "b")
        #expect(diff.notes.count == 2)
        #expect(diff.table().contains("note: the reports were computed on different data"))
    }
}
