import Foundation
import Testing

@testable import JSONReading

@Suite struct JSONReaderTests {
    /// Runs `body` on a reader over `text`, then checks nothing but whitespace is left.
    func read<T>(_ text: String, _ body: (inout JSONReader) throws(JSONReadError) -> T) throws -> T {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in
            var reader = JSONReader(raw)
            let value = try body(&reader)
            try reader.end()
            return value
        }
    }

    func failure(_ text: String, _ body: (inout JSONReader) throws(JSONReadError) -> Void) -> JSONReadError? {
        do {
            try read(text, body)
            return nil
        } catch let error as JSONReadError {
            return error
        } catch {
            return nil
        }
    }

    @Test func walksObjectsAndArraysAndSkipsUnknownKeys() throws {
        let text = #"{"a": 1, "skip": {"x": [1, {"y": null}, "s", true, false, -2.5e3]}, "b": [1, 2, 3], "c": "z"}"#
        let (a, b, c) = try read(text) { reader throws(JSONReadError) in
            var a: Int?, b: [Int]?, c: String?
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "a": a = try reader.int()
                case "b": b = try reader.array { r throws(JSONReadError) in try r.int() }
                case "c": c = try reader.string()
                default: try reader.skipValue()
                }
            }
            return (a, b, c)
        }
        #expect(a == 1)
        #expect(b == [1, 2, 3])
        #expect(c == "z")
        #expect(
            try read("[]") { r throws(JSONReadError) in try r.array { r throws(JSONReadError) in try r.int() } } == [])
        #expect(
            try read(" {\n} ") { r throws(JSONReadError) in
                try r.beginObject(); return try r.nextKey() == nil
            })
    }

    /// Every number reads as the same `Double` as Foundation's JSON reader gives it.
    @Test(arguments: [
        "0", "-0", "1", "-17", "0.1", "0.30000000000000004", "1e-7", "2.5E+10", "123456789012345678",
        "9007199254740993", "0.9954126983880996", "1.7976931348623157e308", "5e-324", "-1.5e-300",
        "12345678901234567890123", "0.027561102444097763", "0.1234567890123456", "1234567890123456e-22",
        "123.456e5", "9.007199254740992", "9.007199254740993", "4.35e-10", "-0.0", "0.30000000000000004e2",
        "1e22", "1e23", "1e-22", "1e-23", "0.0000000000000000000001", "8.888888888888888e-7",
    ])
    func numbersMatchFoundation(_ text: String) throws {
        let ours = try read(text) { r throws(JSONReadError) in try r.double() }
        let foundation = try JSONDecoder().decode(Double.self, from: Data(text.utf8))
        #expect(ours.bitPattern == foundation.bitPattern)
    }

    /// Many random numbers, printed as Swift prints them (shortest round trip), read back exactly.
    @Test func randomNumbersRoundTripBitForBit() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1)
            let scaled =
                Double.random(in: -1e6...1e6, using: &generator) / Double([1, 1e3, 1e9][Int.random(in: 0..<3)])
            for number in [value, scaled] {
                let text = "\(number)"
                let read = try read(text) { r throws(JSONReadError) in try r.double() }
                #expect(read.bitPattern == number.bitPattern, "\(text)")
            }
        }
    }

    /// Numbers of up to 19 significant digits with up to 19 digits after the point (read in
    /// integer arithmetic, not by strtod) agree with the C library's correctly rounded strtod:
    /// random digits, and values exactly halfway between two doubles (rounded to even) and a
    /// last digit either side of them.
    @Test func longSignificandsRoundAsStrtodDoes() throws {
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = []
        for _ in 0..<100_000 {
            let digits = String(
                (0..<Int.random(in: 1...19, using: &generator)).map { _ in
                    Character(String(Int.random(in: 0...9, using: &generator)))
                })
            let point = Int.random(in: 0..<digits.count, using: &generator)
            let integer = point == 0 ? "0" : String(UInt64(digits.prefix(point)) ?? 0)
            let zeros = String(repeating: "0", count: Int.random(in: 0...3, using: &generator))
            let fraction = String(digits.dropFirst(point))
            texts.append("\(Bool.random(using: &generator) ? "-" : "")\(integer).\(point == 0 ? zeros : "")\(fraction)")
            // (2m + 1) / 8 for a 53-bit m has 54 significant bits: exactly halfway between two
            // doubles; its decimal form has 3 digits after the point and at most 19 in all.
            let m = UInt64.random(in: (1 << 52)..<(1 << 53), using: &generator)
            let thousandths = (2 * m + 1) * 125
            for tie in [thousandths - 1, thousandths, thousandths + 1] {
                let rest = String(tie % 1000)
                texts.append("\(tie / 1000).\(String(repeating: "0", count: 3 - rest.count))\(rest)")
            }
        }
        for text in texts {
            let ours = try read(text) { r throws(JSONReadError) in try r.double() }
            #expect(ours.bitPattern == strtod(text, nil).bitPattern, "\(text)")
        }
    }

    /// Eight digits at once: the value of any eight digits, and nil when any one byte is not a
    /// digit (bytes just outside "0"…"9", and high bytes whose sums wrap).
    @Test func eightDigitsAtOnce() {
        func word(_ bytes: [UInt8]) -> UInt64 {
            bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let digits = (0..<8).map { _ in UInt8.random(in: 0x30...0x39, using: &generator) }
            #expect(JSONReader.eightDigits(word(digits)) == UInt64(String(decoding: digits, as: UTF8.self)))
            for position in 0..<8 {
                for bad: UInt8 in [0x2F, 0x3A, 0x2E, 0x2C, 0x65, 0x00, 0x80, 0xBA, 0xFF] {
                    var broken = digits
                    broken[position] = bad
                    #expect(JSONReader.eightDigits(word(broken)) == nil)
                }
            }
        }
    }

    @Test func integersAreCheckedForRangeAndForm() throws {
        #expect(try read("-9223372036854775808") { r throws(JSONReadError) in try r.int() } == Int.min)
        #expect(try read("18446744073709551615") { r throws(JSONReadError) in try r.uint64() } == UInt64.max)
        #expect(failure("9223372036854775808") { r throws(JSONReadError) in _ = try r.int() } != nil)
        #expect(failure("1.5") { r throws(JSONReadError) in _ = try r.int() } != nil)
        #expect(failure("-1") { r throws(JSONReadError) in _ = try r.uint64() } != nil)
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "1e+", "NaN", "Infinity", "1e400"] {
            #expect(failure(bad) { r throws(JSONReadError) in _ = try r.double() } != nil, "\(bad)")
        }
    }

    @Test func stringsDecodeEscapesAndRefuseBrokenText() throws {
        let text = #""a\"b\\c\/d\n\t\u00e9\ud83d\ude00 é""#
        #expect(try read(text) { r throws(JSONReadError) in try r.string() } == "a\"b\\c/d\n\té😀 é")
        // Without escapes: plain ASCII, and UTF-8 that needs validating.
        #expect(try read(#""plain""#) { r throws(JSONReadError) in try r.string() } == "plain")
        #expect(try read(#""naïve — 😀""#) { r throws(JSONReadError) in try r.string() } == "naïve — 😀")
        let key = try read(#"{"k\u0065y": 1}"#) { r throws(JSONReadError) in
            try r.beginObject()
            let key = try r.nextKey()
            _ = try r.int()
            _ = try r.nextKey()
            return key
        }
        let matches: Bool
        switch key {
        case .some("key"): matches = true
        default: matches = false
        }
        #expect(matches)
        #expect(key?.string == "key")
        for bad in [#""abc"#, "\"a\u{01}b\"", #""\x""#, #""\ud83d""#, #""\u12""#] {
            #expect(failure(bad) { r throws(JSONReadError) in _ = try r.string() } != nil, "\(bad)")
        }
        let invalidUTF8: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        let error = invalidUTF8.withUnsafeBytes { raw -> JSONReadError? in
            var reader = JSONReader(raw)
            do {
                _ = try reader.string()
                return nil
            } catch { return error as? JSONReadError }
        }
        #expect(error?.message == "invalid UTF-8 in a string")
    }

    @Test func errorsSayLineAndColumn() throws {
        let error = failure("{\n  \"a\": 1,\n  \"b\": tru\n}") { r throws(JSONReadError) in
            try r.beginObject()
            while try r.nextKey() != nil { try r.skipValue() }
        }
        #expect(error?.description == "line 3, column 8: expected true")
        let missing = failure(#"{"a": 1}"#) { r throws(JSONReadError) in
            var b: Int?
            try r.beginObject()
            while let key = try r.nextKey() {
                switch key {
                case "b": b = try r.int()
                default: try r.skipValue()
                }
            }
            _ = try r.required(b, "b")
        }
        #expect(missing?.description == "line 1, column 9: the object ending here has no \"b\"")
    }

    @Test func aTruncatedTextSaysItEnded() {
        let truncated = failure(#"[{"age": 37},"#) { r throws(JSONReadError) in
            try r.beginArray()
            while try r.nextElement() { try r.skipValue() }
        }
        #expect(truncated?.description == "line 1, column 14: expected a number, found the end of the text")
        let inside = failure(#"[1, x]"#) { r throws(JSONReadError) in
            try r.beginArray()
            while try r.nextElement() { try r.skipValue() }
        }
        #expect(inside?.description == "line 1, column 5: expected a number")
    }

    @Test func oneFieldIsReadAndTheRestSkipped() throws {
        let text = #"{"a": [1, {"b": 2}], "n": 1, "z": "x", "n": 3}"#
        #expect(
            try read(text) { r throws(JSONReadError) in try r.field("n") { r throws(JSONReadError) in try r.int() } }
                == 3)
        #expect(
            try read(text) { r throws(JSONReadError) in try r.field("q") { r throws(JSONReadError) in try r.int() } }
                == nil)
        #expect(
            failure(#"{"n": 1, "a": [1,]}"#) { r throws(JSONReadError) in
                _ = try r.field("n") { r throws(JSONReadError) in try r.int() }
            } != nil)
    }

    @Test func structureErrorsAreRefused() {
        let cases = [#"{"a": 1,}"#, #"{"a" 1}"#, #"{"a": 1 "b": 2}"#, "[1 2]", "[1,]", #"{a: 1}"#, "{", "[", "nul"]
        for text in cases {
            #expect(failure(text) { r throws(JSONReadError) in try r.skipValue() } != nil, "\(text)")
        }
        #expect(
            failure("{} x") { r throws(JSONReadError) in try r.skipValue() }?.message
                == "unexpected text after the JSON value")
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(failure(deep) { r throws(JSONReadError) in try r.skipValue() }?.message == "nested more than 512 deep")
    }
}
