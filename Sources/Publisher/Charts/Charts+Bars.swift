import Evaluation

extension Charts {
    /// Negatives and positives per score bin, side by side.
    static func histogram(_ histogram: ScoreHistogram) -> String {
        let bins = min(histogram.positive.count, histogram.negative.count, max(0, histogram.edges.count - 1))
        let largest = Double((histogram.positive + histogram.negative).max() ?? 0)
        let yTicks = SVGChart.ticks(upTo: largest)
        let chart = SVGChart(
            id: "chart-histogram", title: "Score distribution",
            description: "Number of test rows per score bin, negatives and positives side by side, "
                + "in \(bins) bins from \(HTML.figure(histogram.edges.first)) to \(HTML.figure(histogram.edges.last)).",
            xLabel: "Score", yLabel: "Rows", yDomain: 0...(yTicks.last ?? 1), yTicks: yTicks, width: 420)
        let content = binBars(
            chart, edges: histogram.edges,
            series: [("series-2", histogram.negative), ("series-1", histogram.positive)], bins: bins)
        return chart.render(content, legend: [("series-2", "negative"), ("series-1", "positive")])
    }

    /// A residual (target − prediction) histogram over the residuals' uniform bins.
    static func residuals(_ residuals: Residuals) -> String {
        let bins = min(residuals.counts.count, max(0, residuals.edges.count - 1))
        let yTicks = SVGChart.ticks(upTo: Double(residuals.counts.max() ?? 0))
        let low = residuals.edges.first ?? 0, high = residuals.edges.last ?? 1
        let xTicks = SVGChart.ticks(from: low, to: high)
        let chart = SVGChart(
            id: "chart-residuals", title: "Residual distribution",
            description: "Number of test rows per residual (actual − predicted) bin, in \(bins) bins from "
                + "\(HTML.figure(low)) to \(HTML.figure(high)); bars left of 0 are over-predictions.",
            xLabel: "Residual (actual − predicted)", yLabel: "Rows",
            xDomain: (xTicks.first ?? low)...(xTicks.last ?? high), yDomain: 0...(yTicks.last ?? 1),
            xTicks: xTicks, yTicks: yTicks, width: 420)
        var content = binBars(chart, edges: residuals.edges, series: [("series-1", residuals.counts)], bins: bins)
        if chart.xDomain.contains(0) {
            let c = SVGChart.coordinate
            content += "<line class=\"reference\" x1=\"\(c(chart.x(0)))\" y1=\"\(c(chart.y(0)))\" "
            content += "x2=\"\(c(chart.x(0)))\" y2=\"\(c(chart.y(chart.yDomain.upperBound)))\"/>\n"
        }
        return chart.render(content)
    }

    /// Bars of counts per bin (`edges[i]..<edges[i + 1]`), the series side by side in each bin.
    private static func binBars(
        _ chart: SVGChart, edges: [Double], series: [(StaticString, [Int])], bins: Int
    ) -> String {
        var content = Markup(capacity: bins * 80 * series.count)
        for index in 0..<bins {
            let x0 = chart.x(edges[index]), x1 = chart.x(edges[index + 1])
            let part = (x1 - x0) / Double(series.count)
            for (offset, (name, counts)) in series.enumerated() {
                bar(&content, name, chart, x: x0 + Double(offset) * part, width: part, value: Double(counts[index]))
            }
        }
        return content.string
    }

    /// A vertical bar from 0 up to `value`, half a pixel narrower than `width` so neighbours part.
    static func bar(
        _ out: inout Markup, _ series: StaticString, _ chart: SVGChart, x: Double, width: Double, value: Double
    ) {
        let top = chart.y(value)
        out.add("<rect class=\"bar ")
        out.add(series)
        out.add("\"")
        out.attribute("x", x)
        out.attribute("y", top)
        out.attribute("width", max(0, width - 0.5))
        out.attribute("height", chart.y(0) - top)
        out.add("/>\n")
    }

    /// Per-class precision and recall of a multiclass model, side by side per class.
    static func perClass(_ metrics: [MulticlassMetrics.PerClass]) -> String {
        let k = max(metrics.count, 1)
        let chart = SVGChart(
            id: "chart-per-class", title: "Precision and recall per class",
            description: "Precision and recall of each class against the rest: "
                + metrics.map {
                    "\($0.name) precision \(HTML.figure($0.precision.value)), recall \(HTML.figure($0.recall.value)), "
                        + "F1 \(HTML.figure($0.f1.value))"
                }.joined(separator: "; ") + ".",
            xLabel: "Class", yLabel: "Precision, recall", xDomain: 0...Double(k), xTicks: [], width: 420)
        var content = Markup(capacity: metrics.count * 400)
        for (index, item) in metrics.enumerated() {
            let x0 = chart.x(Double(index) + 0.15), part = (chart.x(Double(index) + 0.85) - x0) / 2
            for (offset, name, estimate) in [
                (0.0, "series-2" as StaticString, item.precision), (1.0, "series-1", item.recall),
            ] {
                bar(&content, name, chart, x: x0 + offset * part, width: part, value: estimate.value ?? 0)
            }
            content.add("<text class=\"tick\"")
            content.attribute("x", chart.x(Double(index) + 0.5))
            content.attribute("y", chart.y(0) + 14)
            content.add(" text-anchor=\"middle\">")
            content.add(escaping: item.name)
            content.add("</text>\n")
        }
        return chart.render(content.string, legend: [("series-2", "precision"), ("series-1", "recall")])
    }

    /// Horizontal bars, largest first, from 0 to each value (to the left for a negative one: a
    /// feature whose shuffling helped), on an axis whose ticks fit the values' range, however
    /// small, large or negative.
    static func importance(_ items: [(String, Double)], title: String) -> String {
        let values = items.map(\.1).filter(\.isFinite)
        let low = min(values.min() ?? 0, 0), high = max(values.max() ?? 0, 0)
        let xTicks = high > low ? SVGChart.ticks(from: low, to: high) : [0, 1]
        let rowHeight = 18.0
        var chart = SVGChart(
            id: "chart-importance", title: title,
            description: "Importance of each of the \(items.count) features, largest first: "
                + items.prefix(3).map { "\($0.0) \(HTML.figure($0.1))" }.joined(separator: ", ") + ".",
            xLabel: "Importance", yLabel: "", xDomain: (xTicks.first ?? 0)...(xTicks.last ?? 1), xTicks: xTicks,
            yTicks: [],
            width: 520, height: 14 + 44 + rowHeight * Double(max(items.count, 1)))
        chart.yDomain = 0...Double(max(items.count, 1))
        chart.left = 130
        var content = Markup(capacity: items.count * 200)
        for (index, item) in items.enumerated() {
            let top = chart.y(Double(items.count - index))
            let value = item.1.isFinite ? item.1 : 0
            content.add("<rect class=\"bar series-1\"")
            content.attribute("x", chart.x(min(value, 0)))
            content.attribute("y", top + 2)
            content.attribute("width", abs(chart.x(value) - chart.x(0)))
            content.attribute("height", rowHeight - 4)
            content.add("/>\n<text class=\"tick\"")
            content.attribute("x", chart.x(chart.xDomain.lowerBound) - 6)
            content.attribute("y", top + rowHeight - 5)
            content.add(" text-anchor=\"end\">")
            content.add(escaping: item.0)
            content.add("</text>\n")
        }
        return chart.render(content.string)
    }
}
