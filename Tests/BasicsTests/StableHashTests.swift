import Testing

@testable import Basics

@Suite struct StableHashTests {
    @Test func fnv1aOfTheReferenceImplementation() {
        #expect(StableHash.fnv1a("") == 0xCBF2_9CE4_8422_2325)
        #expect(StableHash.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(StableHash.fnv1a("permutation:age") == 0x8DD6_99C5_741A_42F2)
    }
}
