import Basics
import Testing

/// One value written with grouped thousands, and how it is written plainly.
@Suite struct DigitGroupingTests {
    @Test(arguments: [
        ("351,000", "351000"), ("1,234.5", "1234.5"), ("-12,345", "-12345"), ("1.356,31", "1356.31"),
        ("1.356.310", "1356310"), ("1 228", "1228"), ("1\u{00A0}228,5", "1228.5"), ("1\u{202F}228", "1228"),
        ("1'078.72", "1078.72"), ("1\u{2019}078", "1078"), (" 2,000 ", "2000"),
    ])
    func groupedNumbersAreWrittenPlainly(text: String, plain: String) {
        #expect(DigitGrouping.plain(text) == plain)
    }

    /// Not grouping: a decimal point or comma alone, a leading zero, groups not of three,
    /// text, and a number `DecimalNumber` reads already.
    @Test(arguments: ["1.356", "41,4", "0,123", "12,34", "1,2345", "1,000,00", "heavy", "351000", "", ",000"])
    func otherTextIsNotGrouped(text: String) {
        #expect(DigitGrouping.plain(text) == nil)
    }
}
