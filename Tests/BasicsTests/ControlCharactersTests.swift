import Basics
import Testing

@Suite struct ControlCharactersTests {
    @Test(
        arguments: [
            ("plain text", nil),
            ("tab\tline\nreturn\r", nil),
            ("\u{1B}[31mred", 1),
            ("oops\u{08}", 5),
            ("é\u{7F}", 2),
            ("next line\u{85}", 10),
            ("\u{0}", 1),
        ] as [(String, Int?)])
    func findsTheFirstForbiddenCharacter(text: String, position: Int?) {
        #expect(ControlCharacters.first(in: text)?.position == position)
    }

    @Test func namesTheCodePoint() {
        #expect(ControlCharacters.codePoint("\u{1B}") == "U+001B")
        #expect(ControlCharacters.codePoint("\u{85}") == "U+0085")
    }

    @Test(
        arguments: [
            ("a\u{1B}[1mb\u{08}", "a\u{FFFD}[1mb\u{FFFD}"),
            ("\u{0}\u{7F}\u{80}\u{9F}", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("Ā ĀĀ \u{A0} é", nil),  // 0xC4 0x80, 0xC2 0xA0: not C1
            ("tab\tnew\nline\r\n", nil),
            ("", nil),
        ] as [(String, String?)])
    func replacesForbiddenBytesWithTheReplacementCharacter(text: String, expected: String?) {
        let replaced = Array(text.utf8).withUnsafeBytes { ControlCharacters.replaced(in: $0) }
        #expect(replaced.map { String(decoding: $0, as: UTF8.self) } == expected)
    }
}
