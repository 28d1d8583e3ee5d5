import Basics
import Evaluation
import Foundation
import Registry

/// The report of one A/B test: its arms and split, when it ran, the per-arm counts and
/// accuracies with their intervals, the p-value and the decision with its reason.
struct ABTestPage {
    let test: ABTestRecord
    let state: RegistryState
    let context: BuildContext

    var title: String { "A/B test \(test.id) · \(test.endpoint)" }

    var body: String {
        var out = "<p class=\"breadcrumb\">\(context.link(SitePaths.endpoint(test.endpoint), test.endpoint)) ›</p>\n"
        out += "<h1>A/B test \(test.id): \(HTML.escape(test.title))</h1>\n"
        out += "<dl class=\"facts\">\n<dt>State</dt><dd>\(HTML.escape(state(of: test)))</dd>\n"
        out += "<dt>Split</dt><dd>"
        out += test.arms.map { "\(HTML.escape($0.arm)) \($0.percent)%" }.joined(separator: " / ")
        out += " of the requests that pin no version</dd>\n"
        out += "<dt>Started</dt><dd>\(timestamp(test.startedAt)) by \(HTML.escape(test.startedBy))</dd>\n"
        if let stopped = test.stoppedAt {
            out += "<dt>Stopped</dt><dd>\(timestamp(stopped)) by \(HTML.escape(test.stoppedBy ?? "?"))</dd>\n"
        }
        if let note = test.note { out += "<dt>Why</dt><dd>\(HTML.escape(note))</dd>\n" }
        out += "</dl>\n"
        out += "<h2 id=\"arms\">Arms</h2>\n" + arms + result
        out += "<h2 id=\"timeline\">Timeline</h2>\n" + EndpointPage.timeline(events, context: context)
        return out
    }

    /// `running`, `stopped: arm B won`, `stopped without a winner`.
    func state(of test: ABTestRecord) -> String {
        guard !test.isRunning else { return "running" }
        return test.winner.map { "stopped: arm \($0) won" } ?? "stopped without a winner"
    }

    private var arms: String {
        let rows = test.arms.map { arm -> [String] in
            let id = VersionID(endpoint: test.endpoint, model: arm.model, version: arm.version)
            let result = test.summary?.arms.first { $0.arm == arm.arm }
            let won = test.winner == arm.arm ? " <strong>(winner)</strong>" : ""
            return [
                HTML.escape(arm.arm) + won, context.link(SitePaths.card(id), id.shortName), "\(arm.percent)%",
                HTML.escape(arm.statusBefore.rawValue), result.map { String($0.requests) } ?? "—",
                result.map { String($0.withFeedback) } ?? "—", result.map { String($0.correct) } ?? "—",
                result.map(Self.accuracy) ?? "—",
            ]
        }
        return HTML.table(
            [
                "Arm", "Version", "Split", "Status before", "Served", "With feedback", "Correct",
                "Accuracy (Wilson 95% CI)",
            ], rows)
    }

    /// `0.865 [0.857, 0.873]`, or an em dash for an arm without feedback.
    static func accuracy(_ arm: ABTestSummary.ArmResult) -> String {
        EndpointPage.estimate(MetricEstimate(value: arm.accuracy, lower: arm.accuracyLow, upper: arm.accuracyHigh))
    }

    private var result: String {
        var out = "<h2 id=\"result\">Result</h2>\n"
        guard let summary = test.summary else {
            let id = test.id
            return out + "<p>The test is running; its numbers are recorded when it stops "
                + "(<code>modelpress ab show \(id)</code> counts the live request log).</p>\n"
        }
        out += "<dl class=\"facts\">\n"
        out += "<dt>Decision</dt><dd>\(HTML.escape(summary.decision))</dd>\n"
        if let p = summary.pValue {
            out += "<dt>p-value</dt><dd>\(HTML.escape(Self.pValue(p))) (two-sided two-proportion z-test"
            out += summary.alpha.map { ", α = \(HTML.number($0, digits: 2))" } ?? ""
            out += "; \(summary.significant ? "significant" : "not significant"))</dd>\n"
        }
        if let minimum = summary.minimumSampleSize {
            out += "<dt>Minimum sample</dt><dd>\(minimum) predictions with feedback per arm before a winner is named"
            if let required = summary.requiredPerArm {
                out += "; about \(required) per arm detect the observed difference with 80% power"
            }
            out += "</dd>\n"
        }
        if summary.forced { out += "<dt>Forced</dt><dd>yes: promoted without a significant difference</dd>\n" }
        return out + "</dl>\n"
    }

    /// Small p-values in scientific notation (`3.2e-07`), others with four decimals.
    static func pValue(_ p: Double) -> String {
        p < 0.0001 && p > 0 ? String(format: "%.1e", p) : HTML.number(p, digits: 4)
    }

    /// The events of this test: its start and stop, and the status changes they made.
    private var events: [RegistryEvent] {
        state.events(of: test.endpoint).filter { $0.abTestID == test.id }
    }
}

extension RegistryEvent {
    /// The A/B test this event belongs to: its start or stop, a status change it made, or the
    /// automatic archive its stop wrote (noted `archived automatically: … won A/B test N`).
    var abTestID: Int? {
        switch body {
        case .abStarted(let start): return start.id
        case .abStopped(let stop): return stop.id
        case .statusChanged(let change):
            if let test = change.abTest { return test }
            guard change.replacedBy != nil, let note, note.hasPrefix("archived automatically:"),
                note.contains(" won A/B test ")
            else { return nil }
            return note.split(separator: " ").last.flatMap { Int($0) }
        default: return nil
        }
    }
}
