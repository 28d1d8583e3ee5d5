import Evaluation

extension ModelCardPage {
    /// Headline metrics with intervals, the confusion matrix, charts, slices and importances.
    func evaluation(_ report: EvaluationReport) -> String {
        let data = report.dataset
        var out = "<h2 id=\"evaluation\">Evaluation</h2>\n"
        let binary: BinaryEvaluation
        switch report.results {
        case .binary(let results): binary = results
        case .multiclass(let multiclass): return out + self.multiclass(report, multiclass)
        case .regression(let regression): return out + self.regression(report, regression)
        }
        out +=
            "<p>On <code>\(HTML.escape(data.path))</code> (\(HTML.grouped(data.rows)) rows, \(HTML.grouped(data.positives ?? 0)) positive"
        if let label = data.positiveLabel { out += ": <code>\(HTML.escape(label))</code>" }
        out += ") at threshold \(HTML.number(binary.threshold)). Intervals are 95% confidence intervals "
        out += "(Wilson for rates, a \(report.bootstrap.resamples)-resample bootstrap for the rest).</p>\n"
        out += "<h3 id=\"metrics\">Headline metrics</h3>\n" + metricsTable(report.headline)
        out += "<h3 id=\"confusion\">Confusion matrix</h3>\n" + confusionTable(binary.confusion)
        out += charts(report, binary)
        out += "<h3 id=\"slices\">Sliced and intersectional metrics</h3>\n"
        out += "<p>Groups with fewer than \(report.minimumSliceSupport) rows, or without both classes, are "
        out += "flagged <em>too small</em> and left out of the gaps.</p>\n"
        for breakdown in binary.slices { out += sliceTable(breakdown) }
        out += importances(report.importances)
        return out
    }

    func metricsTable(_ metrics: [(name: String, estimate: MetricEstimate)]) -> String {
        let rows = metrics.map { name, estimate -> [String] in
            let interval =
                estimate.lower.map { lower in "[\(HTML.number(lower)), \(HTML.number(estimate.upper))]" } ?? "—"
            return [
                HTML.escape(name), HTML.number(estimate.value), interval,
                HTML.escape(estimate.method.rawValue) + (estimate.note.map { " (\(HTML.escape($0)))" } ?? ""),
            ]
        }
        return HTML.table(["Metric", "Value", "95% CI", "Method"], rows)
    }

    func confusionTable(_ matrix: ConfusionMatrix) -> String {
        """
        <div class="table-scroll"><table class="confusion">
        <thead><tr><td></td><th scope="col">Predicted negative</th><th scope="col">Predicted positive</th></tr></thead>
        <tbody>
        <tr><th scope="row">Actual negative</th><td>\(HTML.grouped(matrix.trueNegatives)) (TN)</td><td>\(HTML.grouped(matrix.falsePositives)) (FP)</td></tr>
        <tr><th scope="row">Actual positive</th><td>\(HTML.grouped(matrix.falseNegatives)) (FN)</td><td>\(HTML.grouped(matrix.truePositives)) (TP)</td></tr>
        </tbody>
        </table></div>

        """
    }

    func sliceTable(_ breakdown: SliceBreakdown) -> String {
        let rows = NumericBands.inBandOrder(breakdown.groups, values: \.values).map { group -> [String] in
            let flag = Self.flag(tooSmall: group.tooSmall, reason: group.reason)
            return [
                HTML.escape(group.name), HTML.grouped(group.support), HTML.grouped(group.positives),
                EndpointPage.estimate(group.metrics.accuracy), EndpointPage.estimate(group.metrics.recall),
                EndpointPage.estimate(group.metrics.selectionRate), flag,
            ]
        }
        var out = HTML.table(
            ["Group", "Rows", "Positives", "Accuracy", "True-positive rate", "Selection rate", "Note"], rows,
            caption: "By \(breakdown.name)")
        var gaps: [(SliceGap, String)] = []
        if let gap = breakdown.truePositiveRateGap { gaps.append((gap, "Equal-opportunity gap (TPR)")) }
        if let gap = breakdown.demographicParityGap { gaps.append((gap, "Demographic-parity gap")) }
        return out + gapList(gaps)
    }

    /// The note of a slice group left out of the gaps; empty for one that counts.
    static func flag(tooSmall: Bool, reason: String?) -> String {
        tooSmall ? "<span class=\"flag\">too small</span>" + (reason.map { ": \(HTML.escape($0))" } ?? "") : ""
    }

    /// The gaps under a slice table, as a list; empty without any.
    func gapList(_ gaps: [(SliceGap, String)]) -> String {
        gaps.isEmpty ? "" : "<ul class=\"gaps\">\n" + gaps.map { describe($0, $1) }.joined() + "</ul>\n"
    }

    private func describe(_ gap: SliceGap, _ label: String) -> String {
        "<li>\(label): <strong>\(HTML.number(gap.difference))</strong> between \(HTML.escape(gap.highest)) "
            + "(highest) and \(HTML.escape(gap.lowest)) (lowest), over \(gap.groupsCompared) groups</li>\n"
    }

    func importances(_ importances: Importances) -> String {
        var out = "<h3 id=\"importance\">Feature importance</h3>\n"
        if let model = importances.model {
            let sorted = model.sorted { ($0.importance, $1.feature) > ($1.importance, $0.feature) }
            out += importanceChart(sorted.map { ($0.feature, $0.importance) }, title: "Model feature importance")
            out += HTML.table(
                ["Feature", "Importance"],
                sorted.map { [HTML.escape($0.feature), HTML.number($0.importance, digits: 4)] },
                caption: "As reported by the model")
        }
        if let permutation = importances.permutation {
            let sorted = permutation.features.sorted { ($0.mean, $1.feature) > ($1.mean, $0.feature) }
            out += HTML.table(
                ["Feature", "Mean drop", "Std"],
                sorted.map {
                    [HTML.escape($0.feature), HTML.number($0.mean, digits: 4), HTML.number($0.std, digits: 4)]
                },
                caption:
                    "Permutation importance: \(permutation.change) from "
                    + "\(HTML.number(permutation.baseline)) over \(permutation.repeats) shuffles (seed \(permutation.seed))"
            )
        }
        if importances.model == nil && importances.permutation == nil { out += "<p>Not computed.</p>\n" }
        return out
    }
}

extension ModelCardPage {
    /// The ROC, precision-recall, calibration, confusion and score charts, in a grid.
    func charts(_ report: EvaluationReport, _ binary: BinaryEvaluation) -> String {
        let positives = report.dataset.positives ?? binary.confusion.positives
        let baseRate = report.dataset.rows > 0 ? Double(positives) / Double(report.dataset.rows) : nil
        return "<h3 id=\"charts\">Charts</h3>\n<div class=\"charts\">\n"
            + Charts.roc(binary.curves.roc, auc: binary.metrics.rocAUC.value)
            + Charts.precisionRecall(
                binary.curves.precisionRecall, averagePrecision: binary.metrics.averagePrecision.value,
                baseRate: baseRate)
            + Charts.calibration(binary.calibration) + Charts.confusion(binary.confusion)
            + Charts.histogram(binary.histogram) + "</div>\n"
    }

    func importanceChart(_ items: [(String, Double)], title: String) -> String {
        Charts.importance(items, title: title)
    }
}
