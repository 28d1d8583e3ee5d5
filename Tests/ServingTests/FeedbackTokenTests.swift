import Models
import Testing

@testable import Serving

@Suite struct FeedbackTokenTests {
    /// Gives the words it was made with, in turn.
    struct FixedWords: RandomNumberGenerator {
        var words: [UInt64]
        mutating func next() -> UInt64 { words.removeFirst() }
    }

    @Test(arguments: [
        [UInt64(0), 0],
        [0x1, 0xFFFF_FFFF_FFFF_FFFF],
        [0x0123_4567_89AB_CDEF, 0xF0],
        [0xDEAD_BEEF_0000_0001, 0x8000_0000_0000_0000],
    ])
    func tokensAreBothWordsInZeroPaddedLowerCaseHex(words: [UInt64]) {
        var generator = FixedWords(words: words)
        let expected = words.map {
            let hex = String($0, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        #expect(FeedbackToken.make(using: &generator) == expected)
        #expect(expected.count == 32)
    }

    @Test func theLogKeepsTheTokensSHA256() {
        #expect(FeedbackToken.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
