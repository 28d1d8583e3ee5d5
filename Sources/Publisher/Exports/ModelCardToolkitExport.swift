import Evaluation
import Foundation
import Registry

/// card.json in the Model Card Toolkit's schema 0.0.2 (which has no place for intervals or
/// out-of-scope uses: the intervals stay on the page, out-of-scope uses become limitations).
enum ModelCardToolkitExport {
    static func json(version: VersionRecord, card: CardDocument?, report: EvaluationReport?) throws -> Data {
        let facts = version.facts
        var details: [String: Any] = [
            "name": version.id.description,
            "overview": facts.description,
            "version": ["name": version.id.version, "date": String(facts.createdAt.description.prefix(10))],
            "owners": (card?.owners.isEmpty == false ? card?.owners ?? [] : [facts.owner]).map { ["name": $0] },
        ]
        if let card {
            if let license = card.license { details["licenses"] = [["custom_text": license]] }
            details["documentation"] = card.prose
            details["citations"] = (card.citations + card.references).map { ["citation": $0] }
            let links = card.references.filter { $0.hasPrefix("https://") || $0.hasPrefix("http://") }
            if !links.isEmpty { details["references"] = links.map { ["reference": $0] } }
        }
        var data: [[String: Any]] = [
            ["name": facts.trainingData.path, "description": "training data, SHA-256 \(facts.trainingData.sha256)"],
            ["name": facts.testData.path, "description": "test data, SHA-256 \(facts.testData.sha256)"],
        ]
        if let report {
            data[1]["description"] = "test data, \(report.dataset.rows) rows, SHA-256 \(report.dataset.sha256)"
        }
        var metrics: [[String: Any]] = []
        if let report {
            for name in MetricName.allCases {
                if let value = report.metrics[name].value { metrics.append(["type": name.rawValue, "value": value]) }
            }
            for breakdown in report.slices {
                for group in breakdown.groups where !group.tooSmall {
                    for name in [MetricName.accuracy, .recall, .selectionRate] {
                        if let value = group.metrics[name].value {
                            metrics.append([
                                "type": name.rawValue, "value": value, "slice": "\(breakdown.name) = \(group.name)",
                            ])
                        }
                    }
                }
            }
        }
        var considerations: [String: Any] = [:]
        if let card {
            considerations["use_cases"] = card.intendedUse.map { ["description": $0] }
            considerations["limitations"] =
                (card.outOfScopeUses.map { "Out of scope: \($0)" } + card.limitations).map { ["description": $0] }
            considerations["ethical_considerations"] = card.ethicalConsiderations.map { ["name": $0] }
        }
        let object: [String: Any] = [
            "schema_version": "0.0.2",
            "model_details": details,
            "model_parameters": [
                "model_architecture": "\(facts.algorithm) ("
                    + facts.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: ", ") + ")",
                "data": data,
            ],
            "quantitative_analysis": ["performance_metrics": metrics],
            "considerations": considerations,
        ]
        return JSONText.data(object)
    }
}
