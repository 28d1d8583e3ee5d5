import Basics
import Testing

/// The one number grammar training and serving share, and its exact fast path.
@Suite struct DecimalNumberTests {
    @Test(arguments: [
        ("37", 37.0), ("+37", 37), ("-0.5", -0.5), (".5", 0.5), ("3.", 3), ("1e3", 1000), ("2.5E-1", 0.25),
        ("007", 7), (" 40", 40), ("40 ", 40), ("\t-1.5\r\n", -1.5), ("1234567890123456789", 1234567890123456789),
    ])
    func decimalNotationIsANumber(text: String, value: Double) {
        #expect(DecimalNumber.parse(text) == value)
    }

    /// strtod (Swift's `Double(_:)`) takes the first few; no client and no data file means them.
    @Test(arguments: [
        "0x1p5", "0X20", "0x10", "0x1p3", "inf", "-infinity", "nan", "1e", "e3", ".", "+", "-", "1.2.3", "1e+",
        "1_000", "", "  ", "1,5", "1 000", "4 4", "٣", "１",
    ])
    func otherNotationsAreNot(text: String) {
        #expect(DecimalNumber.parse(text) == nil)
    }

    @Test func anExponentPastTheRangeIsInfinite() {
        #expect(DecimalNumber.parse("1e999") == .infinity)
        #expect(DecimalNumber.parse("-1e999") == -.infinity)
    }

    @Test func theFastPathIsStrtod() throws {
        var generator = SplitMix64(seed: 7)
        var texts = ["0", "-0", "00012", "1.", ".5", "-.5", "999999999999999", "0.000000000000001", "123456.789012345"]
        for _ in 0..<20_000 {
            let digits = Int(generator.next() % 15) + 1
            var text = generator.next() % 2 == 0 ? "-" : ""
            let point = Int(generator.next() % UInt64(digits + 1))
            for k in 0..<digits {
                if k == point { text += "." }
                text += String(generator.next() % 10)
            }
            texts.append(text)
        }
        var read = 0
        for text in texts {
            // nil hands the cell to `Double(_:)` (here: 16 digits with the leading zero).
            guard let fast = Array(text.utf8).withUnsafeBufferPointer({ DecimalNumber.plainValue($0) }) else {
                continue
            }
            read += 1
            #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text)")
            #expect(DecimalNumber.parse(text)?.bitPattern == fast.bitPattern, "\(text)")
        }
        #expect(read == texts.count - 1)
        for text in [
            "", "-", ".", "-.", "..5", "1..", "--1", "1-", "1e5", "+1", " 1", "1,5", "1234567890123456", "1.2.3", "nan",
        ] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.plainValue($0) } == nil, "\(text)")
        }
    }

    /// The CSV reader's sixteen bytes at a time (`plainValue(_:in:)`) reads every cell as the
    /// byte-at-a-time loop does: random cells of digits, points, signs and the bytes around
    /// the digits' (`/`, `:`), 1 to 18 bytes, after any bytes of a line (the 16 bytes before a
    /// cell's end read at once) and at the start of the text (read a byte at a time).
    @Test func theSixteenByteReadingIsTheByteAtATimeOne() {
        var generator = SplitMix64(seed: 11)
        let alphabet = Array("0123456789012345678901234567890123456789..--+e /:\u{0}\u{80}".utf8)
        var cells = [
            "9", "-0", "5.", ".5", "-.5", "999999999999999", "-999999999999999", ".999999999999999",
            "-99999999999999.9", "1234567890123456", "0.000000000000001", "-", ".", "-.", "1.2.3", "--1",
        ].map { Array($0.utf8) }
        for _ in 0..<50_000 {
            let count = Int(generator.next() % 18) + 1
            cells.append((0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        var read = 0
        for cell in cells {
            let expected = cell.withUnsafeBufferPointer { DecimalNumber.plainValue($0) }
            let before = (0..<Int(generator.next() % 40)).map { _ in
                alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            let line = before + [UInt8(ascii: ",")] + cell + [UInt8(ascii: ",")]
            for (text, start) in [(line, before.count + 1), (cell, 0)] {
                text.withUnsafeBufferPointer { text in
                    let value = DecimalNumber.plainValue(
                        UnsafeBufferPointer(rebasing: text[start..<(start + cell.count)]), in: text)
                    #expect(value?.bitPattern == expected?.bitPattern, "\(String(decoding: cell, as: UTF8.self))")
                }
            }
            if expected != nil { read += 1 }
        }
        // Enough of the random cells are numbers for the comparison to mean something.
        #expect(read > 5_000)
    }

    /// Every number the slow path reads is the one strtod reads from the same text trimmed.
    @Test func theSlowPathIsStrtod() {
        for text in ["1e5", "+1", " 1", "1234567890123456", "-2.5e-3", "6.02214076E23", "0.1e1 "] {
            let trimmed = text.filter { $0 != " " }
            #expect(DecimalNumber.parse(text)?.bitPattern == Double(trimmed)?.bitPattern, "\(text)")
        }
    }
}
