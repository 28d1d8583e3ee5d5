import Basics
import Evaluation
import Models
import Registry

/// The page of one endpoint: what it does, who owns it, its production version, every version
/// with its key metrics, the A/B tests and the status timeline.
struct EndpointPage {
    let endpoint: EndpointRecord
    let state: RegistryState
    let context: BuildContext

    var title: String { endpoint.name }

    var body: String {
        let name = endpoint.name
        var out = "<h1>\(HTML.escape(name))</h1>\n"
        out += "<p>\(HTML.escape(endpoint.definition.description))</p>\n"
        out += "<dl class=\"facts\">\n<dt>Owner</dt><dd>\(HTML.escape(endpoint.definition.owner))</dd>\n"
        out += "<dt>Created</dt><dd>\(timestamp(endpoint.createdAt)) by \(HTML.escape(endpoint.createdBy))</dd>\n"
        out += "<dt>In production</dt><dd>\(production)</dd>\n</dl>\n"
        out += "<p class=\"actions\">\(context.link(SitePaths.form(name), "Try a prediction")) · "
        out += "\(context.link(SitePaths.jobs(name), "Batch predictions from a file"))</p>\n"
        out += "<h2 id=\"versions\">Versions</h2>\n" + versionsTable
        out += comparison + abTests
        out += "<h2 id=\"timeline\">Status timeline</h2>\n" + Self.timeline(state.events(of: name), context: context)
        return out
    }

    private var production: String {
        guard let version = state.production(of: endpoint.name) else { return "none yet" }
        var text = context.link(SitePaths.card(version.id), version.id.shortName)
        if let change = version.lastChange {
            text += " since \(timestamp(change.at)) (by \(HTML.escape(change.by)))"
        }
        return text
    }

    private var versionsTable: String {
        let task = endpoint.definition.schema.task
        let key = Self.keyMetrics(task)
        let rows = state.versions(of: endpoint.name).map { version -> [String] in
            let report = context.evidence[version.id]?.evaluation
            let headline = report?.task == task ? report?.headline ?? [] : []
            return [
                context.link(SitePaths.card(version.id), version.id.shortName),
                "<span class=\"status status-\(version.status.rawValue)\">\(version.status.rawValue)</span>",
                HTML.escape(version.facts.algorithm),
            ]
                + key.map { name, _ in Self.estimate(headline.first { $0.name == name }?.estimate) }
                + [timestamp(version.facts.createdAt)]
        }
        guard !rows.isEmpty else { return "<p>No versions are registered yet.</p>\n" }
        return HTML.table(
            ["Version", "Status", "Algorithm"] + key.map { "\($0.label) (95% CI)" } + ["Created"], rows)
    }

    /// The two headline metrics (report name, column label) the versions table shows for a task.
    static func keyMetrics(_ task: PredictionTask) -> [(name: String, label: String)] {
        switch task {
        case .binary: [("accuracy", "Accuracy"), ("roc_auc", "ROC AUC")]
        case .multiclass: [("accuracy", "Accuracy"), ("macro_f1", "Macro F1")]
        case .regression: [("mae", "MAE"), ("r2", "R²")]
        }
    }

    private var abTests: String {
        let tests = state.allABTests.filter { $0.endpoint == endpoint.name }
        guard !tests.isEmpty else { return "" }
        let rows = tests.map { test -> [String] in
            let arms = test.arms.map { arm in
                let id = VersionID(endpoint: test.endpoint, model: arm.model, version: arm.version)
                return "\(HTML.escape(arm.arm)): \(context.link(SitePaths.card(id), id.shortName)) \(arm.percent)%"
            }
            let outcome =
                test.isRunning
                ? "running" : test.winner.map { "arm \(HTML.escape($0)) won" } ?? "stopped, no winner"
            return [
                context.link(SitePaths.abTest(test.endpoint, test.id), "report \(test.id)"), HTML.escape(test.title),
                arms.joined(separator: "<br>"),
                timestamp(test.startedAt), test.stoppedAt.map(timestamp) ?? "—", outcome,
            ]
        }
        return "<h2 id=\"ab-tests\">A/B tests</h2>\n"
            + HTML.table(["Test", "Title", "Arms", "Started", "Stopped", "Outcome"], rows)
    }

    /// A metric as `0.865 [0.860, 0.870]`, or an em dash when it is missing.
    static func estimate(_ estimate: MetricEstimate?) -> String {
        guard let estimate, let value = estimate.value else { return "—" }
        var out = Markup(capacity: 80)
        out.add("<span class=\"estimate\">")
        out.add(value, digits: 3)
        if let lower = estimate.lower, let upper = estimate.upper {
            out.add(" <span class=\"ci\">[")
            out.add(lower, digits: 3)
            out.add(", ")
            out.add(upper, digits: 3)
            out.add("]</span>")
        }
        out.add("</span>")
        return out.string
    }

    /// Every event as a list item: when (UTC), who, what (from → to) linked to the event's page
    /// (`SitePaths.page(of:)`, as in the Atom feed), and the note.
    static func timeline(_ events: [RegistryEvent], context: BuildContext, showEndpoint: Bool = false) -> String {
        guard !events.isEmpty else { return "<p>Nothing has happened yet.</p>\n" }
        var out = "<ol class=\"timeline\" reversed>\n"
        for event in events.reversed() {
            out += "<li id=\"event-\(event.id)\"><time datetime=\"\(event.at)\">\(timestamp(event.at))</time> "
            out += "<span class=\"who\">\(HTML.escape(event.by))</span>: "
            if showEndpoint {
                out += context.link(SitePaths.endpoint(event.endpoint), event.endpoint) + " "
            }
            out += context.link(SitePaths.page(of: event), event.summary)
            if let note = event.note { out += "<br><span class=\"note\">\(HTML.escape(note))</span>" }
            out += "</li>\n"
        }
        return out + "</ol>\n"
    }
}

/// `2026-11-22 04:43 UTC`, kept on one line.
func timestamp(_ time: Timestamp) -> String {
    let text = time.description
    return "<span class=\"when\">" + String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
        + " UTC</span>"
}
