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

    /// The `ab-test` template's values: accuracy per arm for classification; for regression
    /// the mean absolute error per arm and B − A with Welch's interval and t-test.
    var values: TemplateValues {
        let regression = state.endpoints[test.endpoint]?.definition.schema.task == .regression
        // An aborted test recorded no numbers: with a request log, its counts there, as `ab show`.
        let counted = context.abortedTallies[test.id].map {
            ABTestSummary.interim(test, tallies: $0, task: state.task(of: test), labels: state.labels(of: test))
        }
        let summary = test.summary ?? counted
        let arms = test.arms.enumerated().map { index, arm -> TemplateValues in
            let id = VersionID(endpoint: test.endpoint, model: arm.model, version: arm.version)
            let result = summary?.arms.first { $0.arm == arm.arm }
            return [
                "first": index == 0, "arm": arm.arm, "won": test.winner == arm.arm,
                "mark": test.decidedByForce ? (test.winnerKept ? "kept by --force" : "promoted by --force") : "winner",
                "url": context.url(SitePaths.card(id)), "name": id.shortName, "percent": arm.percent,
                "statusBefore": arm.statusBefore.rawValue, "served": result.map { HTML.grouped($0.requests) } ?? "—",
                "withFeedback": result.map { HTML.grouped($0.withFeedback) } ?? "—",
                "correct": result.map { HTML.grouped($0.correct) } ?? "—",
                "accuracy": EndpointPage.estimateValues(
                    result.map { MetricEstimate(value: $0.accuracy, lower: $0.accuracyLow, upper: $0.accuracyHigh) }),
                "mae": EndpointPage.estimateValues(
                    result.map {
                        MetricEstimate(
                            value: $0.meanAbsoluteError, lower: $0.meanAbsoluteErrorLow, upper: $0.meanAbsoluteErrorHigh
                        )
                    }),
            ]
        }
        return templateValues([
            "endpoint": test.endpoint, "endpointURL": context.url(SitePaths.endpoint(test.endpoint)), "id": test.id,
            "title": test.title, "state": state(of: test), "arms": arms, "regression": regression,
            "running": test.isRunning, "aborted": test.aborted,
            "started": when(test.startedAt), "startedBy": test.startedBy,
            "stopped": test.stoppedAt.map { templateValues(["when": when($0), "by": test.stoppedBy ?? "?"]) },
            "why": test.note, "result": test.summary.map { result($0, regression: regression) },
            "counted": counted.map { counted in
                // The statistics a stop would record, without a decision: there was none.
                result(counted, regression: regression).filter { $0.key != "decision" && $0.key != "forced" }
                    .merging(["log": context.serving.map { URL(fileURLWithPath: $0.path).lastPathComponent } ?? ""]) {
                        $1
                    }
            },
            "classes": summary.flatMap(Self.classes),
            "timeline": EndpointPage.timeline(events, in: state, context: context),
        ])
    }

    /// `running`, `stopped: arm B won`, `stopped: arm B promoted by --force (no significant
    /// difference)` (or `arm A kept by --force …`), `stopped without a winner`, `aborted without a decision`
    /// (`ABTestRecord.outcome`).
    func state(of test: ABTestRecord) -> String {
        guard !test.isRunning, !test.aborted else { return test.outcome }
        return test.winner == nil ? "stopped without a winner" : "stopped: " + test.outcome
    }

    /// What the stop recorded: the decision, the difference (regression), the p-value and its
    /// test, the minimum sample and whether the promotion was forced.
    private func result(_ summary: ABTestSummary, regression: Bool) -> TemplateValues {
        templateValues([
            "decision": summary.decision,
            "difference": summary.difference.map {
                EndpointPage.estimateValues(
                    MetricEstimate(value: $0, lower: summary.differenceLow, upper: summary.differenceHigh))
            },
            "pValue": summary.pValue.map(Self.pValue),
            "testName": regression ? "Welch's t-test" : "two-proportion z-test",
            "alpha": summary.alpha.map { HTML.number($0, digits: 2) }, "significant": summary.significant,
            "verdict": summary.verdict,
            "minimumSample": summary.minimumSampleSize.map(HTML.grouped),
            "detection": summary.detection,
            "forced": summary.forced
                ? (test.winnerKept ? "kept in production" : "promoted") + " without a significant difference" : nil,
        ])
    }

    /// A binary test's feedback by class (trial22 #10), as `ab show` prints it: per arm the
    /// positives, the majority-class baseline, recall and precision of the positive class, and
    /// `ABTestSummary.classBalanceWarning`; nil without class counts (regression, multiclass, a
    /// test stopped before they were stored).
    static func classes(_ summary: ABTestSummary) -> TemplateValues? {
        guard let classes = summary.classes, classes.count == 2 else { return nil }
        let arms = summary.arms.compactMap { arm -> TemplateValues? in
            guard let positives = arm.positives, let baseline = arm.baseline(classes: classes) else { return nil }
            return [
                "arm": arm.arm, "positives": HTML.grouped(positives), "withFeedback": HTML.grouped(arm.withFeedback),
                "majorityClass": baseline.majorityClass, "baseline": EndpointPage.estimateValues(baseline.accuracy),
                "recall": EndpointPage.estimateValues(arm.recall),
                "precision": EndpointPage.estimateValues(arm.precision),
                "truePositives": HTML.grouped(arm.truePositives ?? 0),
                "predictedPositives": HTML.grouped(arm.predictedPositives ?? 0),
            ]
        }
        guard !arms.isEmpty else { return nil }
        return templateValues([
            "positiveClass": classes[1], "arms": arms, "warning": summary.classBalanceWarning,
        ])
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
    /// automatic archive its stop wrote (noted `archived automatically: … won A/B test N`, or
    /// `… in A/B test N` for a forced stop: `ABTestRecord.stopNotes`).
    var abTestID: Int? {
        switch body {
        case .abStarted(let start): return start.id
        case .abStopped(let stop): return stop.id
        case .statusChanged(let change):
            if let test = change.abTest { return test }
            guard change.replacedBy != nil, let note, note.hasPrefix("archived automatically:"),
                note.contains(" won A/B test ") || note.contains(" in A/B test ")
            else { return nil }
            return note.split(separator: " ").last.flatMap { Int($0) }
        default: return nil
        }
    }
}
