import Evaluation

extension Charts {
    /// A regression's predictions against the actual values, one dot per sampled test row,
    /// over the dashed diagonal of perfect predictions.
    static func predictedVersusActual(_ points: [Residuals.Point], rows: Int) -> String {
        let values = points.flatMap { [$0.actual, $0.predicted] }
        let low = values.min() ?? 0, high = values.max() ?? 1
        let ticks = SVGChart.ticks(from: low, to: high)
        let domain = (ticks.first ?? low)...(ticks.last ?? high)
        let chart = SVGChart(
            id: "chart-predicted-actual", title: "Predicted against actual",
            description: "Predicted value against the actual value of \(points.count) of the \(rows) test rows, "
                + "from \(HTML.figure(low)) to \(HTML.figure(high)); points on the dashed diagonal are exact, "
                + "points above it over-predictions.",
            xLabel: "Actual", yLabel: "Predicted", xDomain: domain, yDomain: domain, xTicks: ticks, yTicks: ticks)
        var dots = Markup(capacity: points.count * 64)
        for point in points {
            dots.add("<circle class=\"dot series-1\"")
            dots.attribute("cx", chart.x(point.actual))
            dots.attribute("cy", chart.y(point.predicted))
            dots.add(" r=\"2.5\" fill-opacity=\"0.6\"/>\n")
        }
        return chart.render(diagonal(chart, from: domain.lowerBound, to: domain.upperBound) + dots.string)
    }
}
