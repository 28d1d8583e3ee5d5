import Evaluation
import JSONWriting
import Models
import Registry

/// README.md as a Hugging Face model card: YAML metadata with a `model-index` of the headline
/// metrics, then the authored prose and the facts.
enum HuggingFaceReadme {
    /// - Parameter task: the endpoint's task; the report's, when there is one, names the metrics.
    static func markdown(
        version: VersionRecord, card: CardDocument?, report: EvaluationReport?, task: PredictionTask
    ) -> String {
        let facts = version.facts
        var out = "---\n"
        out += "license: \(licenseID(card?.license))\n"
        let (type, name) = pipelineTag(report?.task ?? task)
        out += "library_name: modelpress\ntags:\n- \(type)\n- \(quote(facts.algorithm))\n"
        if let report {
            out += "model-index:\n- name: \(quote(version.id.description))\n  results:\n"
            out += "  - task:\n      type: \(type)\n      name: \(name)\n"
            out +=
                "    dataset:\n      name: \(quote(report.dataset.path))\n      type: \(quote(report.dataset.path))\n"
            out += "    metrics:\n"
            for (name, estimate) in report.headline {
                guard let value = estimate.value else { continue }
                out += "    - type: \(name)\n      value: \(HTML.number(value, digits: 4))\n"
                out += "      name: \(quote(name))\n"
            }
        }
        out += "---\n\n# \(version.id.description)\n\n\(facts.description)\n\n"
        if let card {
            for (title, items) in [
                ("Intended use", card.intendedUse), ("Out-of-scope uses", card.outOfScopeUses),
                ("Limitations", card.limitations), ("Ethical considerations", card.ethicalConsiderations),
            ] where !items.isEmpty {
                out += "## \(title)\n\n" + items.map { "- \($0)\n" }.joined() + "\n"
            }
            if !card.prose.isEmpty { out += card.prose.hasSuffix("\n") ? card.prose + "\n" : card.prose + "\n\n" }
        }
        out += "## Training\n\n- algorithm: `\(facts.algorithm)`, seed \(facts.seed), trainer `\(facts.trainer)`\n"
        for (key, value) in facts.hyperparameters.sorted(by: { $0.key < $1.key }) { out += "- `\(key)` = `\(value)`\n" }
        out += "- training data `\(facts.trainingData.path)` (SHA-256 `\(facts.trainingData.sha256)`)\n"
        out +=
            "- artifact `\(facts.artifact.path)` (SHA-256 `\(facts.artifact.sha256)`, \(facts.artifact.size) bytes)\n"
        if let report {
            out += "\n## Evaluation\n\n"
            if let binary = report.binary {
                out += "At threshold \(HTML.figure(binary.threshold))"
                out += binary.thresholdNote.map { ": \($0).\n\n" } ?? ", the one served labels use.\n\n"
            }
            out += "| Metric | Value | 95% CI |\n|---|---|---|\n"
            for (name, estimate) in report.headline {
                let shown = HTML.figures(estimate)
                let interval =
                    shown.interval.map { "[\($0.lower), \($0.upper)]" } ?? estimate.missingIntervalNote ?? "—"
                out += "| \(name) | \(shown.value) | \(interval) |\n"
            }
        }
        return out
    }

    /// The Hugging Face task (pipeline tag) of a prediction task, and its display name.
    static func pipelineTag(_ task: PredictionTask) -> (type: String, name: String) {
        task == .regression
            ? ("tabular-regression", "Tabular Regression") : ("tabular-classification", "Tabular Classification")
    }

    /// A Hugging Face license id when the card's license is a single known id, else `other`.
    static func licenseID(_ license: String?) -> String {
        let known = ["apache-2.0", "mit", "bsd-3-clause", "cc-by-4.0", "cc0-1.0", "gpl-3.0", "openrail"]
        guard let license, known.contains(license.lowercased()) else { return "other" }
        return license.lowercased()
    }

    /// A YAML double-quoted scalar: a JSON string literal (YAML accepts its escapes, `\t`,
    /// `\r` and `\u2028` included).
    static func quote(_ text: String) -> String {
        JSONWriter.quote(text)
    }
}
