import Basics
import Testing

@Suite struct SignificantTests {
    /// A value so small that 10 to the power of its decimals overflows is written as Swift
    /// writes it, not `nan` (trial34: `data inspect` showed a column of 1e-310 as `nan to nan`).
    @Test(arguments: [1e-310, -1e-310, 2.2250738585072014e-308, 5e-324, 1.5e-300])
    func tinyValuesAreWrittenNotNaN(value: Double) {
        let text = significant(value)
        #expect(!text.contains("nan") && !text.contains("inf"), "\(value): \(text)")
        #expect(Double(text).map { abs($0 - value) <= abs(value) * 1e-5 } == true, "\(value): \(text)")
    }

    /// Values of 1e15 or more keep their significant digits, with an exponent (trial35: a
    /// baseline's mean was `1.5332435966550489e+34`).
    @Test func hugeValuesAreWrittenWithTheirDigitsAndAnExponent() {
        #expect(significant(1.5332435966550489e+34) == "1.53324e+34")
        #expect(significant(-2.5e20, digits: 3) == "-2.5e+20")
        #expect(significant(1e15) == "1e+15")
        #expect(significant(9.9999996e20) == "1e+21")
        #expect(significant(999_999_999_999_999) == "999999999999999")
        #expect(significant(1.7976931348623157e308) == "1.79769e+308")
    }

    @Test func ordinarySizesKeepTheirForm() {
        #expect(significant(0.000123456789) == "0.000123457")
        #expect(significant(1e-20, digits: 3) == "1e-20")
        #expect(significant(387.1881438471568) == "387.188")
    }
}
