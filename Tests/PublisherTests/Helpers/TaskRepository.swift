import Basics
import Evaluation
import Foundation
import Testing

@testable import Publisher

/// A copy of the repository whose endpoint is declared as another task (its label values
/// rewritten) and whose versions carry synthetic evaluation reports of that task, as
/// `modelpress evaluate` writes them.
struct TaskRepository {
    static let endpoint = "income_classifier"
    static let classes = ["Adelie", "Chinstrap", "Gentoo"]
    static let islands = ["Biscoe", "Dream", "Torgersen"]

    let copy: CopiedRepository

    /// - Parameters:
    ///   - labelValues: the endpoint's new label values (none declares a regression).
    ///   - reports: the report of each model (of version 1.0.0), by model name.
    init(labelValues: [String], reports: [String: EvaluationReport]) throws {
        copy = try CopiedRepository(linkArtifacts: false)
        let file = copy.root.appendingPathComponent("research/registry/endpoints/\(Self.endpoint).json")
        var definition = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var schema = try #require(definition["schema"] as? [String: Any])
        schema["label_values"] = labelValues
        definition["schema"] = schema
        try JSONSerialization.data(withJSONObject: definition, options: [.sortedKeys]).write(to: file)
        for (model, report) in reports {
            let folder = copy.root.appendingPathComponent("research/artifacts/\(Self.endpoint)/\(model)/1.0.0")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try report.write(to: folder.appendingPathComponent("evaluation.json"))
        }
    }

    /// Publishes the copy into a fresh site folder.
    func publish() throws -> SiteFixture {
        let site = try SiteFixture()
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        return site
    }

    func remove() { copy.remove() }

    static func id(_ model: String) -> VersionID {
        VersionID(endpoint: endpoint, model: model, version: "1.0.0")
    }

    /// The island of row `row`, for slicing.
    static func island(_ row: Int) -> String { islands[row % 3] }

    /// 120 rows of three classes; the model is right on most rows, less often on Dream, and
    /// `skill` (0…1) sharpens its probabilities.
    static func multiclass(_ model: String, skill: Double) throws -> EvaluationReport {
        let rows = 120
        var labels: [Int] = [], probabilities: [Double] = []
        for row in 0..<rows {
            let truth = (row / 3 + row % 7) % 3
            let wrong = row % (island(row) == "Dream" ? 4 : 9) == 0
            let top = wrong ? (truth + 1) % 3 : truth
            let high = 0.4 + 0.5 * skill * Double(row % 5 + 1) / 5
            var p = [Double](repeating: (1 - high) / 2, count: 3)
            p[top] = high
            labels.append(truth)
            probabilities += p
        }
        let data = try ScoredClasses(labels: labels, probabilities: probabilities, classes: classes)
        return try EvaluationReport(
            model: id(model), dataset: .init(path: "research/data/penguins/penguins.csv", sha256: "ab12"), data: data,
            options: EvaluationOptions(bootstrap: BootstrapSettings(resamples: 50)),
            groups: GroupColumns(values: ["island": (0..<rows).map(island)]), slices: [["island"]],
            importances: Importances(
                model: [
                    FeatureImportance(feature: "flipper_length_mm", importance: 0.6),
                    FeatureImportance(feature: "bill_length_mm", importance: 0.4),
                ],
                shap: MeanAbsoluteSHAP(
                    rows: 120, seed: 7, cover: "model", units: "softmax_score",
                    features: [
                        .init(feature: "bill_length_mm", mean: 0.21), .init(feature: "flipper_length_mm", mean: 0.85),
                    ])))
    }

    /// 90 rows of body masses around 4,000 g with errors of up to `error` grams; one target is
    /// zero when `zeroTarget`, so MAPE is undefined.
    static func regression(_ model: String, error: Double, zeroTarget: Bool = false) throws -> EvaluationReport {
        let rows = 90
        let targets = (0..<rows).map { row in zeroTarget && row == 7 ? 0 : 3_000 + Double(row * 37 % 2_500) }
        let predictions = targets.enumerated().map { row, target in
            target + error * (Double(row % 11) - 5) / 5 + (island(row) == "Dream" ? error : 0)
        }
        return try EvaluationReport(
            model: id(model), dataset: .init(path: "research/data/penguins/penguins.csv", sha256: "ab12"),
            data: try ScoredValues(targets: targets, predictions: predictions),
            options: EvaluationOptions(bootstrap: BootstrapSettings(resamples: 50)),
            groups: GroupColumns(values: ["island": (0..<rows).map(island)]), slices: [["island"]])
    }
}
