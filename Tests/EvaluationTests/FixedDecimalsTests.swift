import Evaluation
import Testing

/// Fixed-decimal numbers never print a negative zero (trial28 #2: a slice's R² of −0.0002 was
/// printed as `-0.000`).
@Suite struct FixedDecimalsTests {
    @Test(arguments: [
        (-0.0002, 3, "0.000"), (-0.0, 4, "0.0000"), (-0.00004, 4, "0.0000"), (0.0, 2, "0.00"),
        (-0.0006, 3, "-0.001"), (0.12345, 4, "0.1235"), (-1.5, 0, "-2"), (-0.4, 0, "0"), (2.5, 1, "2.5"),
    ])
    func unsigned(value: Double, decimals: Int, text: String) {
        #expect(fixedDecimals(value, decimals) == text)
    }

    @Test(arguments: [
        (-0.0002, 3, "0.000"), (0.0001, 3, "0.000"), (0.5, 3, "+0.500"), (-0.25, 2, "-0.25"), (0.0, 1, "0.0"),
    ])
    func signed(value: Double, decimals: Int, text: String) {
        #expect(fixedDecimals(value, decimals, signed: true) == text)
    }

    @Test func nonFiniteValuesAreWrittenAsPrintfDoes() {
        #expect(fixedDecimals(.infinity, 3) == "inf")
        #expect(fixedDecimals(-.infinity, 3) == "-inf")
    }

    /// trial28 #12: a price's MAE printed as `18766.4645 [17280.5266, 20461.3121]`. A figure
    /// keeps its decimals below 100, loses one per digit above, and groups thousands from 10,000.
    @Test(arguments: [
        (0.85312, 4, "0.8531"), (12.34567, 4, "12.3457"), (123.4567, 4, "123.457"), (1234.5678, 4, "1234.57"),
        (9_999.44, 4, "9999.44"), (18_766.4645, 4, "18,766.5"), (233_623.7167, 4, "233,624"),
        (18_766.4645, 3, "18,766"), (-1_234_567.89, 3, "-1,234,568"), (-0.00002, 4, "0.0000"), (-0.0006, 3, "-0.001"),
    ])
    func figures(value: Double, decimals: Int, text: String) {
        #expect(figure(value, decimals: decimals) == text)
    }

    @Test func signedFiguresKeepTheirSignBeforeTheGroups() {
        #expect(figure(25_000.54, decimals: 4, signed: true) == "+25,000.5")
        #expect(figure(-133.6589, decimals: 4, signed: true) == "-133.659")
        #expect(figure(0.00001, decimals: 4, signed: true) == "0.0000")
        #expect(figure(.infinity, decimals: 3) == "inf")
    }
}
