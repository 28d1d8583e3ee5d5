extension Charts {
    /// Requests per day as bars, oldest day on the left; every day's count is in the
    /// description for screen readers.
    static func requestsPerDay(_ days: [(day: String, requests: Int)]) -> String {
        guard let first = days.first, let last = days.last else { return "" }
        let largest = Double(days.map(\.requests).max() ?? 0)
        let yTicks = SVGChart.ticks(upTo: largest)
        let count = Double(days.count)
        let chart = SVGChart(
            id: "chart-requests", title: "Requests per day",
            description: "Requests logged per UTC day from \(first.day) to \(last.day): "
                + days.map { "\($0.day) \($0.requests)" }.joined(separator: ", ") + ".",
            xLabel: "Day (\(first.day) to \(last.day))", yLabel: "Requests", xDomain: -0.5...(count - 0.5),
            yDomain: 0...(yTicks.last ?? 1), xTicks: [], yTicks: yTicks, width: 420)
        let c = SVGChart.coordinate
        let slot = chart.x(0.5) - chart.x(-0.5)
        var content = ""
        for (index, day) in days.enumerated() {
            let top = chart.y(Double(day.requests))
            content += "<rect class=\"bar series-1\" x=\"\(c(chart.x(Double(index) - 0.4)))\" y=\"\(c(top))\" "
            content += "width=\"\(c(max(0.5, slot * 0.8)))\" height=\"\(c(chart.y(0) - top))\"/>\n"
        }
        return chart.render(content)
    }
}
