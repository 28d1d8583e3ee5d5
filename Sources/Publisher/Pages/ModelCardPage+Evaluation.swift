import Evaluation
import Models

/// One subsection of a card's evaluation: its heading's anchor and text, and its content
/// (tables, charts as SVG, notes) as HTML.
struct EvaluationPart {
    var anchor: String
    var heading: String
    var html: String

    /// The `partials/card/evaluation` values of the part; the template ends the content's line.
    var values: TemplateValues {
        ["anchor": anchor, "heading": heading, "html": ModelCardPage.line(html)]
    }
}

extension ModelCardPage {
    /// The evaluation's values for `partials/card/evaluation`: what it was computed on (`summary`,
    /// HTML) and its subsections (`parts`): headline metrics with intervals, the confusion
    /// matrix, charts, slices and importances, as the task has them.
    func evaluation(_ report: EvaluationReport) -> TemplateValues {
        let (summary, parts): (String, [EvaluationPart]) =
            switch report.results {
            case .binary(let binary): (binarySummary(report, binary), self.binary(report, binary))
            case .multiclass(let multiclass):
                (
                    evaluatedOn(report, classes: multiclass.classes.count, intervals: "Wilson for rates, a"),
                    self.multiclass(report, multiclass)
                )
            case .regression(let regression):
                (evaluatedOn(report, classes: nil, intervals: "a"), self.regression(report, regression))
            }
        return ["summary": Self.line(summary), "parts": parts.map(\.values)]
    }

    private func binarySummary(_ report: EvaluationReport, _ binary: BinaryEvaluation) -> String {
        let data = report.dataset
        var out =
            "<p>On <code>\(HTML.escape(data.path))</code> (\(HTML.grouped(data.rows)) rows, \(HTML.grouped(data.positives ?? 0)) positive"
        if let label = data.positiveLabel { out += ": <code>\(HTML.escape(label))</code>" }
        out += ") at threshold \(HTML.figure(binary.threshold)). Intervals are 95% confidence intervals "
        out += "(Wilson for rates, a \(report.bootstrap.resamples)-resample bootstrap for the rest)."
        out += Self.intervalMethod(report) + "</p>\n"
        if let note = binary.thresholdNote { out += "<p><strong>Note:</strong> \(HTML.escape(note)).</p>\n" }
        // A rare class (trial26 #2): accuracy and ROC AUC say little; say what to read instead.
        if let positives = data.positives, RareClass.isImbalanced(positives: positives, rows: data.rows) {
            let share = HTML.figure(Double(positives) / Double(max(data.rows, 1)))
            out += "<p>The positive class is \(share) of these rows, so accuracy is read against the majority "
            out += "class's (the constant baseline's) and ROC AUC hides the rare class: "
            out += "balanced accuracy, MCC and average precision (whose chance level is the positive share) "
            out += "say more.</p>\n"
        }
        return out
    }

    /// Headline metrics with intervals, the confusion matrix, charts, slices and importances.
    private func binary(_ report: EvaluationReport, _ binary: BinaryEvaluation) -> [EvaluationPart] {
        var slices = "<p>Groups with fewer than \(report.minimumSliceSupport) rows, or without both classes, are "
        slices += "flagged <em>too small</em> and left out of the gaps; so is a group with fewer than "
        slices +=
            "\(report.minimumSliceSupport) positive rows from the true-positive-rate gap, which divides by them.</p>\n"
        for breakdown in binary.slices { slices += Self.sliceTable(breakdown) }
        return [
            EvaluationPart(anchor: "metrics", heading: "Headline metrics", html: metricsTable(report)),
            EvaluationPart(
                anchor: "confusion", heading: "Confusion matrix",
                html: confusionTable(binary.confusion, classes: binaryClasses(report))),
            charts(report, binary),
            EvaluationPart(anchor: "slices", heading: "Sliced and intersectional metrics", html: slices),
            importances(report.importances, task: report.task),
        ]
    }

    /// The headline metrics with their intervals and, when the report has one, the constant
    /// baseline's value of each beside them, what the constant is, and a warning when the
    /// version does not beat it (trial26 #1).
    func metricsTable(_ report: EvaluationReport) -> String {
        let baseline = report.baseline
        let rows = report.headline.map { name, estimate -> [String] in
            let shown = HTML.figures(estimate)
            let row = [
                HTML.escape(name), shown.value, shown.interval.map { "[\($0.lower), \($0.upper)]" } ?? "—",
                HTML.escape(estimate.method.rawValue) + (estimate.note.map { " (\(HTML.escape($0)))" } ?? ""),
            ]
            return baseline.map { row + [$0.metrics[name].map { HTML.figure($0) } ?? "—"] } ?? row
        }
        let smallClasses = report.smallClassNote.map { "<p><strong>Note:</strong> \(HTML.escape($0)).</p>\n" } ?? ""
        guard let baseline else { return HTML.table(["Metric", "Value", "95% CI", "Method"], rows) + smallClasses }
        var out = HTML.table(["Metric", "Value", "95% CI", "Method", "Constant baseline"], rows)
        out += "<p>Constant baseline: \(HTML.escape(baseline.answer)), whatever the input, scored on the same "
        out += "test rows (scikit-learn's dummy estimators).</p>\n"
        if let shortfall = report.baselineShortfall {
            out += "<p><span class=\"flag\">Warning:</span> "
            out += HTML.escape(EvaluationReport.sentence(shortfall)) + ".</p>\n"
        }
        if let note = report.baselineNote { out += "<p><strong>Note:</strong> \(HTML.escape(note)).</p>\n" }
        return out + smallClasses
    }

    /// The binary label's classes, negative then positive: the endpoint's label values, when its
    /// second is the positive class the report names; nil when they cannot be told.
    func binaryClasses(_ report: EvaluationReport) -> (negative: String, positive: String)? {
        let values = context.registry?.endpoints[version.id.endpoint]?.definition.schema.labelValues ?? []
        guard values.count == 2, report.dataset.positiveLabel.map({ $0 == values[1] }) ?? true else { return nil }
        return (values[0], values[1])
    }

    func confusionTable(_ matrix: ConfusionMatrix, classes: (negative: String, positive: String)?) -> String {
        func named(_ side: String, _ name: String?) -> String {
            name.map { "\(side) <code>\(HTML.escape($0))</code>" } ?? side
        }
        let negative = named("negative", classes?.negative), positive = named("positive", classes?.positive)
        return """
            <div class="table-scroll"><table class="confusion">
            <thead><tr><td></td><th scope="col">Predicted \(negative)</th><th scope="col">Predicted \(positive)</th></tr></thead>
            <tbody>
            <tr><th scope="row">Actual \(negative)</th><td>\(HTML.grouped(matrix.trueNegatives)) (TN)</td><td>\(HTML.grouped(matrix.falsePositives)) (FP)</td></tr>
            <tr><th scope="row">Actual \(positive)</th><td>\(HTML.grouped(matrix.falseNegatives)) (FN)</td><td>\(HTML.grouped(matrix.truePositives)) (TP)</td></tr>
            </tbody>
            </table></div>

            """
    }

    static func sliceTable(_ breakdown: SliceBreakdown) -> String {
        let rows = NumericBands.inBandOrder(breakdown.groups, values: \.values).map { group -> [String] in
            let flag = Self.flag(tooSmall: group.tooSmall, reason: group.reason)
            return [
                HTML.escape(Self.shownGroup(group.values)), HTML.grouped(group.support), HTML.grouped(group.positives),
                EndpointPage.estimate(group.metrics.accuracy), EndpointPage.estimate(group.metrics.recall),
                EndpointPage.estimate(group.metrics.selectionRate), flag,
            ]
        }
        let out = HTML.table(
            ["Group", "Rows", "Positives", "Accuracy", "True-positive rate", "Selection rate", "Note"], rows,
            caption: "By \(breakdown.name)")
        var gaps: [(SliceGap, String)] = []
        if let gap = breakdown.truePositiveRateGap { gaps.append((gap, "Equal-opportunity gap (TPR)")) }
        if let gap = breakdown.demographicParityGap { gaps.append((gap, "Demographic-parity gap")) }
        return out + gapList(gaps, groups: breakdown.groups.map { ($0.name, $0.values) })
    }

    /// A slice group as the card shows it: each value as messages and the form show a category
    /// (`CategoryName.shown`: `'basic '` quoted, so that it does not read as `basic`), cut to
    /// `CategoryName.shownLength` characters (trial17 #10: a 135 KB note made a 31,836-character
    /// cell), joined by ` × ` as the group's name is.
    static func shownGroup(_ values: [String]) -> String {
        values.map { CategoryName.shown($0, limit: CategoryName.shownLength) }.joined(separator: " × ")
    }

    /// The note of a slice group left out of the gaps; empty for one that counts.
    static func flag(tooSmall: Bool, reason: String?) -> String {
        tooSmall ? "<span class=\"flag\">too small</span>" + (reason.map { ": \(HTML.escape($0))" } ?? "") : ""
    }

    /// The gaps under a slice table, as a list; empty without any. `groups` (each group's name
    /// and values) show the gaps' groups as the table does (`shownGroup`).
    static func gapList(_ gaps: [(SliceGap, String)], groups: [(name: String, values: [String])]) -> String {
        guard !gaps.isEmpty else { return "" }
        let shown = Dictionary(groups.map { ($0.name, Self.shownGroup($0.values)) }) { first, _ in first }
        return "<ul class=\"gaps\">\n" + gaps.map { describe($0, $1, shown) }.joined() + "</ul>\n"
    }

    private static func describe(_ gap: SliceGap, _ label: String, _ shown: [String: String]) -> String {
        func counts(_ rate: RateCounts?) -> String { rate.map { ", \($0.successes) of \($0.trials)" } ?? "" }
        return "<li>\(label): <strong>\(HTML.figure(gap.difference))</strong> between "
            + "\(HTML.escape(shown[gap.highest] ?? gap.highest)) (highest\(counts(gap.highestCounts))) and "
            + "\(HTML.escape(shown[gap.lowest] ?? gap.lowest)) (lowest\(counts(gap.lowestCounts))), over "
            + "\(gap.groupsCompared) groups</li>\n"
    }

    func importances(_ importances: Importances, task: PredictionTask) -> EvaluationPart {
        var out = ""
        if let model = importances.model {
            if let measured = ownImportance {
                let sorted = model.sorted { ($0.importance, $1.feature) > ($1.importance, $0.feature) }
                out += importanceChart(sorted.map { ($0.feature, $0.importance) }, title: measured.title)
                out += HTML.table(
                    ["Feature", measured.title],
                    sorted.map { [HTML.escape($0.feature), HTML.figure($0.importance, decimals: 4)] },
                    caption: measured.caption)
            } else {
                out += "<p>The model records no importance of its own: none of its splits has a gain.</p>\n"
            }
        }
        if let permutation = importances.permutation {
            let sorted = permutation.features.sorted { ($0.mean, $1.feature) > ($1.mean, $0.feature) }
            out += HTML.table(
                ["Feature", "Mean drop", "Std"],
                sorted.map {
                    [HTML.escape($0.feature), HTML.figure($0.mean, decimals: 4), HTML.figure($0.std, decimals: 4)]
                },
                caption:
                    "Permutation importance: \(permutation.change) from "
                    + "\(HTML.figure(permutation.baseline)) over \(permutation.repeats) shuffles (seed \(permutation.seed))"
            )
        }
        if importances.model == nil && importances.permutation == nil { out += "<p>Not computed.</p>\n" }
        out += meanAbsoluteSHAP(importances.shap, perClassSummed: task == .multiclass)
        return EvaluationPart(anchor: "importance", heading: "Feature importance", html: out)
    }

    /// What the model's own importances are, by what the version's training.json records
    /// (`ImportSource.importanceMeasure`; a version trained here has its trainer's gains): the
    /// table's title and caption, nil when it records none. Each says what the numbers are, so
    /// that split counts (an ONNX file's) are not read as gains (trial22 #4: the same heading, "as
    /// reported by the model", showed both).
    var ownImportance: (title: String, caption: String)? {
        let gain = "Share of total gain"
        guard let source = evidence.source else {
            switch Algorithm(rawValue: version.facts.algorithm) {
            case .randomForest, .extraTrees:
                return (
                    "Share of gain",
                    "The model's own: each tree's impurity decrease (the gain of its splits on the training rows) on "
                        + "each field as a share of the tree's, averaged over the trees (mean decrease in impurity, "
                        + "scikit-learn's feature_importances_)"
                )
            default:
                return (
                    gain,
                    "The model's own: each field's share of the gain (loss or impurity decrease on the training rows) "
                        + "of all the trees' splits"
                )
            }
        }
        switch source.importanceMeasure {
        case .gain where source.format == ModelImporter.Format.lightgbm.rawValue:
            return (
                gain,
                "Recorded by LightGBM: each field's share of the split_gain of all the trees' splits (its "
                    + "feature_importance(importance_type=\"gain\"); not the split counts of the file's "
                    + "feature_importances)"
            )
        case .gain where source.format == ModelImporter.Format.xgboost.rawValue:
            return (
                gain,
                "Recorded by XGBoost: each field's share of the loss_changes of all the trees' splits (its "
                    + "get_score(importance_type=\"total_gain\"))"
            )
        case .gain:
            return (gain, "Recorded in the model file: each field's share of the gain of all the trees' splits")
        case .splits:
            return (
                "Share of splits",
                "Counted from the model file's trees: the fraction of their splits that test each field. An ONNX "
                    + "file records no gain, so this is not the model's own feature importance and says little of "
                    + "how much a field moves the predictions, which the permutation importance below measures"
            )
        case .none:
            return nil
        }
    }

    /// Mean |SHAP| per field as the report stores it, largest first; a report written before
    /// it was stored says so and names the command that computes it (reports are never rewritten).
    /// - Parameter perClassSummed: a multiclass model's, whose means are over each field's
    ///   |contribution| summed over the classes.
    func meanAbsoluteSHAP(_ shap: MeanAbsoluteSHAP?, perClassSummed: Bool) -> String {
        guard let shap else {
            return "<p>Mean |SHAP|: not computed (the evaluation report predates it). "
                + "<code>modelpress explain \(HTML.escape("\(version.id)")) --test-sample "
                + "\(MeanAbsoluteSHAP.sampleLimit)</code> computes it from the version's test rows.</p>\n"
        }
        let sorted = shap.features.sorted { ($0.mean, $1.feature) > ($1.mean, $0.feature) }
        let measured = shap.measured(perClassSummed: perClassSummed)
        return HTML.table(
            ["Feature", "Mean |SHAP|"],
            sorted.map { [HTML.escape($0.feature), HTML.figure($0.mean, decimals: 4)] },
            caption: HTML.escape(measured.prefix(1).uppercased() + measured.dropFirst())
                + " over \(shap.rows) test rows (seed \(shap.seed))"
                + (shap.cover == "training_rows" ? ", with the cover counted from the training rows" : ""))
    }
}

extension ModelCardPage {
    /// The ROC, precision-recall, calibration, confusion and score charts.
    func charts(_ report: EvaluationReport, _ binary: BinaryEvaluation) -> EvaluationPart {
        let positives = report.dataset.positives ?? binary.confusion.positives
        let baseRate = report.dataset.rows > 0 ? Double(positives) / Double(report.dataset.rows) : nil
        return Self.charts(
            Charts.roc(binary.curves.roc, auc: binary.metrics.rocAUC.value)
                + Charts.precisionRecall(
                    binary.curves.precisionRecall, averagePrecision: binary.metrics.averagePrecision.value,
                    baseRate: baseRate)
                + Charts.calibration(binary.calibration)
                + Charts.confusion(
                    binary.confusion,
                    classes: binaryClasses(report).map { [$0.negative, $0.positive] } ?? ["negative", "positive"])
                + Charts.histogram(binary.histogram))
    }

    /// The charts' part: the SVG charts in a grid.
    static func charts(_ svg: String) -> EvaluationPart {
        EvaluationPart(anchor: "charts", heading: "Charts", html: "<div class=\"charts\">\n" + svg + "</div>\n")
    }

    func importanceChart(_ items: [(String, Double)], title: String) -> String {
        Charts.importance(items, title: title)
    }
}
