import Foundation

extension EvaluationReport {
    /// A plain-text summary for the terminal: the model, the data, every headline metric with
    /// its interval, calibration, and the gaps and too-small groups of each slice breakdown.
    public func summary() -> String {
        var lines: [String] = []
        lines.append("\(model.endpoint)/\(model.model)@\(model.version) on \(dataset.path)")
        lines.append(
            "  \(dataset.rows) rows, \(dataset.positives) positive; threshold \(Self.number(threshold)); "
                + "95% intervals: Wilson or \(bootstrap.resamples)-resample stratified bootstrap (seed \(bootstrap.seed))"
        )
        lines.append(
            "  confusion: TP \(confusion.truePositives)  FP \(confusion.falsePositives)  "
                + "TN \(confusion.trueNegatives)  FN \(confusion.falseNegatives)")
        lines.append("")
        for name in MetricName.allCases {
            lines.append("  " + Self.pad(name.rawValue, 20) + Self.describe(metrics[name]))
        }
        if let ece = calibration.expectedCalibrationError {
            lines.append("  " + Self.pad("ece", 20) + Self.number(ece) + "  (\(calibration.bins.count) uniform bins)")
        }
        for breakdown in slices {
            lines.append("")
            lines.append("  by \(breakdown.name):")
            for group in breakdown.groups {
                let flag = group.reason.map { "  [too small: \($0)]" } ?? ""
                lines.append(
                    "    " + Self.pad(group.name, 32) + "n=" + Self.pad("\(group.support)", 7)
                        + "acc " + Self.describe(group.metrics.accuracy) + flag)
            }
            if let gap = breakdown.truePositiveRateGap {
                lines.append("    TPR gap \(Self.number(gap.difference)) (\(gap.highest) − \(gap.lowest))")
            }
            if let gap = breakdown.demographicParityGap {
                lines.append("    parity gap \(Self.number(gap.difference)) (\(gap.highest) − \(gap.lowest))")
            }
        }
        if let permutation = importances.permutation {
            lines.append("")
            lines.append(
                "  permutation importance (drop in \(permutation.metric.rawValue), \(permutation.repeats) repeats):")
            let ranked = permutation.features.sorted {
                $0.mean != $1.mean ? $0.mean > $1.mean : $0.feature < $1.feature
            }
            for feature in ranked {
                lines.append(
                    "    " + Self.pad(feature.feature, 24) + Self.number(feature.mean) + " ± "
                        + Self.number(feature.std))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ estimate: MetricEstimate) -> String {
        guard let value = estimate.value else { return "undefined (\(estimate.note ?? "no data"))" }
        guard let lower = estimate.lower, let upper = estimate.upper else { return number(value) }
        return "\(number(value))  [\(number(lower)), \(number(upper))]"
    }

    static func number(_ value: Double) -> String {
        String(format: "%.4f", value)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
