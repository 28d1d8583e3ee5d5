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
}
