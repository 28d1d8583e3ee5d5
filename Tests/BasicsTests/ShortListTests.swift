import Testing

@testable import Basics

@Suite struct ShortListTests {
    @Test func aFewValuesAreListedAndManyAreCounted() {
        #expect(ShortList.text(["a", "b"]) == "a, b")
        let many = (0..<657).map { "v\($0)" }
        #expect(ShortList.text(many) == "v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, … (657 in all)")
        #expect(ShortList.text(many, limit: 2) == "v0, v1, … (657 in all)")
    }
}
