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
        let c = SVGChart.coordinate
        var content = ""
        for index in 0..<bins {
            let x0 = chart.x(histogram.edges[index]), x1 = chart.x(histogram.edges[index + 1])
            let half = (x1 - x0) / 2
            for (offset, count, series) in [
                (0.0, histogram.negative[index], "series-2"), (half, histogram.positive[index], "series-1"),
            ] {
                let top = chart.y(Double(count))
                content += "<rect class=\"bar \(series)\" x=\"\(c(x0 + offset))\" y=\"\(c(top))\" "
                content += "width=\"\(c(max(0, half - 0.5)))\" height=\"\(c(chart.y(0) - top))\"/>\n"
            }
        }
        return chart.render(content, legend: [("series-2", "negative"), ("series-1", "positive")])
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
        let c = SVGChart.coordinate
        var content = ""
        for (index, item) in items.enumerated() {
            let top = chart.y(Double(items.count - index))
            content += "<rect class=\"bar series-1\" x=\"\(c(chart.x(0)))\" y=\"\(c(top + 2))\" "
            content += "width=\"\(c(chart.x(max(item.1, 0)) - chart.x(0)))\" height=\"\(c(rowHeight - 4))\"/>\n"
            content += "<text class=\"tick\" x=\"\(c(chart.x(0) - 6))\" y=\"\(c(top + rowHeight - 5))\" "
            content += "text-anchor=\"end\">\(HTML.escape(item.0))</text>\n"
        }
        return chart.render(content)
    }
}
