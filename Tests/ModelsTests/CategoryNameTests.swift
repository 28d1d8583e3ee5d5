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

    /// Values that read as the same number are grouped, as pandas' `2.0` beside `2` (trial19
    /// #4); a group is of numbers or of text, never both.
    @Test func nearDuplicatesIncludeOneNumberWrittenSeveralWays() {
        let values = ["0", "0.0", "1", "1e1", "10", "10.5", "2", " 2 ", "-0", "x", "X", "1.0"]
        let groups = CategoryName.nearDuplicateGroups(values)
        #expect(groups == [["0", "0.0", "-0"], ["1", "1.0"], ["1e1", "10"], ["2", " 2 "], ["x", "X"]])
        #expect(groups.map { CategoryName.isNumberGroup($0) } == [true, true, true, true, false])
        // A dialect's reader decides what is a number: with a decimal comma 2,0 is 2.
        let comma = { (text: String) in CategoryName.finiteNumber(text.replacingOccurrences(of: ",", with: ".")) }
        #expect(CategoryName.nearDuplicateGroups(["2", "2,0"], number: comma) == [["2", "2,0"]])
        #expect(CategoryName.nearDuplicateGroups(["2", "2,0"]).isEmpty)
        // Not numbers: hexadecimal, infinities.
        #expect(CategoryName.nearDuplicateGroups(["16", "0x10", "inf", "1e999", "2e999"]).isEmpty)
    }

    @Test(arguments: [
        ("Basic", "Basic"), ("basic ", "'basic '"), (" x", "' x'"), ("a\r\nb", "'a\\r\\nb'"), ("a,b", "'a,b'"),
        ("it's", "\"it's\""), ("say \"it's\"", "'say \"it\\'s\"'"), ("a\"b", "'a\"b'"),
        ("1\u{2019}078", "1\u{2019}078"), ("", "''"), ("y\u{1B}[31mRED", "'y\\x1b[31mRED'"), ("a\u{0}b", "'a\\x00b'"),
        ("del\u{7F}", "'del\\x7f'"), ("nel\u{85}", "'nel\\u0085'"), ("bell\u{7}", "'bell\\x07'"),
        ("bidi\u{202E}evil", "'bidi\\u202eevil'"), ("soft\u{AD}", "'soft\\u00ad'"), ("\u{FEFF}bom", "'\\ufeffbom'"),
        ("para\u{2029}", "'para\\u2029'"),
        ("10\u{A0}264", "'10\\u00a0264'"), ("1\u{202F}228,5", "'1\\u202f228,5'"), ("zero\u{200B}", "'zero\\u200b'"),
        ("wide\u{3000}", "'wide\\u3000'"), ("tag\u{E0001}", "'tag\\U000e0001'"), ("café €", "café €"),
    ])
    func shownQuotesWhatWouldReadAmbiguously(value: String, shown: String) {
        #expect(CategoryName.shown(value) == shown)
    }

    /// A long value is cut to `shownLength` characters before it is escaped; a control character
    /// never survives quoting (trial17 #10, #11).
    @Test func longValuesAreCutAndControlCharactersEscaped() {
        let note = "BEGIN\n" + String(repeating: "9", count: 135_000)
        #expect(CategoryName.cited(note) == "'BEGIN\\n" + String(repeating: "9", count: 34) + "…'")
        #expect(CategoryName.shown(note, limit: 10) == "'BEGIN\\n9999…'")
        #expect(CategoryName.shown("short", limit: 10) == "short")
        #expect(CategoryName.shortened(String(repeating: "é", count: 41)) == String(repeating: "é", count: 40) + "…")
        let every = String(String.UnicodeScalarView((0..<0xA0).compactMap { Unicode.Scalar(UInt32($0)) }))
        let quoted = CategoryName.quoted(every)
        #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    /// A message lists numbers by value, else as given (trial22 #11).
    @Test func listsNumbersByValue() {
        #expect(CategoryName.listed(["1", "10", "11", "2", "2.5"]) == ["1", "2", "2.5", "10", "11"])
        #expect(CategoryName.listed(["1", "10", "2", "x"]) == ["1", "10", "2", "x"])
        #expect(CategoryName.listed(["2", "2.0", "1e0"]) == ["1e0", "2", "2.0"])
        #expect(CategoryName.listed([]) == [])
    }

    /// `true`/`false` in any case name the one category that is the same word (trial22 #2).
    @Test func truthWordsNameTheirCategoryInAnyCase() {
        #expect(CategoryName.truthCategory("true", in: ["False", "True"]) == 1)
        #expect(CategoryName.truthCategory(" FALSE ", in: ["false", "true"]) == 0)
        #expect(CategoryName.truthCategory("True", in: ["TRUE", "true"]) == nil)
        #expect(CategoryName.truthCategory("Yes", in: ["no", "yes"]) == nil)
        #expect(CategoryName.caseless("Pro", in: ["pro", "basic", "PRO"]) == [0, 2])
    }
}
