import Models
import Testing

/// `CategoryName`: the one rule by which a value names a category, at serving and in warnings.
@Suite struct CategoryNameTests {
    static let churnPlans = ["BASIC", "Basic", "basic ", "premium ", "pro"]

    @Test(arguments: [
        ("basic ", CategoryName.Match.category(2)),  // exactly as trained, spaces and all
        ("basic", .category(2)),  // the one category whose key is `basic`
        (" basic\t", .category(2)),
        ("Basic", .category(1)),  // the exact match wins over the key's
        ("premium", .category(3)),
        ("Premium", .unknown),  // case is never folded
        ("enterprise", .unknown),
    ])
    func aValueNamesACategoryExactlyOrByItsKey(value: String, expected: CategoryName.Match) {
        #expect(CategoryName.match(value, in: Self.churnPlans) == expected)
    }

    @Test func lineEndingsCompareAsLF() {
        let comments = ["Login fails\nafter update", "Crash on start\r\nagain", "ok"]
        #expect(CategoryName.match("Login fails\r\nafter update", in: comments) == .category(0))
        #expect(CategoryName.match("Crash on start\nagain", in: comments) == .category(1))
        #expect(CategoryName.match("Crash on start\ragain", in: comments) == .category(1))
        #expect(CategoryName.key("  a\r\nb\rc\n ") == "a\nb\nc")
    }

    @Test func twoCategoriesWithTheSameKeyAreAmbiguousUnlessOneIsSentExactly() {
        let plans = ["basic ", " basic", "pro"]
        #expect(CategoryName.match("basic", in: plans) == .ambiguous([0, 1]))
        #expect(CategoryName.match(" basic", in: plans) == .category(1))
    }

    @Test func nearDuplicatesAreGroupedByCaseSpacesAndLineEndings() {
        #expect(
            CategoryName.nearDuplicateGroups(Self.churnPlans + ["Premium", "a\r\nb", "a\nb"])
                == [["BASIC", "Basic", "basic "], ["premium ", "Premium"], ["a\r\nb", "a\nb"]])
        #expect(CategoryName.nearDuplicateGroups(["a", "b", "ab"]).isEmpty)
    }

    @Test(arguments: [
        ("Basic", "Basic"), ("basic ", "'basic '"), (" x", "' x'"), ("a\r\nb", "'a\\r\\nb'"), ("a,b", "'a,b'"),
        ("it's", "'it\\'s'"), ("", "''"),
    ])
    func shownQuotesWhatWouldReadAmbiguously(value: String, shown: String) {
        #expect(CategoryName.shown(value) == shown)
    }
}
