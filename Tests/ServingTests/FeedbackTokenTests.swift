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

    /// predict.cgi's own SHA-256 against swift-crypto's, across the padding's edge cases (55, 56
    /// and 64 bytes: one or two blocks) and FIPS 180-4's examples.
    @Test(arguments: [0, 1, 3, 32, 55, 56, 57, 63, 64, 65, 119, 120, 1000])
    func sha256AgreesWithSwiftCrypto(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        #expect(SHA256.hex(bytes) == Digest.sha256(bytes))
    }

    @Test func sha256KnownAnswers() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(twoBlocks) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
