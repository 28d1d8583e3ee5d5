import Evaluation
import Monitoring

extension Charts {
    /// A word-sized line of a field's deciding drift measure over the windows, oldest first,
    /// with the threshold dashed and the windows without requests left as gaps; each window's
    /// value is spelled out in the description for screen readers.
    static func driftSparkline(id: String, name: String, drift: FieldDrift, points: [(String, Double?)]) -> String {
        let values = points.compactMap(\.1) + [drift.threshold]
        guard let low = values.min(), let high = values.max() else { return "" }
        let width = 120.0, height = 28.0, pad = 4.0
        let span = high - low
        let c = SVGChart.coordinate
        func x(_ index: Int) -> Double {
            points.count > 1 ? pad + Double(index) / Double(points.count - 1) * (width - 2 * pad) : width / 2
        }
        func y(_ value: Double) -> Double {
            span > 0 ? height - pad - (value - low) / span * (height - 2 * pad) : height / 2
        }
        let measure = drift.method.isPValue ? "\(drift.method.rawValue) p-value" : drift.method.rawValue
        let description = points.map { "\($0.0) \($0.1.map(DriftCheck.figure) ?? "no requests")" }
        var out = "<svg class=\"sparkline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
        out += "viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" "
        out += "aria-labelledby=\"\(id)-title \(id)-desc\">"
        out += "<title id=\"\(id)-title\">\(HTML.escape(name)): \(HTML.escape(measure)) per window</title>"
        out += "<desc id=\"\(id)-desc\">Oldest window first: \(HTML.escape(description.joined(separator: ", "))); "
        out += "it drifts at \(HTML.escape(DriftCheck.condition(drift))).</desc>"
        out += "<line stroke=\"currentColor\" stroke-dasharray=\"2 2\" opacity=\"0.5\" x1=\"\(c(pad))\" "
        out += "y1=\"\(c(y(drift.threshold)))\" x2=\"\(c(width - pad))\" y2=\"\(c(y(drift.threshold)))\"/>"
        // One line per run of windows with a value.
        var run: [String] = []
        func flush() {
            if run.count > 1 {
                out += "<polyline class=\"series series-1\" fill=\"none\" stroke=\"currentColor\" points=\""
                out += run.joined(separator: " ") + "\"/>"
            }
            run = []
        }
        for (index, point) in points.enumerated() {
            guard let value = point.1 else {
                flush()
                continue
            }
            run.append("\(c(x(index))),\(c(y(value)))")
        }
        flush()
        if let index = points.lastIndex(where: { $0.1 != nil }), let value = points[index].1 {
            out += "<circle class=\"dot series-1\" cx=\"\(c(x(index)))\" cy=\"\(c(y(value)))\" r=\"2.5\"/>"
        }
        return out + "</svg>"
    }

    /// The most bars a numeric field's distribution gets: its model's bins are grouped,
    /// neighbours together, into at most this many.
    static let driftBarLimit = 24

    /// A field's distribution in the reference and in one window's requests side by side, as
    /// shares of their rows per bin: missing first, then the categories (a categorical field,
    /// unseen ones last) or the model's bins from low to high values (a numeric one, grouped).
    static func driftDistribution(id: String, name: String, drift: FieldDrift, window: String) -> String {
        let bins = max(drift.counts.count, drift.referenceCounts.count)
        var labels = ["missing"]
        var groups: [Range<Int>] = [0..<1]
        if let categories = drift.categories {
            labels += categories
            groups += (1..<max(bins, 1)).map { $0..<($0 + 1) }
        } else if bins > 1 {
            let size = (bins - 1 + driftBarLimit - 1) / driftBarLimit
            for start in stride(from: 1, to: bins, by: size) {
                let end = min(start + size, bins)
                groups.append(start..<end)
                labels.append(end - start == 1 ? "bin \(start)" : "bins \(start)–\(end - 1)")
            }
        }
        func shares(_ counts: [Int]) -> [Double] {
            let total = Double(max(counts.reduce(0, +), 1))
            return groups.map { group in
                Double(group.reduce(0) { $0 + (counts.indices.contains($1) ? counts[$1] : 0) }) / total
            }
        }
        let reference = shares(drift.referenceCounts), current = shares(drift.counts)
        let top = max(reference.max() ?? 0, current.max() ?? 0)
        let yTicks = SVGChart.ticks(from: 0, to: max(top, 0.01))
        let k = groups.count
        let described = zip(labels, zip(reference, current)).map {
            "\($0.0) \(DriftCheck.share($0.1.0)) and \(DriftCheck.share($0.1.1))"
        }
        let chart = SVGChart(
            id: id, title: "\(name): reference and requests of \(window)",
            description: "Share of rows per bin, the reference's and the requests', "
                + (drift.categories == nil ? "the model's bins from low to high values: " : "per category: ")
                + described.joined(separator: "; ") + ".",
            xLabel: drift.categories == nil ? "\(name), low to high (the model's bins)" : name, yLabel: "Share of rows",
            xDomain: 0...Double(k), yDomain: 0...(yTicks.last ?? 1), xTicks: [], yTicks: yTicks, width: 420)
        var content = Markup(capacity: k * 400)
        for index in 0..<k {
            let x0 = chart.x(Double(index) + 0.1), part = (chart.x(Double(index) + 0.9) - x0) / 2
            bar(&content, "series-2", chart, x: x0, width: part, value: reference[index])
            bar(&content, "series-1", chart, x: x0 + part, width: part, value: current[index])
            // Labels where they fit: a categorical field's few categories, and missing.
            if drift.categories != nil && k <= 12 || index == 0 {
                content.add("<text class=\"tick\"")
                content.attribute("x", chart.x(Double(index) + 0.5))
                content.attribute("y", chart.y(0) + 14)
                content.add(" text-anchor=\"middle\">")
                content.add(escaping: labels[index])
                content.add("</text>\n")
            }
        }
        return chart.render(content.string, legend: [("series-2", "reference"), ("series-1", "requests")])
    }
}
