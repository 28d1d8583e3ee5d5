import Basics
import Foundation
import Models

extension EvaluationReport {
    /// A plain-text summary for the terminal: the model, the data, every headline metric with
    /// its interval, calibration, and the gaps and too-small groups of each slice breakdown.
    public func summary() -> String {
        var lines: [String] = []
        lines.append("\(model.endpoint)/\(model.model)@\(model.version) on \(dataset.path)")
        let intervals =
            "95% intervals: Wilson or \(bootstrap.resamples)-resample stratified bootstrap (seed \(bootstrap.seed)"
            + (bootstrap.confusionRowPrior == nil
                ? ")" : "; confusion-matrix rows drawn from their Jeffreys posterior)")
        switch results {
        case .binary(let binary):
            let confusion = binary.confusion
            lines.append(
                "  \(groupedDigits(dataset.rows)) rows, \(groupedDigits(dataset.positives ?? confusion.positives)) "
                    + "positive; threshold "
                    + "\(Self.number(binary.threshold)); " + intervals)
            lines.append(
                "  confusion: TP \(groupedDigits(confusion.truePositives))  FP \(groupedDigits(confusion.falsePositives))  "
                    + "TN \(groupedDigits(confusion.trueNegatives))  FN \(groupedDigits(confusion.falseNegatives))")
            if let note = binary.thresholdNote { lines.append("  note: " + note) }
        case .multiclass(let multiclass):
            lines.append("  \(groupedDigits(dataset.rows)) rows, \(multiclass.classes.count) classes; " + intervals)
        case .regression:
            // One stratum: every row is drawn alike.
            lines.append(
                "  \(groupedDigits(dataset.rows)) rows; 95% intervals: \(bootstrap.resamples)-resample bootstrap (seed \(bootstrap.seed))"
            )
        }
        lines.append("")
        let nameWidth = max(20, (headline.map(\.name.count).max() ?? 0) + 2)
        // The constant column starts where the longest interval ends (trial28 #12: a price's
        // interval pushed its constant out of line).
        let estimateWidth = max(34, (headline.map { Self.describe($0.estimate).count }.max() ?? 0) + 2)
        for (name, estimate) in headline {
            // The constant baseline's value beside the model's (trial26 #1).
            let constant = baseline?.metrics[name].map { "constant " + Self.number($0) }
            lines.append(
                "  " + Self.pad(name, nameWidth)
                    + (constant.map { Self.pad(Self.describe(estimate), estimateWidth) + $0 } ?? Self.describe(estimate))
            )
        }
        if let ece = expectedCalibrationError, let bins = binary?.calibration.bins ?? multiclass?.calibration.bins {
            let kind = task == .multiclass ? "top-label, " : ""
            lines.append("  " + Self.pad("ece", nameWidth) + Self.number(ece) + "  (\(kind)\(bins.count) uniform bins)")
        }
        if let baseline {
            lines.append("  constant: \(baseline.answer) (scikit-learn's dummy estimators)")
            if let shortfall = baselineShortfall { lines.append("  warning: " + Self.sentence(shortfall)) }
            if let note = baselineNote { lines.append("  note: " + note) }
        }
        if let note = smallClassNote { lines.append("  note: " + note) }
        if let multiclass {
            lines.append("")
            for perClass in multiclass.metrics.perClass {
                let f1 =
                    perClass.tooSmallReason.map {
                        Self.describe(MetricEstimate(value: perClass.f1.value)) + "  [too small: \($0)]"
                    }
                    ?? Self.describe(perClass.f1)
                lines.append(
                    "  " + Self.pad(Self.shown(perClass.name), 20) + "n=" + Self.pad("\(perClass.support)", 7) + "f1 "
                        + f1)
            }
        }
        for breakdown in binary?.slices ?? [] {
            lines.append("")
            lines.append("  by \(Self.shown(breakdown.name)):")
            for group in breakdown.groups {
                lines.append(Self.groupLine(group.name, group.support, "acc", group.metrics.accuracy, group.reason))
            }
            lines += Self.gapLines(["TPR": breakdown.truePositiveRateGap, "parity": breakdown.demographicParityGap])
        }
        for breakdown in multiclass?.slices ?? [] {
            lines.append("")
            lines.append("  by \(Self.shown(breakdown.name)):")
            for group in breakdown.groups {
                lines.append(Self.groupLine(group.name, group.support, "acc", group.metrics.accuracy, group.reason))
            }
            lines += Self.gapLines(["accuracy": breakdown.accuracyGap])
        }
        for breakdown in regression?.slices ?? [] {
            lines.append("")
            lines.append("  by \(Self.shown(breakdown.name)):")
            for group in breakdown.groups {
                lines.append(
                    Self.groupLine(group.name, group.support, "mae", group.metrics.meanAbsoluteError, group.reason))
            }
            lines += Self.gapLines(["MAE": breakdown.meanAbsoluteErrorGap])
        }
        // The importance tables' field column fits the longest name (wine's
        // `od280/od315_of_diluted_wines` pushed its figures out of line).
        let names =
            (importances.permutation?.features.map(\.feature) ?? []) + (importances.shap?.features.map(\.feature) ?? [])
        let fieldWidth = min(48, max(24, (names.map(\.count).max() ?? 0) + 2))
        if let permutation = importances.permutation {
            lines.append("")
            lines.append(
                "  permutation importance (\(permutation.change), \(permutation.repeats) repeats):")
            let ranked = permutation.features.sorted {
                $0.mean != $1.mean ? $0.mean > $1.mean : $0.feature < $1.feature
            }
            for feature in ranked {
                lines.append(
                    "    " + Self.pad(feature.feature, fieldWidth) + Self.number(feature.mean) + " ± "
                        + Self.number(feature.std))
            }
        }
        // Trial29 #18: computed over 200 test rows and written to the report, and never shown
        // by `evaluate` (for `--data` without `--out`, computed for nothing).
        if let shap = importances.shap {
            lines.append("")
            lines.append(
                "  mean |SHAP| over \(counted(shap.rows, "test row")) ("
                    + shap.measured(perClassSummed: task == .multiclass) + "):")
            let ranked = shap.features.sorted { $0.mean != $1.mean ? $0.mean > $1.mean : $0.feature < $1.feature }
            for feature in ranked {
                lines.append("    " + Self.pad(feature.feature, fieldWidth) + Self.number(feature.mean))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the macro averages of a multiclass report rest on when some classes have too few
    /// test rows to judge (`smallClassNote(_:)`); nil otherwise, and for the other tasks.
    public var smallClassNote: String? {
        multiclass.flatMap { Self.smallClassNote($0.metrics.perClass) }
    }

    /// Trial29 #7: macro F1 and balanced accuracy weigh each class alike, so classes of one or
    /// two test rows, whose F1 is 0 or 1, carry them (a macro F1 of 0.91 above an accuracy of
    /// 0.88, with an interval whose upper end is the estimate); the per-class table flagged those
    /// classes, the headline did not. `macro_f1 and balanced_accuracy weigh each class alike, and
    /// 2 of 7 classes have fewer than 10 test rows (elderberry: 1, fig: 1): up to 0.286 of each
    /// rests on 2 test rows; accuracy and weighted_f1 weigh classes by their rows`. Classes with
    /// no test rows at all are not in the averages, so they are named apart and the shares are
    /// of the classes present (`Chinstrap, Gentoo have no test rows: balanced_accuracy
    /// leaves them out, and macro_f1 counts one only where it was predicted, at F1 0`). Nil
    /// when every class has enough rows (`MulticlassMetrics.PerClass.minimumSupport`).
    public static func smallClassNote(_ perClass: [MulticlassMetrics.PerClass]) -> String? {
        func names(_ classes: [MulticlassMetrics.PerClass]) -> [String] {
            classes.map { CategoryName.shown($0.name, limit: CategoryName.shownLength) }
        }
        let absent = perClass.filter { $0.support == 0 }
        let present = perClass.filter { $0.support > 0 }
        let small = present.filter { $0.tooSmallReason != nil }
        var parts: [String] = []
        if !absent.isEmpty {
            let one = absent.count == 1
            parts.append(
                ShortList.text(names(absent)) + (one ? " has" : " have") + " no test rows: balanced_accuracy leaves "
                    + (one ? "it" : "them") + " out, and macro_f1 counts " + (one ? "it" : "one")
                    + " only where it was predicted, at F1 0")
        }
        if !small.isEmpty {
            let listed = ShortList.text(zip(names(small), small).map { "\($0): \($1.support)" })
            let fewer = "fewer than \(MulticlassMetrics.PerClass.minimumSupport) test rows (\(listed))"
            if small.count == present.count {
                parts.append(
                    "every class \(absent.isEmpty ? "" : "with test rows ")has \(fewer), so macro_f1 and "
                        + "balanced_accuracy rest on a few rows of each")
            } else {
                let share = Double(small.count) / Double(present.count)
                let rows = counted(small.map(\.support).reduce(0, +), "test row")
                parts.append(
                    "macro_f1 and balanced_accuracy weigh each class alike, and \(small.count) of \(present.count) "
                        + "classes\(absent.isEmpty ? "" : " with test rows") \(small.count == 1 ? "has" : "have") "
                        + "\(fewer): up to \(figure(share, decimals: 3)) of each rests on \(rows)")
            }
        }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: "; ") + "; accuracy and weighted_f1 weigh classes by their rows"
    }

    /// Says that a version does not beat its constant baseline, with both numbers:
    /// `this version does not beat a constant: rmse 708752.3000 against 672013.0000 for the
    /// constant (it must be lower)`.
    public static func sentence(_ shortfall: ConstantBaseline.Shortfall) -> String {
        "this version does not beat a constant: " + comparison(shortfall)
    }

    /// The numbers of `sentence`: `rmse 708752.3000 against 672013.0000 for the constant (it
    /// must be lower)`, or for an R² `r2 -0.1273, not above 0 (…)`.
    public static func comparison(_ shortfall: ConstantBaseline.Shortfall) -> String {
        let higher = higherIsBetter(shortfall.metric) ?? true
        let against =
            shortfall.metric == "r2"
            ? ", not above 0 (always answering the test rows' own mean scores 0)"
            : " against \(number(shortfall.baseline)) for the constant (it must be \(higher ? "higher" : "lower"))"
        return "\(shortfall.metric) \(number(shortfall.value))" + against
    }

    static func groupLine(
        _ name: String, _ support: Int, _ metric: String, _ estimate: MetricEstimate, _ reason: String?
    )
        -> String
    {
        let flag = reason.map { "  [too small: \($0)]" } ?? ""
        return "    " + pad(shown(name), 32) + "n=" + pad("\(support)", 7) + metric + " " + describe(estimate) + flag
    }

    /// A group's, class's or field's name as a line of text shows it: cut to
    /// `CategoryName.shownLength` characters (trial17 #10: a 135 KB note in a slice table), and
    /// quoted with its line breaks, tabs, other control and format characters and other spaces escaped
    /// (`CategoryName.quoted`) when it holds one or starts or ends with a space, so that
    /// `basic ` and `basic` differ, no name breaks the table and none acts on the terminal; as is
    /// otherwise (bands such as `[30, 40)` stay readable). Only the text: the report keeps the
    /// name as it is.
    static func shown(_ name: String) -> String {
        // A category training never saw is shown as itself with the mark after it, outside
        // its quotes (trial36: `'re\x1bd (unseen in training)'`).
        if name.hasSuffix(VersionEvaluation.unseenMark), name != VersionEvaluation.unseenMark {
            return shown(String(name.dropLast(VersionEvaluation.unseenMark.count))) + VersionEvaluation.unseenMark
        }
        let name = CategoryName.shortened(name)
        let scalars = name.unicodeScalars
        // Quotes in a name are quoted too, so that `'L'` is not read as L (trial37 #5).
        let plain =
            scalars.first != " " && scalars.last != " " && !scalars.contains(where: ControlCharacters.isEscaped)
            && !scalars.contains("'") && !scalars.contains("\"")
        return plain ? name : CategoryName.quoted(name)
    }

    /// One line per gap that exists, in the order of `gaps`' keys as written (TPR before parity).
    static func gapLines(_ gaps: KeyValuePairs<String, SliceGap?>) -> [String] {
        gaps.compactMap { name, gap in
            gap.map { gap in
                func counts(_ rate: RateCounts?) -> String { rate.map { " " + $0.text } ?? "" }
                return "    \(name) gap \(number(gap.difference)) (\(shown(gap.highest))\(counts(gap.highestCounts)) − "
                    + "\(shown(gap.lowest))\(counts(gap.lowestCounts)))"
            }
        }
    }

    /// `0.8650  [0.8600, 0.8700]`; without an interval the value and the note saying why, when
    /// there is one (`0.7474  (no interval: every bootstrap resample gives the same value)`).
    static func describe(_ estimate: MetricEstimate) -> String {
        guard let value = estimate.value else { return "undefined (\(estimate.note ?? "no data"))" }
        guard let lower = estimate.lower, let upper = estimate.upper else {
            return number(value) + (estimate.missingIntervalNote.map { "  (\($0))" } ?? "")
        }
        let shown = figures([value, lower, upper], decimals: 4)
        return "\(shown[0])  [\(shown[1]), \(shown[2])]"
    }

    /// A metric, a threshold or an importance as the summary prints it (`figure`, 4 decimals).
    static func number(_ value: Double) -> String {
        figure(value, decimals: 4)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
