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

    @Test func ordinarySizesKeepTheirForm() {
        #expect(significant(0.000123456789) == "0.000123457")
        #expect(significant(1e-20, digits: 3) == "1e-20")
        #expect(significant(387.1881438471568) == "387.188")
    }
}
