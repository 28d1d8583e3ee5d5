import Evaluation
import Foundation
import JSONWriting
import Registry

/// card.json in the Model Card Toolkit's schema 0.0.2 (which has no place for intervals or
/// out-of-scope uses: the intervals stay on the page, out-of-scope uses become limitations).
enum ModelCardToolkitExport {
    static func json(version: VersionRecord, card: CardDocument?, report: EvaluationReport?) throws -> Data {
        let facts = version.facts
        let owners = card?.owners.isEmpty == false ? card?.owners ?? [] : [facts.owner]
        var details: [String: JSONValue] = [
            "name": .string(version.id.description),
            "overview": .string(facts.description),
            "version": [
                "name": .string(version.id.version), "date": .string(String(facts.createdAt.description.prefix(10))),
            ],
            "owners": .array(owners.map { ["name": .string($0)] }),
        ]
        if let card {
            if let license = card.license { details["licenses"] = [["custom_text": .string(license)]] }
            details["documentation"] = .string(card.prose)
            details["citations"] = .array((card.citations + card.references).map { ["citation": .string($0)] })
            let links = card.references.filter { $0.hasPrefix("https://") || $0.hasPrefix("http://") }
            if !links.isEmpty { details["references"] = .array(links.map { ["reference": .string($0)] }) }
        }
        var testData = "test data, SHA-256 \(facts.testData.sha256)"
        if let report { testData = "test data, \(report.dataset.rows) rows, SHA-256 \(report.dataset.sha256)" }
        let data: JSONValue = [
            [
                "name": .string(facts.trainingData.path),
                "description": "training data, SHA-256 \(facts.trainingData.sha256)",
            ],
            ["name": .string(facts.testData.path), "description": .string(testData)],
        ]
        var metrics: [JSONValue] = []
        if let report {
            for (name, estimate) in report.headline {
                if let value = estimate.value {
                    // The Model Card Toolkit's `threshold` of a metric that depends on one (binary).
                    if let binary = report.binary, MetricName(rawValue: name)?.needsThreshold == true {
                        metrics.append([
                            "type": .string(name), "value": .number(value),
                            "threshold": .string(HTML.number(binary.threshold, digits: 3)),
                        ])
                    } else {
                        metrics.append(["type": .string(name), "value": .number(value)])
                    }
                }
            }
            for (slice, values) in sliceMetrics(report.results) {
                for (name, value) in values {
                    if let value {
                        metrics.append(["type": .string(name), "value": .number(value), "slice": .string(slice)])
                    }
                }
            }
        }
        var considerations: [String: JSONValue] = [:]
        var limitations =
            card.map { card in card.outOfScopeUses.map { "Out of scope: \($0)" } + card.limitations } ?? []
        // A report at another threshold than served labels use says so (trial26 #4).
        if let note = report?.binary?.thresholdNote { limitations.append("Threshold: \(note)") }
        if let card {
            considerations["use_cases"] = .array(card.intendedUse.map { ["description": .string($0)] })
            considerations["ethical_considerations"] = .array(card.ethicalConsiderations.map { ["name": .string($0)] })
        }
        if card != nil || !limitations.isEmpty {
            considerations["limitations"] = .array(limitations.map { ["description": .string($0)] })
        }
        let architecture =
            "\(facts.algorithm) ("
            + facts.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            + ")"
        let object: JSONValue = [
            "schema_version": "0.0.2",
            "model_details": .object(details),
            "model_parameters": ["model_architecture": .string(architecture), "data": data],
            "quantitative_analysis": ["performance_metrics": .array(metrics)],
            "considerations": .object(considerations),
        ]
        return Data(object.bytes(.export))
    }

    /// `breakdown = group` and its task's key metrics (name, value) for every group large enough
    /// to judge: accuracy, recall and selection rate (binary); accuracy, balanced accuracy and
    /// macro F1 (multiclass); MAE, RMSE and R² (regression).
    static func sliceMetrics(_ results: EvaluationReport.Results) -> [(String, [(String, Double?)])] {
        switch results {
        case .binary(let binary):
            binary.slices.flatMap { breakdown in
                breakdown.groups.filter { !$0.tooSmall }.map { group in
                    (
                        "\(breakdown.name) = \(group.name)",
                        [MetricName.accuracy, .recall, .selectionRate].map { ($0.rawValue, group.metrics[$0].value) }
                    )
                }
            }
        case .multiclass(let multiclass):
            multiclass.slices.flatMap { breakdown in
                judged(breakdown.name, breakdown.groups) {
                    [
                        ("accuracy", $0.accuracy.value), ("balanced_accuracy", $0.balancedAccuracy.value),
                        ("macro_f1", $0.macroF1.value),
                    ]
                }
            }
        case .regression(let regression):
            regression.slices.flatMap { breakdown in
                judged(breakdown.name, breakdown.groups) {
                    [("mae", $0.meanAbsoluteError.value), ("rmse", $0.rootMeanSquaredError.value), ("r2", $0.r2.value)]
                }
            }
        }
    }

    /// The groups of one multiclass or regression breakdown large enough to judge, each named
    /// `breakdown = group` with the values `metrics` picks.
    private static func judged<Metrics>(
        _ breakdown: String, _ groups: [TaskSliceGroup<Metrics>], metrics: (Metrics) -> [(String, Double?)]
    ) -> [(String, [(String, Double?)])] {
        groups.filter { !$0.tooSmall }.map { ("\(breakdown) = \($0.name)", metrics($0.metrics)) }
    }
}
