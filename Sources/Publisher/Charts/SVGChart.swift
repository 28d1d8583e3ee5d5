/// The frame every chart shares: an accessible `<svg>` with a title, a description, axes with
/// ticks and labels, and a plot area that maps data to pixels. Colours come from CSS custom
/// properties (`--chart-1`, `--chart-2`, `--fg`, `--rule`) so light and dark schemes both read.
struct SVGChart {
    /// Unique within the page; prefixes the ids of the title and description.
    var id: String
    var title: String
    var description: String
    var xLabel: String
    var yLabel: String
    var xDomain: ClosedRange<Double> = 0...1
    var yDomain: ClosedRange<Double> = 0...1
    var xTicks: [Double] = [0, 0.25, 0.5, 0.75, 1]
    var yTicks: [Double] = [0, 0.25, 0.5, 0.75, 1]
    var width = 360.0
    var height = 280.0
    var left = 52.0
    var right = 14.0
    var top = 14.0
    var bottom = 44.0

    /// The pixel x of data value `value`.
    func x(_ value: Double) -> Double {
        let span = xDomain.upperBound - xDomain.lowerBound
        let fraction = span > 0 ? (value - xDomain.lowerBound) / span : 0
        return left + fraction * (width - left - right)
    }

    /// The pixel y of data value `value` (up is larger).
    func y(_ value: Double) -> Double {
        let span = yDomain.upperBound - yDomain.lowerBound
        let fraction = span > 0 ? (value - yDomain.lowerBound) / span : 0
        return height - bottom - fraction * (height - top - bottom)
    }

    /// A coordinate written with one decimal, locale-free.
    static func coordinate(_ value: Double) -> String { HTML.number(value, digits: 1) }

    /// `x,y x,y …` for a polyline.
    func points(_ data: [(Double, Double)]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(data.count * 12)
        for (index, point) in data.enumerated() {
            if index > 0 { out.append(UInt8(ascii: " ")) }
            HTML.appendNumber(x(point.0), digits: 1, to: &out)
            out.append(UInt8(ascii: ","))
            HTML.appendNumber(y(point.1), digits: 1, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The whole `<svg>` with `content` (already-built SVG elements) drawn over the axes.
    func render(_ content: String, legend: [(String, String)] = []) -> String {
        let c = Self.coordinate
        var out = "<figure class=\"chart\">\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(c(width)) \(c(height))\" "
        out += "width=\"\(c(width))\" height=\"\(c(height))\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
        out += "<title id=\"\(id)-title\">\(HTML.escape(title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>\n"
        out += "<g class=\"axes\">\n"
        for tick in xTicks {
            out += "<line class=\"grid\" x1=\"\(c(x(tick)))\" y1=\"\(c(y(yDomain.lowerBound)))\" "
            out += "x2=\"\(c(x(tick)))\" y2=\"\(c(y(yDomain.upperBound)))\"/>\n"
            out += "<text class=\"tick\" x=\"\(c(x(tick)))\" y=\"\(c(height - bottom + 14))\" text-anchor=\"middle\">"
            out += "\(Self.label(tick))</text>\n"
        }
        for tick in yTicks {
            out += "<line class=\"grid\" x1=\"\(c(x(xDomain.lowerBound)))\" y1=\"\(c(y(tick)))\" "
            out += "x2=\"\(c(x(xDomain.upperBound)))\" y2=\"\(c(y(tick)))\"/>\n"
            out += "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(y(tick) + 4))\" text-anchor=\"end\">"
            out += "\(Self.label(tick))</text>\n"
        }
        out += "<text class=\"axis-label\" x=\"\(c((left + width - right) / 2))\" y=\"\(c(height - 8))\" "
        out += "text-anchor=\"middle\">\(HTML.escape(xLabel))</text>\n"
        out += "<text class=\"axis-label\" x=\"14\" y=\"\(c((top + height - bottom) / 2))\" text-anchor=\"middle\" "
        out += "transform=\"rotate(-90 14 \(c((top + height - bottom) / 2)))\">\(HTML.escape(yLabel))</text>\n"
        out += "</g>\n" + content + "</svg>\n"
        if !legend.isEmpty {
            out += "<figcaption class=\"legend\">"
            out += legend.map { "<span class=\"key \($0.0)\"></span>\(HTML.escape($0.1))" }.joined(separator: " ")
            out += "</figcaption>\n"
        }
        return out + "</figure>\n"
    }

    /// A tick label: integers without decimals, fractions with two.
    static func label(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : HTML.number(value, digits: 2)
    }

    /// Round tick values from 0 to at least `maximum`.
    static func ticks(upTo maximum: Double, count: Int = 4) -> [Double] {
        guard maximum > 0 else { return [0, 1] }
        let raw = maximum / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return (0...count).map { Double($0) * step }
    }
}
