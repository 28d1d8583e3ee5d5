import Foundation
import Testing
import TextEscaping

@testable import Publisher

/// The number and escaping helpers every page goes through (rewritten for speed: the site
/// build prints thousands of chart coordinates per card).
@Suite struct TextFormattingTests {
    @Test(
        arguments: [
            (0.8642, 3, "0.864"), (-0.0004, 3, "0.000"), (-0.0006, 3, "-0.001"), (1234.5678, 1, "1234.6"),
            (2.5, 0, "3"), (-2.5, 0, "-3"), (9.9996, 3, "10.000"), (0.05, 2, "0.05"), (0, 3, "0.000"),
            (1e300, 3, "1e+300"), (.infinity, 3, "—"), (123_456_789.123, 2, "123456789.12"),
        ] as [(Double, Int, String)])
    func numbersRoundAndPad(value: Double, digits: Int, text: String) {
        #expect(HTML.number(value, digits: digits) == text)
    }

    /// Agrees with the straightforward formula (round, then split whole and fraction) on many values.
    @Test func numbersAgreeWithTheDirectFormula() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value =
                Double.random(in: -5_000...5_000, using: &generator) / Double([1, 10, 1000][Int.random(in: 0..<3)])
            for digits in 0...3 {
                var scale = 1.0
                for _ in 0..<digits { scale *= 10 }
                let rounded = (value * scale).rounded() / scale
                let whole = Int64(abs(rounded).rounded(.down))
                var expected = String(whole)
                if digits > 0 {
                    let fraction = String(Int64(((abs(rounded) - Double(whole)) * scale).rounded()))
                    expected += "." + String(repeating: "0", count: digits - fraction.count) + fraction
                }
                if rounded < 0 { expected = "-" + expected }
                #expect(HTML.number(value, digits: digits) == expected, "\(value) with \(digits) digits")
                var appended: [UInt8] = []
                HTML.appendNumber(value, digits: digits, to: &appended)
                #expect(appended == Array(expected.utf8))
            }
        }
        #expect(HTML.number(nil, digits: 3) == "—")
    }

    @Test func htmlEscapesTheFiveCharactersAndKeepsTheRest() {
        #expect(Escaping.html(#"a<b & "c" 'd'>"#) == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        #expect(Escaping.html("plain text, é ü 😀") == "plain text, é ü 😀")
        #expect(Escaping.html("é<ü") == "é&lt;ü")
        #expect(Escaping.html("") == "")
        #expect(Escaping.html("e\u{301}&") == "e\u{301}&amp;")
    }
}
