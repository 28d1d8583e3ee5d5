import Testing

@testable import Basics

/// The streams are pinned: trained models and evaluation reports are compared byte for byte
/// with committed ones, so a changed stream is a changed artifact.
@Suite struct SplitMix64Tests {
    @Test func streamOfTheReferenceImplementation() {
        var zero = SplitMix64(seed: 0)
        #expect(
            [zero.next(), zero.next(), zero.next()] == [
                0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
            ])
        var seeded = SplitMix64(seed: 20_261_122)
        #expect(seeded.next() == 0x08FA_96A3_B618_75F2)
    }

    @Test func saltedStreamSkipsItsFirstOutput() {
        var salted = SplitMix64(seed: 20_261_122, salt: "permutation:age")
        #expect(salted.next() == 0xC674_412F_5D54_56DE)
    }

    @Test func belowStaysInRange() {
        var generator = SplitMix64(seed: 7)
        for bound in [1, 2, 3, 10, 1000, 1 << 40] {
            for _ in 0..<100 { #expect((0..<bound).contains(generator.below(bound))) }
        }
    }
}
