import Evaluation
import Monitoring
import Registry

/// The monitoring section of an endpoint's page and of its production version's card
/// (`partials/monitoring`): how the requests that version answered compare with its reference
/// distribution, per week from the first request's day, as `modelpress monitor` reports it with
/// its default measures and thresholds (the figures are `DriftCheck`'s). The table shows the
/// newest window, a sparkline per row the deciding measure over every window; the drifting
/// fields get their distributions side by side; the feedback's accuracy or mean absolute error
/// per window where there is some.
struct MonitoringSection {
    /// The windows' length: monitor's default, seven days.
    static let windowSeconds: Int64 = 7 * 86_400

    let endpoint: String
    let production: VersionRecord?
    let check: DriftCheck?
    /// The requests a window needs to be judged (`DriftOptions.minimumRequests`).
    let minimumRequests: Int
    /// True when the version has no reference.json and its declared data cannot be read again.
    var referenceUnavailable = false
    /// The request log's file name.
    let log: String
    let context: BuildContext

    /// `monitoring`'s values: a `statement` when there is nothing to compare, else a `report`.
    var values: TemplateValues {
        guard let production else {
            return [
                "statement":
                    "No version of \(endpoint) is in production, so there are no requests to compare with a reference."
            ]
        }
        if referenceUnavailable {
            return [
                "statement":
                    "\(production.id.shortName), the production version, has no reference distribution to compare "
                    + "its requests with: no reference.json beside its model.bin, and the data its training.json "
                    + "declares cannot be read again (modelpress monitor \(endpoint) says which file is missing)."
            ]
        }
        guard let check, let latest = check.report.windows.last(where: { $0.requests > 0 }) else {
            return [
                "statement":
                    "The request log \(log) has no requests answered by \(production.id.shortName), the production "
                    + "version, so there is nothing to compare with its reference yet."
            ]
        }
        let windows = check.report.windows
        let drifts = latest.fields + (latest.prediction.map { [$0] } ?? [])
        var rows: [TemplateValues] = []
        var distributions: [TemplateValues] = []
        for (index, drift) in drifts.enumerated() {
            let isPrediction = index == latest.fields.count
            let name = isPrediction ? "prediction (\(drift.name))" : drift.name
            let series = windows.map { window -> (String, Double?) in
                let match = isPrediction ? window.prediction : window.fields.first { $0.name == drift.name }
                return (Self.day(window.start), match?.value)
            }
            rows.append(
                templateValues([
                    "name": name, "method": drift.method.rawValue,
                    "value": drift.value.map(DriftCheck.figure) ?? "n/a", "condition": DriftCheck.condition(drift),
                    "chance": drift.chanceLevel.map(DriftCheck.figure),
                    "drifted": drift.drifted, "reasons": drift.reasons.joined(separator: ", "),
                    "unused": !drift.usedByModel,
                    "psi": drift.psi.map(DriftCheck.figure) ?? "n/a",
                    "missing": DriftCheck.share(drift.missingShare),
                    "referenceMissing": DriftCheck.share(drift.referenceMissingShare),
                    "unseen": drift.unseenShare.map { share in
                        DriftCheck.share(share)
                            + ((drift.unseen ?? []).isEmpty ? "" : " (\((drift.unseen ?? []).joined(separator: ", ")))")
                    },
                    "sparkline": Charts.driftSparkline(
                        id: "drift-trend-\(index + 1)", name: name, drift: drift, points: series),
                ]))
            if drift.drifted {
                distributions.append([
                    "name": name,
                    "chart": Charts.driftDistribution(
                        id: "drift-distribution-\(index + 1)", name: name, drift: drift,
                        window: "\(Self.day(latest.start)) to \(Self.day(latest.end))"),
                ])
            }
        }
        let drifting = windows.filter { !$0.drifted.isEmpty }
        let verdict =
            drifting.isEmpty
            ? "No window crossed a threshold."
            : "\(drifting.count) of \(windows.count) window\(windows.count == 1 ? "" : "s") crossed a threshold: "
                + drifting.map { "\(Self.day($0.start)) (\($0.drifted.joined(separator: ", ")))" }
                .joined(separator: "; ") + "."
        let feedback = windows.compactMap { window -> TemplateValues? in
            guard let feedback = window.feedback else { return nil }
            return templateValues([
                "start": Self.day(window.start), "end": Self.day(window.end), "requests": HTML.grouped(window.requests),
                "rows": HTML.grouped(feedback.rows), "value": DriftCheck.figure(feedback.value),
                "classNote": feedback.classNote,
            ])
        }
        let metric = windows.compactMap(\.feedback).first?.metric == "mae" ? "Mean absolute error" : "Accuracy"
        return [
            "report": templateValues([
                "version": production.id.shortName, "versionURL": context.url(SitePaths.card(production.id)),
                "log": log, "requests": HTML.grouped(check.requests),
                "windowCount": "\(windows.count) window\(windows.count == 1 ? "" : "s")",
                "from": windows.first.map { Self.day($0.start) }, "madeAgain": check.madeAgain,
                "latest": [
                    "start": Self.day(latest.start), "end": Self.day(latest.end),
                    "requests": HTML.grouped(latest.requests),
                ],
                "drifting": !latest.drifted.isEmpty, "judged": latest.judged,
                "minimumRequests": HTML.grouped(minimumRequests), "verdict": verdict, "rows": rows,
                "byChance": drifts.contains { $0.chanceLevel != nil },
                // Marked on every row, drifted or not, as `modelpress monitor` marks them (trial23 #3).
                "anyUnused": drifts.contains { !$0.usedByModel },
                "distributions": distributions.isEmpty ? nil : distributions,
                "feedback": feedback.isEmpty ? nil : ["metric": metric, "windows": feedback],
            ])
        ]
    }

    /// A window's bound as a day (`2026-11-02`): windows start at midnight UTC.
    static func day(_ time: String) -> String {
        String(time.prefix(10))
    }
}
