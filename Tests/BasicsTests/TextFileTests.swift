import Basics
import Testing

@Suite struct TextFileTests {
    @Test(arguments: [
        ("a\nb\n", "a\nb\n"),
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),
        ("\u{FEFF}a\r\n\r\nb", "a\n\nb"),
        ("a\n\r\nb\r\r\n", "a\n\nb\n\n"),
        ("x\u{FEFF}y", "x\u{FEFF}y"),
        ("", ""),
    ])
    func readsCRLFAndCRAsLFAndSkipsALeadingBOM(text: String, read: String) {
        #expect(TextFile.decode(Array(text.utf8)) == read)
    }

    @Test func notUTF8IsNil() {
        #expect(TextFile.decode([0x61, 0xFF, 0x0D, 0x0A]) == nil)
        #expect(TextFile.decode([0x61, 0xFF]) == nil)
    }

    @Test func theByteOrderMarkIsDroppedOnlyAtTheStart() {
        #expect(Array(TextFile.withoutByteOrderMark([0xEF, 0xBB, 0xBF, 0x7B])) == [0x7B])
        #expect(Array(TextFile.withoutByteOrderMark([0x7B, 0xEF, 0xBB, 0xBF])) == [0x7B, 0xEF, 0xBB, 0xBF])
    }
}
