import Basics
import Evaluation
import Foundation
import JSONWriting
import Registry

/// How `modelpress ab` prints a test: an aligned table for people, JSON for scripts.
enum ABReport {
    /// The test's facts, one line per arm with its numbers, and the decision.
    static func text(_ test: ABTestRecord, interim: ABTestSummary? = nil) -> String {
        var out = "A/B test \(test.id) on \(test.endpoint): \(test.title)\n"
        out += "  started \(test.startedAt) by \(test.startedBy)"
        if let note = test.note { out += " — \(note)" }
        out += "\n"
        if let stopped = test.stoppedAt {
            out += "  stopped \(stopped) by \(test.stoppedBy ?? "?")"
            out += ", \(test.outcome)\n"
        } else {
            out += "  running\n"
        }
        let summary = test.summary ?? interim
        let onError = summary?.metric == "mean_absolute_error"
        var rows = [
            ["arm", "version", "split", "status before", "served", "feedback"]
                + (onError ? ["MAE (95% CI)"] : ["correct", "accuracy (95% CI)"])
        ]
        for arm in test.arms {
            let result = summary?.arms.first { $0.arm == arm.arm }
            // Counts grouped as the sentences below write them (trial22 #11).
            let count = { (value: (ABTestSummary.ArmResult) -> Int) -> String in
                result.map { groupedDigits(value($0)) } ?? "—"
            }
            var row = [arm.arm, "\(arm.model)@\(arm.version)", "\(arm.percent)%", arm.statusBefore.rawValue]
            row += [count(\.requests), count(\.withFeedback)]
            row += onError ? [result.map(meanAbsoluteError) ?? "—"] : [count(\.correct), result.map(accuracy) ?? "—"]
            rows.append(row)
        }
        out += table(rows)
        if let summary { out += classBalance(summary) }
        guard let summary else {
            return out
                + (test.aborted
                    ? "  the abort recorded no numbers, and there is no request log to count them from\n"
                    : "  no request log to count from yet\n")
        }
        if let difference = summary.difference {
            out += "  MAE difference B − A \(significant(difference))"
            if let low = summary.differenceLow, let high = summary.differenceHigh {
                out += " [\(significant(low)), \(significant(high))] (Welch 95% CI)"
            }
            out += "\n"
        }
        if let p = summary.pValue {
            out +=
                "  p-value \(number(p)) ("
                + (onError ? "two-sided Welch t-test on absolute errors" : "two-sided two-proportion z-test")
            out += summary.alpha.map { ", alpha \(String(format: "%g", $0)))" } ?? ")"
            out += ": \(summary.verdict)\n"
        }
        if let minimum = summary.minimumSampleSize {
            out += "  minimum sample: \(groupedDigits(minimum)) predictions with feedback per arm"
            out += summary.detection.map { "; " + $0 } ?? ""
            out += "\n"
        }
        if test.aborted {
            out += "  aborted without a decision; the counts above are the request log's\n"
        } else {
            out += (test.summary == nil ? "  if stopped now: " : "  decision: ") + summary.decision + "\n"
        }
        return out
    }

    /// A binary test's feedback by class (trial22 #10): per arm the positives among the
    /// feedback, the majority-class baseline, recall and precision of the positive class, then
    /// `ABTestSummary.classBalanceWarning` when there is one; nothing without class counts.
    static func classBalance(_ summary: ABTestSummary) -> String {
        guard let classes = summary.classes, classes.count == 2,
            summary.arms.contains(where: { $0.positives != nil })
        else { return "" }
        var rows = [
            [
                "arm", "positives (\(classes[1]))", "majority baseline (95% CI)", "recall (95% CI)",
                "precision (95% CI)",
            ]
        ]
        for arm in summary.arms {
            guard let positives = arm.positives, let baseline = arm.baseline(classes: classes) else {
                rows.append([arm.arm, "—", "—", "—", "—"])
                continue
            }
            let share = baseline.accuracy
            rows.append([
                arm.arm, "\(groupedDigits(positives)) of \(groupedDigits(arm.withFeedback))",
                "\(baseline.majorityClass): " + estimate(share.value, share.lower, share.upper, format: threeDecimals),
                rate(arm.recall, of: arm.truePositives, positives),
                rate(arm.precision, of: arm.truePositives, arm.predictedPositives),
            ])
        }
        var out = "  feedback by class (always answering the majority class scores its baseline):\n" + table(rows)
        if let warning = summary.classBalanceWarning { out += "  warning: \(warning)\n" }
        return out
    }

    /// `0.571 [0.250, 0.842] (4 of 7)`, or `— (none of 0)` when undefined.
    static func rate(_ estimate: MetricEstimate?, of hits: Int?, _ trials: Int?) -> String {
        let counts = " (\(groupedDigits(hits ?? 0)) of \(groupedDigits(trials ?? 0)))"
        guard let estimate, estimate.value != nil else { return "—" + counts }
        return self.estimate(estimate.value, estimate.lower, estimate.upper, format: threeDecimals) + counts
    }

    static func threeDecimals(_ value: Double) -> String { fixedDecimals(value, 3) }

    /// `0.865 [0.857, 0.873]`.
    static func accuracy(_ arm: ABTestSummary.ArmResult) -> String {
        estimate(arm.accuracy, arm.accuracyLow, arm.accuracyHigh) { fixedDecimals($0, 3) }
    }

    /// `12.3 [10.1, 14.5]`; `440306 [351133, 529478]` (never in exponent notation).
    static func meanAbsoluteError(_ arm: ABTestSummary.ArmResult) -> String {
        estimate(arm.meanAbsoluteError, arm.meanAbsoluteErrorLow, arm.meanAbsoluteErrorHigh) { significant($0) }
    }

    /// A value with its interval, each written by `format`, or a dash for an arm without feedback.
    static func estimate(_ value: Double?, _ low: Double?, _ high: Double?, format: (Double) -> String) -> String {
        guard let value else { return "— (no feedback)" }
        var text = format(value)
        if let low, let high { text += " [" + format(low) + ", " + format(high) + "]" }
        return text
    }

    static func number(_ value: Double) -> String {
        value < 0.0001 && value > 0 ? String(format: "%.2e", value) : fixedDecimals(value, 4)
    }

    /// Rows padded into columns, two spaces apart, indented by two.
    static func table(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "  "
                + zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces) + "\n"
        }.joined()
    }

    /// The test as a JSON object with sorted keys.
    static func json(_ test: ABTestRecord, interim: ABTestSummary? = nil) throws -> String {
        try encode(Document(test, interim: interim))
    }

    /// Several tests as a JSON array.
    static func json(_ tests: [ABTestRecord]) throws -> String {
        try encode(tests.map { Document($0, interim: nil) })
    }

    private static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONWriter.encode(value, .document), as: UTF8.self)
    }

    /// The JSON shape of a test; property names are the wire names.
    struct Document: Encodable {
        var id: Int
        var endpoint: String
        var title: String
        var arms: [ABArm]
        var running: Bool
        var started_at: Timestamp
        var started_by: String
        var note: String?
        var stopped_at: Timestamp?
        var stopped_by: String?
        var winner: String?
        /// Whether the test was aborted: ended without a decision.
        var aborted: Bool
        var summary: ABTestSummary?
        /// For a running test: what stopping now would decide.
        var interim: ABTestSummary?

        init(_ test: ABTestRecord, interim: ABTestSummary?) {
            id = test.id
            endpoint = test.endpoint
            title = test.title
            arms = test.arms
            running = test.isRunning
            started_at = test.startedAt
            started_by = test.startedBy
            note = test.note
            stopped_at = test.stoppedAt
            stopped_by = test.stoppedBy
            winner = test.winner
            aborted = test.aborted
            summary = test.summary
            self.interim = interim
        }
    }
}
