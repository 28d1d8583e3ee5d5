import Basics
import Testing

/// Counts in messages group their digits as the rest of the output does (trial28 #2:
/// `evaluate --on` said "the 16281 rows held out of …").
@Suite struct CountedTests {
    @Test(arguments: [
        (1, "1 row"), (0, "0 rows"), (999, "999 rows"), (16_281, "16,281 rows"), (1_000_000, "1,000,000 rows"),
    ])
    func countsAreGrouped(count: Int, text: String) {
        #expect(counted(count, "row") == text)
    }

    @Test func anIrregularPluralIsKept() {
        #expect(counted(1_200, "category", "categories") == "1,200 categories")
    }
}
