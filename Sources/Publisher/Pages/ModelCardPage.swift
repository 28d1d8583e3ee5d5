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

    var body: String {
        let id = version.id
        var out = "<p class=\"breadcrumb\">\(context.link(SitePaths.endpoint(id.endpoint), id.endpoint)) ›</p>\n"
        out += "<h1>\(HTML.escape(id.shortName))</h1>\n"
        out += "<p>\(HTML.escape(version.facts.description))</p>\n"
        out += "<dl class=\"facts\">\n"
        out += "<dt>Status</dt><dd><span class=\"status status-\(version.status.rawValue)\">"
        out += "\(version.status.rawValue)</span>"
        if let change = version.lastChange { out += " since \(timestamp(change.at)) (by \(HTML.escape(change.by)))" }
        out += "</dd>\n<dt>Owner</dt><dd>\(HTML.escape(version.facts.owner))</dd>\n"
        out += "<dt>Algorithm</dt><dd>\(HTML.escape(version.facts.algorithm))</dd>\n</dl>\n"
        let folder = SitePaths.card(id)
        out += "<p class=\"exports\">Also as \(context.link(folder + "card.json", "card.json")) (Model Card Toolkit) "
        out += "and \(context.link(folder + "README.md", "README.md")) (Hugging Face).</p>\n"
        out += "<nav class=\"toc\" aria-label=\"On this page\"><ul>"
        for (anchor, label) in sections {
            out += "<li><a href=\"#\(anchor)\">\(HTML.escape(label))</a></li>"
        }
        out += "</ul></nav>\n"
        out += authored + details
        if let report = evidence.evaluation {
            out += evaluation(report)
        } else {
            out += "<h2 id=\"evaluation\">Evaluation</h2>\n<p>No evaluation report was found for this version.</p>\n"
        }
        if let statistics = context.serving { out += serving(statistics) }
        out += history + abTests + reproducibility
        return out
    }

    /// The A/B tests this version was an arm of, each linked to its report; empty when none.
    private var abTests: String {
        let tests = abTestsOfThisVersion
        guard !tests.isEmpty else { return "" }
        var out = "<h2 id=\"ab-tests\">A/B tests</h2>\n<ul>\n"
        for test in tests {
            guard let arm = test.arm(for: version.id) else { continue }
            let outcome =
                test.isRunning
                ? "running" : test.winner.map { $0 == arm.arm ? "won" : "lost" } ?? "stopped without a winner"
            out += "<li>\(context.link(SitePaths.abTest(test.endpoint, test.id), "A/B test \(test.id): \(test.title)"))"
            out += " — arm \(HTML.escape(arm.arm)), \(arm.percent)% of the traffic, \(outcome)</li>\n"
        }
        return out + "</ul>\n"
    }

    private var sections: [(String, String)] {
        [("card", "Model card"), ("details", "Details"), ("evaluation", "Evaluation")]
            + (context.serving == nil ? [] : [("serving", "Serving statistics")])
            + [("history", "Status history")]
            + (abTestsOfThisVersion.isEmpty ? [] : [("ab-tests", "A/B tests")])
            + [("reproducibility", "Reproducibility")]
    }

    private var abTestsOfThisVersion: [ABTestRecord] {
        (context.registry?.allABTests ?? []).filter { $0.arm(for: version.id) != nil }
    }

    private var authored: String {
        var out = "<h2 id=\"card\">Model card</h2>\n"
        guard let card else {
            let path = RepositoryLayout.card(endpoint: version.id.endpoint, model: version.id.model)
            return out + "<p>No card has been written for this model yet (\(HTML.escape(path))).</p>\n"
        }
        out += "<dl class=\"facts\">\n"
        if !card.owners.isEmpty {
            out += "<dt>Owners</dt><dd>\(HTML.escape(card.owners.joined(separator: ", ")))</dd>\n"
        }
        if let license = card.license { out += "<dt>License</dt><dd>\(HTML.escape(license))</dd>\n" }
        out += "</dl>\n"
        let lists: [(String, String, [String])] = [
            ("intended-use", "Intended use", card.intendedUse),
            ("out-of-scope-uses", "Out-of-scope uses", card.outOfScopeUses),
            ("limitations", "Limitations", card.limitations),
            ("ethical-considerations", "Ethical considerations", card.ethicalConsiderations),
        ]
        for (anchor, label, items) in lists where !items.isEmpty {
            out += "<h3 id=\"\(anchor)\">\(label)</h3>\n<ul>\n"
            out += items.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        if !card.prose.isEmpty {
            out +=
                "<div class=\"prose\">\n"
                + Self.prefixingHeadingIDs(Markdown.render(card.prose, options: [.smart]).html)
            out += "</div>\n"
        }
        let sources = card.citations + card.references
        if !sources.isEmpty {
            out += "<h3 id=\"citations\">Citations and references</h3>\n<ul>\n"
            out += sources.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        return out
    }

    private var details: String {
        let facts = version.facts
        var out = "<h2 id=\"details\">Details</h2>\n<dl class=\"facts\">\n"
        out += "<dt>Algorithm</dt><dd>\(HTML.escape(facts.algorithm))</dd>\n"
        out += "<dt>Hyper-parameters</dt><dd><ul class=\"plain\">"
        for (key, value) in facts.hyperparameters.sorted(by: { $0.key < $1.key }) {
            out += "<li><code>\(HTML.escape(key)) = \(HTML.escape(value))</code></li>"
        }
        out += "</ul></dd>\n<dt>Seed</dt><dd><code>\(facts.seed)</code></dd>\n"
        out += "<dt>Training data</dt><dd>\(dataFile(facts.trainingData.path, facts.trainingData.sha256))</dd>\n"
        out += "<dt>Test data</dt><dd>\(dataFile(facts.testData.path, facts.testData.sha256))</dd>\n"
        out += "<dt>Artifact</dt><dd>\(dataFile(facts.artifact.path, facts.artifact.sha256))"
        out += "<br>\(HTML.bytes(facts.artifact.size))</dd>\n"
        out += "<dt>Trainer</dt><dd><code>\(HTML.escape(facts.trainer))</code></dd>\n"
        out += "<dt>Trained</dt><dd>\(timestamp(facts.createdAt))"
        if let seconds = evidence.trainingSeconds { out += " in \(HTML.number(seconds, digits: 1)) s" }
        out += "</dd>\n</dl>\n"
        return out
    }

    private func dataFile(_ path: String, _ sha256: String) -> String {
        "<code>\(HTML.escape(path))</code><br>SHA-256 <code class=\"hash\">\(HTML.escape(sha256))</code>"
    }

    private var history: String {
        var out = "<h2 id=\"history\">Status history</h2>\n"
        let rows = version.history.map { entry -> [String] in
            [
                "<time datetime=\"\(entry.at)\">\(timestamp(entry.at))</time>", HTML.escape(entry.by),
                HTML.escape(entry.from.map { "\($0) → \(entry.to)" } ?? "registered in \(entry.to)"),
                HTML.escape(entry.note ?? ""),
            ]
        }
        out += HTML.table(["When (UTC)", "Who", "Change", "Note"], rows)
        return out
    }

    private var reproducibility: String {
        let facts = version.facts
        var lines = [
            "# \(version.id)",
            "algorithm=\(facts.algorithm) seed=\(facts.seed) trainer=\(facts.trainer)",
        ]
        lines += facts.hyperparameters.sorted(by: { $0.key < $1.key }).map { "hyperparameter \($0.key)=\($0.value)" }
        lines += [
            "\(facts.trainingData.sha256)  \(facts.trainingData.path)",
            "\(facts.testData.sha256)  \(facts.testData.path)",
            "\(facts.artifact.sha256)  \(facts.artifact.path)",
        ]
        if let report = evidence.evaluation {
            let b = report.bootstrap
            lines.append(
                "evaluation " + (report.binary.map { "threshold=\(HTML.number($0.threshold)) " } ?? "")
                    + "bootstrap resamples=\(b.resamples) "
                    + "seed=\(b.seed) stratified=\(b.stratified) confidence=\(HTML.number(b.confidence, digits: 2))")
        }
        return "<h2 id=\"reproducibility\">Reproducibility</h2>\n"
            + "<p>Retraining with these inputs gives the same artifact; check the files with "
            + "<code>sha256sum -c</code> on the hash lines.</p>\n"
            + "<pre><code>\(HTML.escape(lines.joined(separator: "\n")))</code></pre>\n"
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
