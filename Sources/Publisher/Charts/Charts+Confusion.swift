import Evaluation

extension Charts {
    /// The confusion matrix as a 2×2 heat map: darker cells hold more rows.
    static func confusion(_ matrix: ConfusionMatrix) -> String {
        let size = 300.0, left = 110.0, top = 40.0, cell = 90.0
        let cells: [(row: Int, column: Int, count: Int, name: String)] = [
            (0, 0, matrix.trueNegatives, "true negatives"), (0, 1, matrix.falsePositives, "false positives"),
            (1, 0, matrix.falseNegatives, "false negatives"), (1, 1, matrix.truePositives, "true positives"),
        ]
        let largest = Double(max(cells.map(\.count).max() ?? 1, 1))
        let c = SVGChart.coordinate
        var out = "<figure class=\"chart\">\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(c(size)) \(c(size - 40))\" "
        out +=
            "width=\"\(c(size))\" height=\"\(c(size - 40))\" aria-labelledby=\"chart-confusion-title chart-confusion-desc\">\n"
        out += "<title id=\"chart-confusion-title\">Confusion matrix</title>\n"
        out += "<desc id=\"chart-confusion-desc\">"
        out += cells.map { "\($0.count) \($0.name)" }.joined(separator: ", ") + " out of \(matrix.total) rows.</desc>\n"
        out += "<text class=\"axis-label\" x=\"\(c(left + cell))\" y=\"14\" text-anchor=\"middle\">Predicted</text>\n"
        for (index, name) in ["negative", "positive"].enumerated() {
            let middle = Double(index) * cell + cell / 2
            out += "<text class=\"tick\" x=\"\(c(left + middle))\" y=\"\(c(top - 6))\" text-anchor=\"middle\">"
            out += "\(name)</text>\n"
            out += "<text class=\"tick\" x=\"\(c(left - 8))\" y=\"\(c(top + middle + 4))\" text-anchor=\"end\">"
            out += "actual \(name)</text>\n"
        }
        for item in cells {
            let x = left + Double(item.column) * cell, y = top + Double(item.row) * cell
            let opacity = 0.1 + 0.8 * Double(item.count) / largest
            out += "<rect class=\"cell series-1\" x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(cell - 2))\" "
            out += "height=\"\(c(cell - 2))\" fill-opacity=\"\(HTML.number(opacity, digits: 2))\"/>\n"
            out += "<text class=\"cell-label\" x=\"\(c(x + cell / 2))\" y=\"\(c(y + cell / 2 + 5))\" "
            out += "text-anchor=\"middle\">\(item.count)</text>\n"
        }
        return out + "</svg>\n</figure>\n"
    }
}
