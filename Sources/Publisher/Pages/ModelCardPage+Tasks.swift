import Evaluation

/// The evaluation sections of the tasks beyond binary classification.
extension ModelCardPage {
    /// Headline metrics, per-class table, confusion heat map, per-class bars, one-vs-rest ROC
    /// curves, top-label calibration, slices with their accuracy gaps and importances.
    func multiclass(_ report: EvaluationReport, _ results: MulticlassEvaluation) -> [EvaluationPart] {
        let classes = results.classes
        var out = ""
        // A class with too few test rows gets its values without intervals and a flag; the note
        // column appears only when one is flagged.
        let flagged = results.metrics.perClass.contains { $0.tooSmallReason != nil }
        if flagged {
            out += "<p>Classes with fewer than \(MulticlassMetrics.PerClass.minimumSupport) test rows are flagged "
            out +=
                "<em>too small</em>: their values are shown without intervals, which would rest on a handful of rows.</p>\n"
        }
        out += HTML.table(
            ["Class", "Support", "Precision", "Recall", "F1", "ROC AUC (one vs rest)"] + (flagged ? ["Note"] : []),
            results.metrics.perClass.map { perClass in
                let reason = perClass.tooSmallReason
                func shown(_ estimate: MetricEstimate) -> String {
                    EndpointPage.estimate(reason == nil ? estimate : MetricEstimate(value: estimate.value))
                }
                return [
                    HTML.escape(perClass.name), HTML.grouped(perClass.support), shown(perClass.precision),
                    shown(perClass.recall), shown(perClass.f1), shown(perClass.rocAUC),
                ] + (flagged ? [Self.flag(tooSmall: reason != nil, reason: reason)] : [])
            })
        let perClass = out
        let confusion = HTML.table(
            ["Actual \\ predicted"] + classes,
            classes.indices.map { row in
                ["<strong>\(HTML.escape(classes[row]))</strong>"] + results.confusion[row].map { HTML.grouped($0) }
            }, caption: "Rows are the actual class, columns the predicted one")
        let charts =
            Charts.confusion(results.confusion, classes: classes) + Charts.perClass(results.metrics.perClass)
            + Charts.roc(
                perClass: results.rocCurves, classes: classes, aucs: results.metrics.perClass.map(\.rocAUC.value))
            + Charts.calibration(results.calibration, kind: .topLabel)
        out = slicesIntroduction(report)
        for breakdown in results.slices {
            let rows = NumericBands.inBandOrder(breakdown.groups, values: \.values).map { group -> [String] in
                [
                    HTML.escape(Self.shownGroup(group.values)), HTML.grouped(group.support),
                    EndpointPage.estimate(group.metrics.accuracy),
                    EndpointPage.estimate(group.metrics.balancedAccuracy), EndpointPage.estimate(group.metrics.macroF1),
                    Self.flag(tooSmall: group.tooSmall, reason: group.reason),
                ]
            }
            out += HTML.table(
                ["Group", "Rows", "Accuracy", "Balanced accuracy", "Macro F1", "Note"], rows,
                caption: "By \(breakdown.name)")
            let recallGaps = breakdown.truePositiveRateGaps.sorted { $0.key < $1.key }.map {
                ($0.value, "Recall gap of \(HTML.escape($0.key))")
            }
            out += Self.gapList(
                (breakdown.accuracyGap.map { [($0, "Accuracy gap")] } ?? []) + recallGaps,
                groups: breakdown.groups.map { ($0.name, $0.values) })
        }
        return [
            EvaluationPart(anchor: "metrics", heading: "Headline metrics", html: metricsTable(report)),
            EvaluationPart(anchor: "per-class", heading: "Per class", html: perClass),
            EvaluationPart(anchor: "confusion", heading: "Confusion matrix", html: confusion), Self.charts(charts),
            EvaluationPart(anchor: "slices", heading: "Sliced and intersectional metrics", html: out),
            importances(report.importances, task: report.task),
        ]
    }

    /// Headline metrics, predicted-vs-actual scatter, residual histogram, slices with their MAE
    /// gaps and importances.
    func regression(_ report: EvaluationReport, _ results: RegressionEvaluation) -> [EvaluationPart] {
        let metrics = metricsTable(report) + "<p>MAPE is a fraction (0.05 is 5%).</p>\n"
        let charts =
            Charts.predictedVersusActual(results.residuals.points, rows: report.dataset.rows)
            + Charts.residuals(results.residuals)
        var out = slicesIntroduction(report)
        for breakdown in results.slices {
            let rows = NumericBands.inBandOrder(breakdown.groups, values: \.values).map { group -> [String] in
                [
                    HTML.escape(Self.shownGroup(group.values)), HTML.grouped(group.support),
                    EndpointPage.estimate(group.metrics.meanAbsoluteError),
                    EndpointPage.estimate(group.metrics.rootMeanSquaredError), EndpointPage.estimate(group.metrics.r2),
                    Self.flag(tooSmall: group.tooSmall, reason: group.reason),
                ]
            }
            out += HTML.table(["Group", "Rows", "MAE", "RMSE", "R²", "Note"], rows, caption: "By \(breakdown.name)")
            out += Self.gapList(
                breakdown.meanAbsoluteErrorGap.map { [($0, "MAE gap")] } ?? [],
                groups: breakdown.groups.map { ($0.name, $0.values) })
        }
        return [
            EvaluationPart(anchor: "metrics", heading: "Headline metrics", html: metrics), Self.charts(charts),
            EvaluationPart(anchor: "slices", heading: "Sliced and intersectional metrics", html: out),
            importances(report.importances, task: report.task),
        ]
    }

    /// What the report was computed on and how its intervals were made.
    func evaluatedOn(_ report: EvaluationReport, classes: Int?, intervals: String) -> String {
        var out = "<p>On <code>\(HTML.escape(report.dataset.path))</code> (\(HTML.grouped(report.dataset.rows)) rows"
        if let classes { out += ", \(classes) classes; each row is predicted its most probable class" }
        out += "). Intervals are 95% confidence intervals (\(intervals) \(report.bootstrap.resamples)-resample "
        return out + "bootstrap\(classes == nil ? "" : " for the rest")).\(Self.intervalMethod(report))</p>\n"
    }

    /// How the report's bootstrap treats the metrics of the confusion matrix, and that a metric
    /// whose resamples all agree has no interval: a sentence to follow the intervals' description,
    /// with a leading space.
    static func intervalMethod(_ report: EvaluationReport) -> String {
        var out = ""
        if report.bootstrap.confusionRowPrior != nil {
            out += " For the metrics of the confusion matrix (balanced accuracy, F1, MCC), each resample "
            out += "draws each true class's row of the matrix from its posterior under the Jeffreys prior "
            out += "(Dirichlet, ½ added to each cell) instead of resampling rows, so a class whose rows are "
            out += "all right or all wrong still leaves room for error."
        }
        return out + " A metric whose resamples all give the same value is shown without an interval, "
            + "with the reason."
    }

    private func slicesIntroduction(_ report: EvaluationReport) -> String {
        "<p>Groups with fewer than \(report.minimumSliceSupport) rows are flagged <em>too small</em> and "
            + "left out of the gaps"
            + (report.task == .multiclass
                ? "; so is a group with fewer than \(report.minimumSliceSupport) rows of a class from that class's "
                    + "recall gap, which divides by them" : "") + ".</p>\n"
    }
}
