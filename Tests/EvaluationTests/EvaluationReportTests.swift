import Basics
import Foundation
import Models
import Testing

@testable import Evaluation

@Suite struct EvaluationReportTests {
    static let model = VersionID(
        endpoint: "income_classifier", model: "random_forest", version: "1.0.0")

    /// A small report with every section filled.
    static func report(resamples: Int = 100) throws -> EvaluationReport {
        let fixture = try SklearnFixture.load()
        let set = try #require(fixture.sets["ties"])
        let labels = Array(set.labels.prefix(300)), scores = Array(set.scores.prefix(300))
        let sex = labels.indices.map { $0 % 3 == 0 ? "Female" : "Male" }
        let band = labels.indices.map { ["17-29", "30-49", "50+"][$0 % 7 % 3] }
        return try EvaluationReport(
            model: model,
            dataset: .init(
                path: "research/data/adult/adult.test", sha256: String(repeating: "ab", count: 32),
                positiveLabel: ">50K"),
            data: try ScoredLabels(labels: labels, scores: scores),
            options: EvaluationOptions(
                bootstrap: BootstrapSettings(resamples: resamples, seed: 42), maxCurvePoints: 20),
            groups: GroupColumns(
                values: ["sex": sex, "age_band": band], categories: ["sex": ["Female", "Male", "Other"]]),
            slices: [["sex"], ["age_band"], ["sex", "age_band"]],
            importances: Importances(model: [
                .init(feature: "age", importance: 0.3), .init(feature: "hours", importance: 0.1),
            ]))
    }

    /// Trial 13, finding 12: a slice group whose name has surrounding spaces or line breaks is
    /// quoted, escaped, in the text summary, so that it neither looks like another nor breaks
    /// the table; other names, bands included, print as they are.
    @Test(arguments: [
        ("basic ", "'basic '"), ("Crash on start\r\nagain", "'Crash on start\\r\\nagain'"), ("Basic", "Basic"),
        ("[30, 40)", "[30, 40)"), ("Female × White", "Female × White"),
        // The mark of a category training never saw stays outside the quotes (trial36).
        ("re\u{1B}d (unseen in training)", "'re\\x1bd' (unseen in training)"),
        ("Red (unseen in training)", "Red (unseen in training)"),
        ("'L' (unseen in training)", "\"'L'\" (unseen in training)"), ("say \"M\"", "'say \"M\"'"),
    ])
    func summaryQuotesGroupNamesWhoseSpacesMatter(name: String, shown: String) {
        #expect(EvaluationReport.shown(name) == shown)
        #expect(
            EvaluationReport.groupLine(name, 3, "acc", MetricEstimate(value: 0.5, lower: nil, upper: nil), nil)
                .hasPrefix("    \(shown) "))
    }

    @Test func rerunGivesTheSameBytes() throws {
        let first = try Self.report().jsonData()
        let second = try Self.report().jsonData()
        #expect(first == second)
    }

    @Test func decodeThenEncodeIsByteIdentical() throws {
        let data = try Self.report().jsonData()
        let decoded = try EvaluationReport.decode(data)
        #expect(try decoded.jsonData() == data)
        #expect(decoded == (try Self.report()))
    }

    @Test func writeAndReadRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a/b/evaluation.json")
        let report = try Self.report()
        try report.write(to: url)
        #expect(try EvaluationReport.read(from: url) == report)
        #expect(try Data(contentsOf: url).last == 0x0A)
    }

    @Test func reportHoldsEverySection() throws {
        let report = try Self.report()
        #expect(report.schemaVersion == 1)
        #expect(report.task == .binary)
        #expect(report.dataset.rows == 300)
        let binary = try #require(report.binary)
        #expect(binary.curves.roc.points.count <= 20)
        #expect(binary.curves.precisionRecall.points.count <= 20)
        #expect(binary.calibration.bins.count == 10)
        #expect(binary.histogram.positive.reduce(0, +) == report.dataset.positives)
        #expect(binary.slices.map(\.name) == ["sex", "age_band", "sex × age_band"])
        #expect(binary.slices[0].groups.last?.name == "Other")
        #expect(binary.slices[0].groups.last?.tooSmall == true)
        #expect(report.importances.model?.count == 2)
        #expect(binary.metrics.rocAUC.method == .bootstrap)
        let summary = report.summary()
        #expect(summary.hasPrefix("income_classifier/random_forest@1.0.0 on research/data/adult/adult.test\n"))
        #expect(summary.contains("by sex × age_band:"))
        #expect(summary.contains("[too small: 0 rows, fewer than 30]"))
    }

    /// The committed snapshot changes only on purpose: rerun with `RECORD_SNAPSHOTS=1` to re-record.
    @Test func matchesSnapshot() throws {
        let data = try Self.report(resamples: 50).jsonData()
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/report-snapshot.json")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try data.write(to: source)
        }
        let snapshot = try #require(
            Bundle.module.url(forResource: "report-snapshot", withExtension: "json", subdirectory: "Fixtures"))
        #expect(try Data(contentsOf: snapshot) == data)
    }

    @Test func newerSchemaAndMalformedFilesAreRefused() throws {
        #expect(throws: EvaluationError(.unsupportedSchema(found: 3, supported: 2))) {
            try EvaluationReport.decode(Data(#"{"schema_version": 3}"#.utf8))
        }
        #expect(throws: EvaluationError(.malformedReport("no schema_version"))) {
            try EvaluationReport.decode(Data(#"{"model": {}}"#.utf8))
        }
        #expect(throws: EvaluationError(.malformedReport("not a JSON object"))) {
            try EvaluationReport.decode(Data("[1, 2]".utf8))
        }
        #expect(throws: EvaluationError(.missingReport(hint: nil), file: "/nonexistent/evaluation.json")) {
            try EvaluationReport.read(from: URL(fileURLWithPath: "/nonexistent/evaluation.json"))
        }
    }

    /// Every report in the repository and the fixture reads and writes back to the same bytes.
    @Test func everyCommittedReportReadsAndWritesBackToItsBytes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let artifacts = root.appendingPathComponent("research/artifacts")
        var files = (FileManager.default.enumerator(atPath: artifacts.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix("evaluation.json") }.map { artifacts.appendingPathComponent($0) }
        #expect(files.count >= 3)
        files += [
            try #require(
                Bundle.module.url(forResource: "report-snapshot", withExtension: "json", subdirectory: "Fixtures"))
        ]
        for file in files {
            let data = try Data(contentsOf: file)
            let ours = try EvaluationReport.decode(data, file: file.path)
            #expect(try ours.jsonData() == data, "\(file.path) reads back to the same bytes")
        }
    }

    @Test func damagedReportsSayWhereAndWhat() throws {
        let good = String(decoding: try Self.report(resamples: 5).jsonData(), as: UTF8.self)
        let wrongType = good.replacingOccurrences(of: #""rows" : "#, with: #""rows" : "many", "x" : "#)
        #expect(throws: EvaluationError(.malformedReport("line 312, column 14: expected a number"))) {
            try EvaluationReport.decode(Data(wrongType.utf8))
        }
        let missing = good.replacingOccurrences(of: #""minimum_slice_support""#, with: #""renamed""#)
        #expect(
            throws: EvaluationError(
                .malformedReport(#"line 1612, column 2: the object ending here has no "minimum_slice_support""#))
        ) {
            try EvaluationReport.decode(Data(missing.utf8))
        }
    }
}

/// Mean |SHAP| in a report: written and read back byte for byte, and computed by
/// `VersionEvaluation` over the seeded test rows of a committed version.
@Suite struct MeanAbsoluteSHAPReportTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func aReportWithMeanAbsoluteSHAPReadsBackToItsBytes() throws {
        var report = try EvaluationReportTests.report(resamples: 20)
        report.importances.shap = MeanAbsoluteSHAP(
            rows: 200, seed: 42, cover: "training_rows", units: "probability",
            features: [.init(feature: "age", mean: 0.041), .init(feature: "hours", mean: 0.007)])
        let data = try report.jsonData()
        #expect(String(decoding: data, as: UTF8.self).contains("\"shap\" : {"))
        let decoded = try EvaluationReport.decode(data)
        #expect(decoded == report)
        #expect(try decoded.jsonData() == data)
    }

    @Test func evaluationStoresMeanAbsoluteSHAPOverSeededTestRows() throws {
        let folder = Self.repository.appendingPathComponent(
            "research/artifacts/penguin_species/gradient_boosting/1.0.0")
        var options = EvaluationOptions()
        options.bootstrap.resamples = 0
        let said = Said()
        let report = try VersionEvaluation.evaluate(
            folder: folder, root: Self.repository, options: options, permutationRepeats: 0, shapRows: 30
        ) { said.add($0) }
        // The file records its cover: no pass over the training rows to announce.
        #expect(said.lines.contains("mean |SHAP| over 30 test rows"), "\(said.lines)")
        #expect(!said.lines.contains { $0.contains("counting the per-node cover") }, "\(said.lines)")
        let shap = try #require(report.importances.shap)
        #expect(shap.rows == 30)
        #expect(shap.cover == "model")
        #expect(shap.units == "softmax_score")
        #expect(
            shap.features.map(\.feature) == [
                "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex",
            ])
        #expect(shap.features.allSatisfy { $0.mean >= 0 } && shap.features.contains { $0.mean > 0 })
        // The same seed draws the same rows: a second run gives the same values.
        let again = try VersionEvaluation.evaluate(
            folder: folder, root: Self.repository, options: options, permutationRepeats: 0, shapRows: 30)
        #expect(again.importances.shap == shap)
    }

    /// The lines a step reports, from any thread.
    final class Said: @unchecked Sendable {
        private let lock = NSLock()
        private var said: [String] = []
        var lines: [String] { lock.withLock { said } }
        func add(_ line: String) { lock.withLock { said.append(line) } }
    }

    /// A model file without per-node cover (income_classifier's forest, format 2) makes mean
    /// |SHAP| count it from the training rows first, a long pass `evaluate` names.
    @Test func aModelFileWithoutCoverIsKnownAsSuch() throws {
        let artifacts = Self.repository.appendingPathComponent("research/artifacts")
        let forest = try TreeModel(
            contentsOf: artifacts.appendingPathComponent("income_classifier/random_forest/1.0.0/model.bin"))
        #expect(!TreeExplainer.recordsCover(forest))
        let boosted = try TreeModel(
            contentsOf: artifacts.appendingPathComponent("penguin_species/gradient_boosting/1.0.0/model.bin"))
        #expect(TreeExplainer.recordsCover(boosted))
    }
}
