import Foundation
import Testing

@testable import Publisher

/// The feature-importance chart's axis fits its values, whatever their range: small (every
/// card's permutation importances are under 0.2), large, negative, zero.
@Suite struct ImportanceChartTests {
    /// The tick labels of an SVG chart, in order.
    static func tickLabels(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text class=\"tick\"").dropFirst().compactMap { piece in
            piece.split(separator: ">", maxSplits: 1).last?.split(separator: "<").first.map(String.init)
        }
    }

    /// The bars' x and width in pixels.
    static func bars(_ svg: String) -> [(x: Double, width: Double)] {
        svg.components(separatedBy: "<rect class=\"bar series-1\"").dropFirst().map { piece in
            func attribute(_ name: String) -> Double {
                let start = piece.range(of: " \(name)=\"")?.upperBound ?? piece.startIndex
                return Double(piece[start...].prefix { $0 != "\"" }) ?? .nan
            }
            return (attribute("x"), attribute("width"))
        }
    }

    @Test(arguments: [
        ([0.12, 0.03, 0.0], ["0", "0.05", "0.10", "0.15"]),
        ([0.0009, 0.0002], ["0", "0.0005", "0.001"]),
        ([1_250, 300], ["0", "500", "1000", "1500"]),
        ([-0.02, -0.07], ["-0.08", "-0.06", "-0.04", "-0.02", "0"]),
        ([0.3, -0.1], ["-0.10", "0", "0.10", "0.20", "0.30"]),
        ([0, 0], ["0", "1"]),
    ])
    func theAxisFitsTheValues(values: [Double], ticks: [String]) {
        let items = values.enumerated().map { ("f\($0.offset)", $0.element) }
        let svg = Charts.importance(items, title: "Importance")
        let labels = Self.tickLabels(svg).filter { !$0.hasPrefix("f") }
        #expect(labels == ticks)
        // The largest bar spans at least a third of the axis: no bar looks empty.
        let plot = 520.0 - 130 - 20
        let widest = Self.bars(svg).map(\.width).max() ?? 0
        if values.contains(where: { $0 != 0 }) { #expect(widest > plot / 3, "\(values): widest \(widest)") }
    }

    @Test func aNegativeBarGoesLeftOfZero() {
        let svg = Charts.importance([("helps", 0.3), ("hurts", -0.1)], title: "Importance")
        let bars = Self.bars(svg)
        #expect(bars.count == 2)
        #expect(bars[1].x < bars[0].x)
        #expect(abs(bars[1].x + bars[1].width - bars[0].x) < 0.01)
    }
}
