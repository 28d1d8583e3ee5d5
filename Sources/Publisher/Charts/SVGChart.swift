import Basics
import Foundation

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
        var out = Markup(capacity: 3_072 + content.utf8.count)
        out.add("<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
        out.add(width, digits: 1)
        out.add(" ")
        out.add(height, digits: 1)
        out.add("\"")
        out.attribute("width", width)
        out.attribute("height", height)
        out.add(" aria-labelledby=\"")
        out.add(id)
        out.add("-title ")
        out.add(id)
        out.add("-desc\">\n<title id=\"")
        out.add(id)
        out.add("-title\">")
        out.add(escaping: title)
        out.add("</title>\n<desc id=\"")
        out.add(id)
        out.add("-desc\">")
        out.add(escaping: description)
        out.add("</desc>\n<g class=\"axes\">\n")
        for tick in xTicks {
            let at = x(tick)
            gridLine(&out, x1: at, y1: y(yDomain.lowerBound), x2: at, y2: y(yDomain.upperBound))
            tickLabel(&out, tick, x: at, y: height - bottom + 14, anchor: "middle")
        }
        for tick in yTicks {
            let at = y(tick)
            gridLine(&out, x1: x(xDomain.lowerBound), y1: at, x2: x(xDomain.upperBound), y2: at)
            tickLabel(&out, tick, x: left - 6, y: at + 4, anchor: "end")
        }
        out.add("<text class=\"axis-label\"")
        out.attribute("x", (left + width - right) / 2)
        out.attribute("y", height - 8)
        out.add(" text-anchor=\"middle\">")
        out.add(escaping: xLabel)
        out.add("</text>\n")
        // A chart whose rows name themselves (importance bars) has no y label: no empty element.
        if !yLabel.isEmpty {
            out.add("<text class=\"axis-label\" x=\"14\"")
            out.attribute("y", (top + height - bottom) / 2)
            out.add(" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
            out.add((top + height - bottom) / 2, digits: 1)
            out.add(")\">")
            out.add(escaping: yLabel)
            out.add("</text>\n")
        }
        out.add("</g>\n")
        out.add(content)
        out.add("</svg>\n")
        if !legend.isEmpty {
            out.add("<figcaption class=\"legend\">")
            for (index, (key, text)) in legend.enumerated() {
                if index > 0 { out.add(" ") }
                out.add("<span class=\"key ")
                out.add(key)
                out.add("\"></span>")
                out.add(escaping: text)
            }
            out.add("</figcaption>\n")
        }
        out.add("</figure>\n")
        return out.string
    }

    private func gridLine(_ out: inout Markup, x1: Double, y1: Double, x2: Double, y2: Double) {
        out.add("<line class=\"grid\"")
        out.attribute("x1", x1)
        out.attribute("y1", y1)
        out.attribute("x2", x2)
        out.attribute("y2", y2)
        out.add("/>\n")
    }

    private func tickLabel(_ out: inout Markup, _ tick: Double, x: Double, y: Double, anchor: StaticString) {
        out.add("<text class=\"tick\"")
        out.attribute("x", x)
        out.attribute("y", y)
        out.add(" text-anchor=\"")
        out.add(anchor)
        out.add("\">")
        out.add(Self.label(tick))
        out.add("</text>\n")
    }

    /// A tick label: integers without decimals, fractions with two, and from 10,000 on the
    /// short form charts use (d3's SI prefixes: `500k`, `1.5M`), which fits the axis margin
    /// where `1500000` did not and needs no counting of zeros (trial28 #12).
    static func label(_ value: Double) -> String {
        if abs(value) >= 10_000 {
            let (scale, prefix) = abs(value) >= 1e9 ? (1e9, "G") : abs(value) >= 1e6 ? (1e6, "M") : (1e3, "k")
            return significant(value / scale, digits: 3) + prefix
        }
        if value == value.rounded() { return String(Int64(value)) }
        // Two decimals, more for the ticks of small ranges (0.0005) that two would print as 0.
        var digits = 2
        while digits < 8 {
            let scale = pow(10, Double(digits))
            if abs((value * scale).rounded() / scale - value) <= abs(value) * 1e-9 { break }
            digits += 1
        }
        return HTML.number(value, digits: digits)
    }

    /// Round tick values from 0 to at least `maximum`, for counts (steps of at least 1).
    static func ticks(upTo maximum: Double, count: Int = 4) -> [Double] {
        guard maximum > 0 else { return [0, 1] }
        let raw = maximum / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        let step = niceStep(raw, magnitude: magnitude)
        return (0...count).map { Double($0) * step }
    }

    /// Round tick values covering `low...high` (either sign), about `count` steps apart.
    static func ticks(from low: Double, to high: Double, count: Int = 4) -> [Double] {
        guard low.isFinite, high.isFinite, high > low else {
            return low.isFinite ? [(low - 1).rounded(.down), (low + 1).rounded(.up)] : [0, 1]
        }
        let raw = (high - low) / Double(count)
        let step = niceStep(raw, magnitude: pow(10, log10(raw).rounded(.down)))
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// The smallest of 1, 2, 5 or 10 times `magnitude` (a power of ten) that is at least `raw`.
    private static func niceStep(_ raw: Double, magnitude: Double) -> Double {
        [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    }
}
