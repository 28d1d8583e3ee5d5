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

    /// The `endpoint` template's values.
    var values: TemplateValues {
        let name = endpoint.name
        let production = state.production(of: name)
        return templateValues([
            "name": name, "description": state.shownDescription(of: name) ?? endpoint.definition.description,
            "owner": endpoint.definition.owner,
            "created": when(endpoint.createdAt), "createdBy": endpoint.createdBy,
            "production": production.map { version in
                templateValues([
                    "url": context.url(SitePaths.card(version.id)), "name": version.id.shortName,
                    "since": version.lastChange.map { templateValues(["when": when($0.at), "by": $0.by]) },
                ])
            },
            "servable": Self.servable(name, state: state), "pins": Self.pins(name, state: state),
            "formURL": context.url(SitePaths.form(name)), "jobsURL": context.url(SitePaths.jobs(name)),
            "monitoring": context.monitoring[name]?.values,
            "versions": versionsTable, "comparison": comparison, "abTests": abTests,
            "timeline": Self.timeline(state.events(of: name), in: state, context: context),
        ])
    }

    /// Whether predict.cgi's default route answers for the endpoint: a production version, or
    /// a running A/B test whose arms share the requests.
    static func servable(_ endpoint: String, state: RegistryState) -> Bool {
        state.production(of: endpoint) != nil
            || state.allABTests.contains { $0.endpoint == endpoint && $0.isRunning }
    }

    /// What a page says predict.cgi answers when its default route has nothing (`servable`
    /// false): each served version (every status but archived) with the query that pins it,
    /// `status=staging` when it is the only one in its status, else `model=…&version=…`
    /// (`ModelSelector`'s rules; trial22 #11: a staging-only endpoint's page said predict.cgi had
    /// nothing to answer with, while `?status=staging` was answered). `{"versions": […]}`, each
    /// with `first`, `name`, `status` and `query`; nil when no version is served.
    static func pins(_ endpoint: String, state: RegistryState) -> TemplateValues? {
        let served = state.versions(of: endpoint).filter(\.status.isServable)
        guard !served.isEmpty else { return nil }
        let versions = served.enumerated().map { index, version -> TemplateValues in
            let alone = served.filter { $0.status == version.status }.count == 1
            return [
                "first": index == 0, "name": version.id.shortName, "status": version.status.rawValue,
                "query": alone
                    ? "status=\(version.status.rawValue)" : "model=\(version.id.model)&version=\(version.id.version)",
            ]
        }
        return ["versions": versions]
    }

    /// The versions table's values; nil without versions.
    private var versionsTable: TemplateValues? {
        let task = endpoint.definition.schema.task
        let versions = state.versions(of: endpoint.name)
        let reports = versions.compactMap { context.evidence[$0.id]?.evaluation }.filter { $0.task == task }
        let key = Self.keyMetrics(task, rare: Self.rareClass(reports))
        let rows = versions.map { version -> TemplateValues in
            let report = context.evidence[version.id]?.evaluation
            let headline = report?.task == task ? report?.headline ?? [] : []
            return [
                "url": context.url(SitePaths.card(version.id)), "name": version.id.shortName,
                "status": version.status.rawValue, "algorithm": version.facts.algorithm,
                "metrics": key.map { name, _ in
                    if name.hasPrefix(Self.constantPrefix) {
                        let value =
                            report?.task == task
                            ? report?.baseline?.metrics[String(name.dropFirst(Self.constantPrefix.count))] : nil
                        return Self.estimateValues(value.map { MetricEstimate(value: $0) })
                    }
                    return Self.estimateValues(headline.first { $0.name == name }?.estimate)
                },
                "created": when(version.facts.createdAt),
            ]
        }
        guard !rows.isEmpty else { return nil }
        // What the card says beside its figures, said here too (trial29 #7): a headline metric
        // carried by a few rows reads as well as any other in a table.
        let notes = versions.flatMap { version -> [TemplateValues] in
            guard let report = context.evidence[version.id]?.evaluation, report.task == task else { return [] }
            let said =
                [report.baselineShortfall.map(EvaluationReport.sentence), report.baselineNote, report.smallClassNote]
                .compactMap { $0 }
            return said.map {
                ["url": context.url(SitePaths.card(version.id)), "name": version.id.shortName, "text": $0]
            }
        }
        var table: TemplateValues = ["metricNames": key.map(\.label), "rows": rows]
        if !notes.isEmpty { table["notes"] = notes }
        return table
    }

    /// What names a column of the constant baseline's value (`constant:accuracy`).
    static let constantPrefix = "constant:"

    /// Whether any of an endpoint's binary reports has a rare class (`RareClass`) in its test
    /// rows: `.positives` when the positives are the rare class, `.negatives` when they are not.
    static func rareClass(_ reports: [EvaluationReport]) -> RareSide? {
        for report in reports {
            guard let positives = report.dataset.positives else { continue }
            if RareClass.positivesAreRare(positives: positives, rows: report.dataset.rows) { return .positives }
            if RareClass.isImbalanced(positives: positives, rows: report.dataset.rows) { return .negatives }
        }
        return nil
    }

    /// Which class of a binary label is rare.
    enum RareSide {
        case positives, negatives
    }

    /// The headline metrics (report name, column label) the versions table shows for a task: two,
    /// and for a binary label with a rare class (trial26 #2) accuracy beside the majority class's
    /// (the constant baseline's), balanced accuracy and, when the positives are rare, average
    /// precision (`RareClass`).
    static func keyMetrics(_ task: PredictionTask, rare: RareSide? = nil) -> [(name: String, label: String)] {
        switch task {
        case .binary where rare != nil:
            [
                ("accuracy", "Accuracy"), (constantPrefix + "accuracy", "Majority-class accuracy"),
                ("balanced_accuracy", "Balanced accuracy"),
            ]
                + (rare == .positives ? [("average_precision", "Average precision")] : [("roc_auc", "ROC AUC")])
        case .binary: [("accuracy", "Accuracy"), ("roc_auc", "ROC AUC")]
        case .multiclass: [("accuracy", "Accuracy"), ("macro_f1", "Macro F1")]
        case .regression: [("mae", "MAE"), ("r2", "R²")]
        }
    }

    /// The A/B tests table's values; nil when the endpoint has had none.
    private var abTests: TemplateValues? {
        let tests = state.allABTests.filter { $0.endpoint == endpoint.name }
        guard !tests.isEmpty else { return nil }
        let rows = tests.map { test -> TemplateValues in
            let arms = test.arms.enumerated().map { index, arm -> TemplateValues in
                let id = VersionID(endpoint: test.endpoint, model: arm.model, version: arm.version)
                return [
                    "first": index == 0, "arm": arm.arm, "url": context.url(SitePaths.card(id)), "name": id.shortName,
                    "percent": arm.percent,
                ]
            }
            let outcome =
                test.isRunning || test.winner != nil ? test.outcome : test.aborted ? "aborted" : "stopped, no winner"
            return templateValues([
                "url": context.url(SitePaths.abTest(test.endpoint, test.id)), "id": test.id, "title": test.title,
                "arms": arms, "started": when(test.startedAt), "stopped": test.stoppedAt.map(when), "outcome": outcome,
            ])
        }
        return ["tests": rows]
    }

    /// The `estimate` partial's values: `value`, and `lower` and `upper` with `ci` when there is
    /// an interval, or `why` when there is none and the estimate says why (`no interval: every
    /// bootstrap resample gives the same value`); `value` false when the metric is missing (the
    /// partial shows an em dash).
    static func estimateValues(_ estimate: MetricEstimate?) -> TemplateValues {
        guard let estimate, estimate.value != nil else { return ["value": false] }
        let shown = HTML.figures(estimate)
        guard let interval = shown.interval else {
            var values: TemplateValues = ["value": shown.value]
            if let why = estimate.missingIntervalNote { values["why"] = why }
            return values
        }
        return ["value": shown.value, "ci": true, "lower": interval.lower, "upper": interval.upper]
    }

    /// A metric as `0.865 [0.860, 0.870]`, as `0.747 (no interval: …)` when it has no interval and
    /// says why, or an em dash when it is missing.
    static func estimate(_ estimate: MetricEstimate?) -> String {
        guard let estimate, estimate.value != nil else { return "—" }
        let shown = HTML.figures(estimate)
        var out = Markup(capacity: 80)
        out.add("<span class=\"estimate\">")
        out.add(escaping: shown.value)
        if let interval = shown.interval {
            out.add(" <span class=\"ci\">[")
            out.add(escaping: interval.lower)
            out.add(", ")
            out.add(escaping: interval.upper)
            out.add("]</span>")
        } else if let why = estimate.missingIntervalNote {
            out.add(" <span class=\"ci why\">(")
            out.add(escaping: why)
            out.add(")</span>")
        }
        out.add("</span>")
        return out.string
    }

    /// The `timeline` partial's values: every event, newest first, with when (UTC), who, what
    /// (from → to) linked to the event's page (`SitePaths.page(of:)`, as in the Atom feed), and
    /// the note; nil without events.
    static func timeline(
        _ events: [RegistryEvent], in state: RegistryState, context: BuildContext, showEndpoint: Bool = false
    )
        -> TemplateValues?
    {
        guard !events.isEmpty else { return nil }
        return [
            "events": events.reversed().map { event in
                templateValues([
                    "id": event.id, "at": event.at.description, "when": when(event.at), "by": event.by,
                    "endpointLink": showEndpoint
                        ? templateValues([
                            "name": event.endpoint, "url": context.url(SitePaths.endpoint(event.endpoint)),
                        ]) : nil,
                    "url": context.url(SitePaths.page(of: event)), "summary": event.summary(in: state),
                    "note": event.shownNote(in: state),
                ])
            }
        ]
    }
}

/// `2026-11-22 04:43 UTC`, kept on one line.
func timestamp(_ time: Timestamp) -> String {
    "<span class=\"when\">" + when(time) + "</span>"
}

/// `2026-11-22 04:43 UTC`: a moment for people, to the minute.
func when(_ time: Timestamp) -> String {
    let text = time.description
    return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
}
