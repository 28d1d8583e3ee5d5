import Basics
import Evaluation
import Foundation
import Registry

/// The model card of one version: the authored sections, then the generated details, the
/// evaluation, the status history and the facts needed to reproduce it.
struct ModelCardPage {
    let version: VersionRecord
    let card: CardDocument?
    let evidence: VersionEvidence
    let context: BuildContext

    var title: String { "\(version.id.shortName) · \(version.id.endpoint)" }

    /// The `card` template's values (its sections are the partials under `partials/card/`).
    /// The evaluation's parts and the serving statistics are HTML made here (tables and SVG
    /// charts), handed to the partials as `evaluation` and `serving`; `monitoring` is made once
    /// per endpoint (`MonitoringSection`).
    var values: TemplateValues {
        let id = version.id
        let facts = version.facts
        let folder = SitePaths.card(id)
        return templateValues([
            "endpoint": id.endpoint, "endpointURL": context.url(SitePaths.endpoint(id.endpoint)),
            "name": id.shortName, "description": facts.description, "status": version.status.rawValue,
            "since": version.lastChange.map { templateValues(["when": when($0.at), "by": $0.by]) },
            "owner": facts.owner, "algorithm": facts.algorithm,
            "cardJSONURL": context.url(folder + "card.json"), "readmeURL": context.url(folder + "README.md"),
            "sections": sections.map { ["anchor": $0.0, "label": $0.1] },
            "authored": authored, "cardPath": RepositoryLayout.card(endpoint: id.endpoint, model: id.model),
            "hyperparameters": facts.hyperparameters.sorted(by: { $0.key < $1.key }).map {
                ["key": $0.key, "value": $0.value]
            },
            "earlyStopping": evidence.earlyStopping.map {
                templateValues([
                    "rounds": $0.roundsKept, "maxRounds": $0.maxRounds, "stopped": $0.stoppedEarly,
                    "validationRows": $0.validationRows, "trainingRows": $0.trainingRows,
                ])
            },
            "seed": String(facts.seed), "trainingData": dataFile(facts.trainingData.path, facts.trainingData.sha256),
            "testData": dataFile(facts.testData.path, facts.testData.sha256), "heldOut": heldOut,
            "artifact": dataFile(facts.artifact.path, facts.artifact.sha256),
            "artifactSize": HTML.bytes(facts.artifact.size), "trainer": facts.trainer,
            "trained": when(facts.createdAt),
            "trainingSeconds": evidence.trainingSeconds.map { HTML.number($0, digits: 1) },
            "evaluation": evidence.evaluation.map(evaluation),
            "serving": context.serving.map { ["html": Self.line(serving($0))] },
            "monitoring": monitoring,
            "history": version.history.map { entry -> TemplateValues in
                [
                    "at": entry.at.description, "when": when(entry.at), "by": entry.by,
                    "change": entry.from.map { "\($0) → \(entry.to)" } ?? "registered in \(entry.to)",
                    "note": context.registry?.shownNote(entry.note, abTest: entry.abTest) ?? entry.note ?? "",
                ]
            },
            "abTests": abTests, "reproducibility": reproducibility, "source": source,
        ])
    }

    /// Where an imported version's model came from (training.json's `source`); nil when trained here.
    private var source: TemplateValues? {
        guard let source = evidence.source else { return nil }
        return [
            "format": source.format, "library": source.library, "libraryVersion": source.libraryVersion,
            "path": source.path, "kept": source.kept, "sha256": source.sha256, "importer": source.importer,
        ]
    }

    /// The A/B tests this version was an arm of, each linked to its report; nil when none.
    private var abTests: TemplateValues? {
        let tests = abTestsOfThisVersion.compactMap { test -> TemplateValues? in
            guard let arm = test.arm(for: version.id) else { return nil }
            let outcome =
                test.outcome(ofArm: arm.arm)
                ?? (test.isRunning || test.aborted ? test.outcome : "stopped without a winner")
            return [
                "url": context.url(SitePaths.abTest(test.endpoint, test.id)), "id": test.id, "title": test.title,
                "arm": arm.arm, "percent": arm.percent, "outcome": outcome,
            ]
        }
        return tests.isEmpty ? nil : ["tests": tests]
    }

    /// The rows the version was evaluated on when they were held out of the training file
    /// (training.json's `split`): which share, with which seed, how many rows; nil for a test file.
    private var heldOut: TemplateValues? {
        guard let split = evidence.split else { return nil }
        let percent = split.testFraction * 100
        return [
            "percent": percent == percent.rounded() ? String(Int(percent)) : HTML.number(percent, digits: 1),
            "path": version.facts.testData.path, "sha256": version.facts.testData.sha256, "seed": String(split.seed),
            "stratified": split.stratified, "rows": HTML.grouped(Int64(split.testRows)),
        ]
    }

    private var sections: [(String, String)] {
        var sections = [("card", "Model card"), ("details", "Details"), ("evaluation", "Evaluation")]
        if context.serving != nil { sections.append(("serving", "Serving statistics")) }
        if monitoring != nil { sections.append(("monitoring", "Monitoring")) }
        sections.append(("history", "Status history"))
        if !abTestsOfThisVersion.isEmpty { sections.append(("ab-tests", "A/B tests")) }
        sections.append(("reproducibility", "Reproducibility"))
        return sections
    }

    /// The endpoint's monitoring section, on the production version's card only: drift is
    /// checked for what the endpoint serves by default.
    private var monitoring: TemplateValues? {
        version.status == .production ? context.monitoring[version.id.endpoint]?.values : nil
    }

    private var abTestsOfThisVersion: [ABTestRecord] {
        (context.registry?.allABTests ?? []).filter { $0.arm(for: version.id) != nil }
    }

    /// The authored card's values; nil when the model has no card.
    private var authored: TemplateValues? {
        guard let card else { return nil }
        let lists: [(String, String, [String])] = [
            ("intended-use", "Intended use", card.intendedUse),
            ("out-of-scope-uses", "Out-of-scope uses", card.outOfScopeUses),
            ("limitations", "Limitations", card.limitations),
            ("ethical-considerations", "Ethical considerations", card.ethicalConsiderations),
        ]
        let sources = card.citations + card.references
        return templateValues([
            "owners": card.owners.isEmpty ? nil : card.owners.joined(separator: ", "), "license": card.license,
            "lists": lists.filter { !$0.2.isEmpty }.map { ["anchor": $0.0, "label": $0.1, "items": $0.2] },
            "prose": card.prose.isEmpty
                ? nil : Self.prefixingHeadingIDs(Markdown.render(card.prose, options: [.smart]).html),
            "sources": sources.isEmpty ? nil : ["items": sources],
        ])
    }

    private func dataFile(_ path: String, _ sha256: String) -> TemplateValues {
        ["path": path, "sha256": sha256]
    }

    /// The lines to retrain and check the version with.
    private var reproducibility: String {
        let facts = version.facts
        var lines = ["# \(version.id)"]
        if let source = evidence.source {
            // Nothing was trained: the source file and the importer make the artifact.
            lines += [
                "imported format=\(source.format) importer=\(source.importer) split-seed=\(facts.seed)",
                "\(source.sha256)  \(source.path)",
            ]
        } else {
            lines.append("algorithm=\(facts.algorithm) seed=\(facts.seed) trainer=\(facts.trainer)")
            lines += facts.hyperparameters.sorted(by: { $0.key < $1.key }).map {
                "hyperparameter \($0.key)=\($0.value)"
            }
        }
        // Test rows split from the training file are in that file: its hash line once.
        let files = [
            (facts.trainingData.sha256, facts.trainingData.path), (facts.testData.sha256, facts.testData.path),
            (facts.artifact.sha256, facts.artifact.path),
        ].map { "\($0.0)  \($0.1)" }
        for line in files where !lines.contains(line) { lines.append(line) }
        if let report = evidence.evaluation {
            let b = report.bootstrap
            lines.append(
                "evaluation " + (report.binary.map { "threshold=\(HTML.number($0.threshold, digits: 3)) " } ?? "")
                    + "bootstrap resamples=\(b.resamples) "
                    + "seed=\(b.seed) stratified=\(b.stratified) confidence=\(HTML.number(b.confidence, digits: 2))"
                    + (b.confusionRowPrior.map { " confusion_row_prior=\(HTML.number($0, digits: 1))" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    /// `html` without its last line end, for a template that writes `{{{html}}}` on a line of
    /// its own.
    static func line(_ html: String) -> String {
        html.hasSuffix("\n") ? String(html.dropLast()) : html
    }

    /// Authored headings move one level down (the card's prose sits inside the "Model card"
    /// section) and get `card-` ids so they never collide with the generated sections'.
    static func prefixingHeadingIDs(_ html: String) -> String {
        (1...5).reversed().reduce(html) { text, level in
            text.replacingOccurrences(of: "<h\(level) id=\"", with: "<h\(level + 1) id=\"card-")
                .replacingOccurrences(of: "</h\(level)>", with: "</h\(level + 1)>")
        }
    }
}
