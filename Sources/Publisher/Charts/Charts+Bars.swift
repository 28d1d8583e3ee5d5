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
                + "in \(bins) bins from \(HTML.number(histogram.edges.first)) to \(HTML.number(histogram.edges.last)).",
            xLabel: "Score", yLabel: "Rows", yDomain: 0...(yTicks.last ?? 1), yTicks: yTicks, width: 420)
        var content = Markup(capacity: bins * 160)
        for index in 0..<bins {
            let x0 = chart.x(histogram.edges[index]), x1 = chart.x(histogram.edges[index + 1])
            let half = (x1 - x0) / 2
            for (offset, count, series) in [
                (0.0, histogram.negative[index], "series-2" as StaticString),
                (half, histogram.positive[index], "series-1"),
            ] {
                let top = chart.y(Double(count))
                content.add("<rect class=\"bar ")
                content.add(series)
                content.add("\"")
                content.attribute("x", x0 + offset)
                content.attribute("y", top)
                content.attribute("width", max(0, half - 0.5))
                content.attribute("height", chart.y(0) - top)
                content.add("/>\n")
            }
        }
        return chart.render(content.string, legend: [("series-2", "negative"), ("series-1", "positive")])
    }

    /// Horizontal bars, largest first.
    static func importance(_ items: [(String, Double)], title: String) -> String {
        let largest = max(items.map(\.1).max() ?? 0, 0)
        let xTicks = SVGChart.ticks(upTo: largest)
        let rowHeight = 18.0
        var chart = SVGChart(
            id: "chart-importance", title: title,
            description: "Importance of each of the \(items.count) features, largest first: "
                + items.prefix(3).map { "\($0.0) \(HTML.number($0.1))" }.joined(separator: ", ") + ".",
            xLabel: "Importance", yLabel: "", xDomain: 0...(xTicks.last ?? 1), xTicks: xTicks, yTicks: [],
            width: 520, height: 14 + 44 + rowHeight * Double(max(items.count, 1)))
        chart.yDomain = 0...Double(max(items.count, 1))
        chart.left = 130
        var content = Markup(capacity: items.count * 200)
        for (index, item) in items.enumerated() {
            let top = chart.y(Double(items.count - index))
            content.add("<rect class=\"bar series-1\"")
            content.attribute("x", chart.x(0))
            content.attribute("y", top + 2)
            content.attribute("width", chart.x(max(item.1, 0)) - chart.x(0))
            content.attribute("height", rowHeight - 4)
            content.add("/>\n<text class=\"tick\"")
            content.attribute("x", chart.x(0) - 6)
            content.attribute("y", top + rowHeight - 5)
            content.add(" text-anchor=\"end\">")
            content.add(escaping: item.0)
            content.add("</text>\n")
        }
        return chart.render(content.string)
    }
}
