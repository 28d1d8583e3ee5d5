import Evaluation

/// The charts of a model card, each an inline SVG figure.
enum Charts {
    static func roc(_ curve: ROCCurve, auc: Double?) -> String {
        let chart = SVGChart(
            id: "chart-roc", title: "ROC curve",
            description: "True-positive rate against false-positive rate over all thresholds; ROC AUC "
                + "\(HTML.figure(auc)). The dashed diagonal is a random classifier.",
            xLabel: "False-positive rate", yLabel: "True-positive rate")
        let line = chart.points(curve.points.map { ($0.falsePositiveRate, $0.truePositiveRate) })
        return chart.render(
            diagonal(chart) + "<polyline class=\"series series-1\" fill=\"none\" stroke=\"currentColor\" "
                + "points=\"\(line)\"/>\n")
    }

    static func precisionRecall(
        _ curve: PrecisionRecallCurve, averagePrecision: Double?, baseRate: Double?
    )
        -> String
    {
        let chart = SVGChart(
            id: "chart-pr", title: "Precision-recall curve",
            description: "Precision against recall over all thresholds; average precision "
                + "\(HTML.figure(averagePrecision)). The dashed line is the share of positives, "
                + "\(HTML.figure(baseRate)).",
            xLabel: "Recall", yLabel: "Precision")
        var content = ""
        if let baseRate {
            let c = SVGChart.coordinate
            content += "<line class=\"reference\" x1=\"\(c(chart.x(0)))\" y1=\"\(c(chart.y(baseRate)))\" "
            content += "x2=\"\(c(chart.x(1)))\" y2=\"\(c(chart.y(baseRate)))\"/>\n"
        }
        let line = chart.points(curve.points.map { ($0.recall, $0.precision) })
        content += "<polyline class=\"series series-1\" fill=\"none\" stroke=\"currentColor\" points=\"\(line)\"/>\n"
        return chart.render(content)
    }

    /// What a calibration chart plots: the binary score against the share of positives, or
    /// (top-label) the highest class probability against the share predicted right.
    enum CalibrationKind {
        case binary, topLabel
    }

    static func calibration(_ calibration: Calibration, kind: CalibrationKind = .binary) -> String {
        let (observed, score, xLabel, yLabel) =
            switch kind {
            case .binary: ("share of positives", "score", "Mean predicted score", "Observed share positive")
            case .topLabel:
                (
                    "share of rows whose most probable class is right", "highest class probability",
                    "Mean highest probability", "Observed share right"
                )
            }
        let chart = SVGChart(
            id: "chart-calibration", title: kind == .binary ? "Calibration" : "Top-label calibration",
            description: "Observed \(observed) against the mean \(score) in \(calibration.bins.count) "
                + (kind == .binary ? "score bins" : "bins")
                + "; expected calibration error \(HTML.figure(calibration.expectedCalibrationError)). "
                + "Points on the dashed diagonal are perfectly calibrated.",
            xLabel: xLabel, yLabel: yLabel)
        let points = calibration.bins.compactMap { bin -> (Double, Double)? in
            guard let score = bin.meanScore, let fraction = bin.fractionPositive else { return nil }
            return (score, fraction)
        }
        var content = diagonal(chart)
        content += "<polyline class=\"series series-1\" fill=\"none\" stroke=\"currentColor\" "
        content += "points=\"\(chart.points(points))\"/>\n"
        var dots = Markup(capacity: points.count * 64)
        for (score, fraction) in points {
            dots.add("<circle class=\"dot series-1\"")
            dots.attribute("cx", chart.x(score))
            dots.attribute("cy", chart.y(fraction))
            dots.add(" r=\"3\"/>\n")
        }
        content += dots.string
        return chart.render(content)
    }

    /// The dashed line y = x from `low` to `high`.
    static func diagonal(_ chart: SVGChart, from low: Double = 0, to high: Double = 1) -> String {
        let c = SVGChart.coordinate
        return "<line class=\"reference\" x1=\"\(c(chart.x(low)))\" y1=\"\(c(chart.y(low)))\" "
            + "x2=\"\(c(chart.x(high)))\" y2=\"\(c(chart.y(high)))\"/>\n"
    }

    /// Dash patterns that tell the lines of one chart apart without colour (first solid).
    static let dashes = ["", "6 3", "2 3", "8 3 2 3", "1 5", "10 4"]

    /// One-vs-rest ROC curves of a multiclass model, one line per class (told apart by dash
    /// pattern, named in a key drawn inside the chart) over the random classifier's diagonal.
    static func roc(perClass curves: [ROCCurve], classes: [String], aucs: [Double?]) -> String {
        var chart = SVGChart(
            id: "chart-roc", title: "One-vs-rest ROC curves",
            description: "True-positive rate against false-positive rate of each class against the rest; ROC AUC "
                + zip(classes, aucs).map { "\($0) \(HTML.figure($1))" }.joined(separator: ", ")
                + ". The dashed diagonal is a random classifier.",
            xLabel: "False-positive rate", yLabel: "True-positive rate")
        let keyHeight = 16.0 * Double(classes.count)
        chart.height += keyHeight
        chart.bottom += keyHeight
        var content = diagonal(chart)
        for (index, curve) in curves.enumerated() {
            content += "<polyline class=\"series series-1\" fill=\"none\" stroke=\"currentColor\"\(dash(index)) "
            content +=
                "points=\"\(chart.points(curve.points.map { ($0.falsePositiveRate, $0.truePositiveRate) }))\"/>\n"
        }
        return chart.render(content + key(chart, names: classes))
    }

    /// ` stroke-dasharray="…"` for the `index`th line; nothing for the first (solid).
    private static func dash(_ index: Int) -> String {
        let pattern = dashes[index % dashes.count]
        return pattern.isEmpty ? "" : " stroke-dasharray=\"\(pattern)\""
    }

    /// A key between the tick labels and the axis label of `chart` (whose bottom margin left
    /// room for it): a line sample in each line's dash pattern and its name.
    private static func key(_ chart: SVGChart, names: [String]) -> String {
        let c = SVGChart.coordinate
        var out = ""
        for (index, name) in names.enumerated() {
            let y = chart.height - chart.bottom + 30 + 16 * Double(index)
            out += "<line class=\"series series-1\" x1=\"\(c(chart.left))\" y1=\"\(c(y))\" "
            out += "x2=\"\(c(chart.left + 28))\" y2=\"\(c(y))\"\(dash(index))/>\n"
            out += "<text class=\"tick\" x=\"\(c(chart.left + 34))\" y=\"\(c(y + 4))\">\(HTML.escape(name))</text>\n"
        }
        return out
    }
}
