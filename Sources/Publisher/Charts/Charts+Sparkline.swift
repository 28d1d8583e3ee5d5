extension Charts {
    /// A word-sized line of one metric across versions in registration order, with each
    /// version's value spelled out in the description for screen readers.
    static func sparkline(id: String, metric: String, points: [(version: String, value: Double)]) -> String {
        guard points.count > 1, let low = points.map(\.value).min(), let high = points.map(\.value).max() else {
            return ""
        }
        let width = 120.0, height = 28.0, pad = 4.0
        let span = high - low
        let c = SVGChart.coordinate
        let coordinates = points.enumerated().map { index, point in
            let x = pad + Double(index) / Double(points.count - 1) * (width - 2 * pad)
            let y = span > 0 ? height - pad - (point.value - low) / span * (height - 2 * pad) : height / 2
            return (x, y)
        }
        let description = points.map { "\($0.version) \(HTML.figure($0.value))" }.joined(separator: ", ")
        var out = "<svg class=\"sparkline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
        out += "viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" "
        out += "aria-labelledby=\"\(id)-title \(id)-desc\">"
        out += "<title id=\"\(id)-title\">\(HTML.escape(metric)) across versions</title>"
        out += "<desc id=\"\(id)-desc\">In registration order: \(HTML.escape(description)).</desc>"
        out += "<polyline class=\"series series-1\" fill=\"none\" stroke=\"currentColor\" points=\""
        out += coordinates.map { "\(c($0.0)),\(c($0.1))" }.joined(separator: " ") + "\"/>"
        if let last = coordinates.last {
            out += "<circle class=\"dot series-1\" cx=\"\(c(last.0))\" cy=\"\(c(last.1))\" r=\"2.5\"/>"
        }
        return out + "</svg>"
    }
}
