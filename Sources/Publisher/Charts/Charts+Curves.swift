import Evaluation

/// The charts of a model card, each an inline SVG figure.
enum Charts {
    static func roc(_ curve: ROCCurve, auc: Double?) -> String {
        let chart = SVGChart(
            id: "chart-roc", title: "ROC curve",
            description: "True-positive rate against false-positive rate over all thresholds; ROC AUC "
                + "\(HTML.number(auc)). The dashed diagonal is a random classifier.",
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
                + "\(HTML.number(averagePrecision)). The dashed line is the share of positives, "
                + "\(HTML.number(baseRate)).",
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

    static func calibration(_ calibration: Calibration) -> String {
        let chart = SVGChart(
            id: "chart-calibration", title: "Calibration",
            description: "Observed share of positives against the mean score in \(calibration.bins.count) score "
                + "bins; expected calibration error \(HTML.number(calibration.expectedCalibrationError)). "
                + "Points on the dashed diagonal are perfectly calibrated.",
            xLabel: "Mean predicted score", yLabel: "Observed share positive")
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

    static func diagonal(_ chart: SVGChart) -> String {
        let c = SVGChart.coordinate
        return "<line class=\"reference\" x1=\"\(c(chart.x(0)))\" y1=\"\(c(chart.y(0)))\" "
            + "x2=\"\(c(chart.x(1)))\" y2=\"\(c(chart.y(1)))\"/>\n"
    }
}
