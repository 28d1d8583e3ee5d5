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

    /// What text printed from data shows escaped: control characters, format characters such
    /// as the bidi override U+202E, and line and paragraph separators (trial19 #6); not letters,
    /// spaces or emoji.
    @Test func hiddenCharactersAreControlFormatAndLineSeparators() {
        for hidden: Unicode.Scalar in [
            "\u{0}", "\t", "\n", "\r", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{AD}", "\u{200B}", "\u{200E}",
            "\u{202E}", "\u{2066}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{E0001}",
        ] {
            #expect(ControlCharacters.isHidden(hidden), "\(ControlCharacters.codePoint(hidden))")
        }
        for shown: Unicode.Scalar in ["a", " ", "é", "\u{A0}", "€", "\u{1F600}", "\u{4E2D}"] {
            #expect(!ControlCharacters.isHidden(shown), "\(ControlCharacters.codePoint(shown))")
        }
        #expect(ControlCharacters.described("\n") == "a line break (U+000A)")
        #expect(ControlCharacters.described("\t") == "a tab (U+0009)")
        #expect(ControlCharacters.described("\u{7}") == "the control character U+0007")
        #expect(ControlCharacters.described("\u{202E}") == "the invisible format character U+202E")
    }

    /// Spaces other than U+0020 are not hidden (a name may hold one) but are shown escaped and
    /// named, since they pass for a space (trial21 #9).
    @Test func otherSpacesAreEscapedAndNamed() {
        for space: Unicode.Scalar in ["\u{A0}", "\u{202F}", "\u{2007}", "\u{2009}", "\u{3000}", "\u{3164}", "\u{1680}"]
        {
            #expect(ControlCharacters.isOtherSpace(space), "\(ControlCharacters.codePoint(space))")
            #expect(ControlCharacters.isEscaped(space), "\(ControlCharacters.codePoint(space))")
            #expect(!ControlCharacters.isHidden(space), "\(ControlCharacters.codePoint(space))")
        }
        for other: Unicode.Scalar in [" ", "a", "é", "€", "_"] {
            #expect(!ControlCharacters.isEscaped(other), "\(ControlCharacters.codePoint(other))")
        }
        #expect(ControlCharacters.isEscaped("\u{200B}") && ControlCharacters.isEscaped("\u{7}"))
        #expect(ControlCharacters.described("\u{A0}") == "a no-break space (U+00A0)")
        #expect(ControlCharacters.described("\u{202F}") == "a narrow no-break space (U+202F)")
        #expect(ControlCharacters.described("\u{200B}") == "a zero-width space (U+200B)")
        #expect(ControlCharacters.described("\u{2009}") == "the space character U+2009")
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
