import Basics
import Scoring
import ServingCore
import TextEscaping

/// The answer page's explanation chart: one output's contributions as horizontal bars from a
/// zero line, largest |contribution| first, the fields past `shown` summed into one bar ("other
/// N fields"). A bar right of the line raises the score, left lowers it; each bar also carries
/// its signed value as text, so the sign does not rest on colour alone.
///
/// predict.cgi cannot link the site's `SVGChart` (Foundation), so this is its own small
/// chart; it keeps the site's conventions: an accessible `<svg role="img">` with a title and a
/// description listing the bars, classes the theme's CSS colours (`bar positive`, `bar
/// negative`, `tick`, `zero`), and presentation attributes that read in light and dark schemes
/// where a page has no theme (the built-in answers).
struct ExplanationChart {
    struct Bar: Equatable {
        var label: String
        var value: Double
        /// How many characters of `label` the chart shows: more for a label that also says how
        /// its value was scored, which then widens the chart rather than lose what it says.
        var shownLength = ExplanationChart.labelLength

        /// The label as the chart writes it beside the bar.
        var shown: String { ExplanationChart.clipped(label, to: shownLength) }
    }

    /// The bars in order: the `shown` largest by |contribution| (ties in field order), then the
    /// rest's sum when more than one field is left (one left is shown as itself).
    let bars: [Bar]

    /// - Parameters:
    ///   - fields: field names, in the order of `contributions`.
    ///   - values: the row's values by field name (the label shows `field = value`).
    ///   - contributions: one output's contributions.
    ///   - notes: the values scored otherwise than written (`ScoringNotes`): their labels say how
    ///     (`plan = Enterprise (scored as missing)`).
    ///   - shown: how many fields get a bar of their own.
    init(
        fields: [String], values: [String: FieldValue], contributions: [Double], notes: [ScoringNotes.Note] = [],
        shown: Int = 10
    ) {
        let order = contributions.indices.sorted {
            let a = abs(contributions[$0]), b = abs(contributions[$1])
            return a != b ? a > b : $0 < $1
        }
        let own = order.count > shown + 1 ? Array(order.prefix(shown)) : order
        var bars = own.map { index in
            let field = fields[index]
            let note = notes.first { $0.field == field }
            return Bar(
                label: Self.label(field, values[field], scoredAs: note?.scoredAs), value: contributions[index],
                shownLength: note == nil ? Self.labelLength : Self.notedLabelLength)
        }
        let rest = order.dropFirst(own.count)
        if !rest.isEmpty {
            bars.append(Bar(label: "other \(rest.count) fields", value: rest.reduce(0) { $0 + contributions[$1] }))
        }
        self.bars = bars
    }

    /// `age = 39`, `workclass = Private`, `plan = 'basic '` (a category as messages show it,
    /// `CategoryName.shown`, so that it does not read as `basic`), `occupation missing`; with
    /// `scoredAs`, how the value was scored (`plan = Enterprise (scored as missing)`).
    static func label(_ field: String, _ value: FieldValue?, scoredAs: String? = nil) -> String {
        let written: String
        switch value {
        case .number(let number)?: written = field + " = " + significant(number)
        case .category(let text)?: written = field + " = " + CategoryName.shown(text)
        case .missing?, nil: written = field + " missing"
        }
        guard let scoredAs else { return written }
        // The note is what the label must keep: the value gives way when the label is long.
        let note = " (\(scoredAs))"
        return clipped(written, to: max(12, notedLabelLength - note.count)) + note
    }

    /// A contribution as the chart writes it: signed, four significant digits (`+0.1234`, `−2.5`).
    static func signed(_ value: Double) -> String {
        let text = significant(abs(value), digits: 4)
        return value < 0 ? "−" + text : "+" + text
    }

    /// The `<svg>`.
    /// - Parameters:
    ///   - title: what the bars are contributions to (the chart's accessible name).
    ///   - id: unique within the page; prefixes the title's and description's ids.
    func svg(title: String, id: String = "explanation") -> String {
        // Room for 32 characters of label; a longer one (a value with how it was scored) widens
        // the chart rather than being cut.
        let longest = bars.map(\.shown.count).max() ?? 0
        let labelWidth = longest > Self.labelLength ? Double(longest) * 7 + 8 : 230.0
        let width = 410.0 + labelWidth, valueWidth = 70.0, rowHeight = 24.0, top = 8.0, axis = 24.0
        let height = top + rowHeight * Double(max(bars.count, 1)) + axis
        let low = min(0, bars.map(\.value).min() ?? 0), high = max(0, bars.map(\.value).max() ?? 0)
        let span = high > low ? high - low : 1
        // Room on both sides for a bar's value written beyond its end.
        let plotLeft = labelWidth + (low < 0 ? valueWidth : 8), plotRight = width - (high > 0 ? valueWidth : 8)
        func x(_ value: Double) -> Double { plotLeft + (value - low) / span * (plotRight - plotLeft) }
        let zero = x(0)
        let description = bars.map { "\($0.label): \(Self.signed($0.value))" }.joined(separator: "; ")
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(Self.number(width)) "
        out += "\(Self.number(height))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
        out += "aria-labelledby=\"\(id)-title \(id)-desc\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n"
        out += "<title id=\"\(id)-title\">\(Escaping.html(title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(Escaping.html(description))</desc>\n"
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            let end = x(bar.value)
            let positive = bar.value >= 0
            out += "<g class=\"row\">"
            out += "<text class=\"tick\" x=\"\(Self.number(labelWidth - 8))\" y=\"\(Self.number(y + 16))\" "
            out += "text-anchor=\"end\" fill=\"currentColor\">\(Escaping.html(bar.shown))</text>"
            out += "<rect class=\"bar \(positive ? "positive" : "negative")\" x=\"\(Self.number(min(zero, end)))\" "
            out +=
                "y=\"\(Self.number(y + 4))\" width=\"\(Self.number(abs(end - zero)))\" height=\"\(Self.number(rowHeight - 8))\" "
            out += "fill=\"\(positive ? "#c2410c" : "#2f81f7")\"/>"
            out +=
                "<text class=\"tick value\" x=\"\(Self.number(positive ? end + 4 : end - 4))\" y=\"\(Self.number(y + 16))\" "
            out +=
                "text-anchor=\"\(positive ? "start" : "end")\" fill=\"currentColor\">\(Self.signed(bar.value))</text>"
            out += "</g>\n"
        }
        let bottom = top + rowHeight * Double(max(bars.count, 1))
        out +=
            "<line class=\"zero\" x1=\"\(Self.number(zero))\" y1=\"\(Self.number(top))\" x2=\"\(Self.number(zero))\" "
        out += "y2=\"\(Self.number(bottom))\" stroke=\"currentColor\"/>\n"
        out +=
            "<text class=\"tick\" x=\"\(Self.number(zero))\" y=\"\(Self.number(bottom + 16))\" text-anchor=\"middle\" "
        out += "fill=\"currentColor\">0</text>\n"
        // Which way is which, either side of the 0 (only the sides that have bars).
        if low < 0 {
            out += "<text class=\"tick\" x=\"\(Self.number(zero - 14))\" y=\"\(Self.number(bottom + 16))\" "
            out += "text-anchor=\"end\" fill=\"currentColor\">◀ lowers</text>\n"
        }
        if high > 0 {
            out += "<text class=\"tick\" x=\"\(Self.number(zero + 14))\" y=\"\(Self.number(bottom + 16))\" "
            out += "text-anchor=\"start\" fill=\"currentColor\">raises ▶</text>\n"
        }
        out += "</svg>"
        return out
    }

    /// The most characters of a label the chart shows left of its bar, and of one that also
    /// says how its value was scored.
    static let labelLength = 32, notedLabelLength = 48

    /// A label cut to `length` characters, so it fits left of the bars.
    static func clipped(_ label: String, to length: Int = labelLength) -> String {
        label.count > length ? String(label.prefix(length - 1)) + "…" : label
    }

    /// A coordinate with one decimal, locale-free.
    static func number(_ value: Double) -> String {
        numberText((value * 10).rounded() / 10)
    }
}
