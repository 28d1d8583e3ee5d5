#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A forward-only JSON (RFC 8259) reader over UTF-8 bytes: the caller walks objects and arrays
/// and reads each value straight into its own types, with no tree in between and none of the
/// `Codable` machinery. Hot reads (every evaluation report on each site build, the serving
/// snapshot and the body on every CGI request) use it; `JSONDecoder` is several times slower
/// there because of per-key generic containers.
///
/// ```swift
/// var reader = JSONReader(bytes)
/// try reader.beginObject()
/// while let key = try reader.nextKey() {
///     switch key {
///     case "fpr": fpr = try reader.double()
///     default: try reader.skipValue()
///     }
/// }
/// try reader.end()
/// ```
///
/// The bytes must stay valid while the reader is used. Unknown keys are skipped by the caller,
/// as `Codable` ignores them; duplicate keys are the caller's to resolve (the last read wins).
public struct JSONReader {
    // The hot methods are @inlinable so that callers in other modules (every `init(reading:)`)
    // compile them into their loops instead of calling across the module boundary per byte.
    @usableFromInline let bytes: UnsafeRawBufferPointer
    /// The offset of the next unread byte.
    @usableFromInline var offset = 0
    /// True right after `{` or `[`: the next key or element takes no comma.
    @usableFromInline var atContainerStart = false
    /// Whether the C library's `strtod` reads `.` as the decimal point (asked once per reader).
    @usableFromInline let strtodReadsDot = decimalPointIsDot

    /// Nested containers deeper than this are refused when skipped (no stack overflow on
    /// hostile input); the caller's own decoding is bounded by its types.
    @usableFromInline static var maximumSkipDepth: Int { 512 }

    @inlinable public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Reads one JSON value from `bytes` with `body`, then checks that only whitespace follows.
    @inlinable
    public static func read<T>(
        _ bytes: UnsafeRawBufferPointer, _ body: (inout JSONReader) throws(JSONReadError) -> T
    ) throws(JSONReadError) -> T {
        var reader = JSONReader(bytes)
        let value = try body(&reader)
        try reader.end()
        return value
    }

    /// The message when an object was expected and something else came.
    public static var notAnObject: String { "expected an object" }

    // MARK: Containers

    /// Consumes `{`.
    @inlinable
    public mutating func beginObject() throws(JSONReadError) {
        guard peekSignificant() == UInt8(ascii: "{") else { throw fail(Self.notAnObject) }
        offset += 1
        atContainerStart = true
    }

    /// The next key of the current object, with its `:` consumed (the caller reads or skips
    /// the value next), or nil after consuming the closing `}`.
    @inlinable
    public mutating func nextKey() throws(JSONReadError) -> JSONKey? {
        guard try continueContainer(closing: UInt8(ascii: "}")) else { return nil }
        guard peekSignificant() == UInt8(ascii: "\"") else { throw syntax("expected a key in quotes") }
        let key = try readKey()
        try expect(UInt8(ascii: ":"), "':' after the key")
        return key
    }

    /// Consumes `[`.
    @inlinable
    public mutating func beginArray() throws(JSONReadError) {
        try expect(UInt8(ascii: "["), "an array")
        atContainerStart = true
    }

    /// True when another element follows (the caller reads it next); false after consuming
    /// the closing `]`.
    @inlinable
    public mutating func nextElement() throws(JSONReadError) -> Bool {
        try continueContainer(closing: UInt8(ascii: "]"))
    }

    /// Reads an array whose elements `element` reads.
    @inlinable
    public mutating func array<T>(
        _ element: (inout JSONReader) throws(JSONReadError) -> T
    ) throws(JSONReadError) -> [T] {
        try beginArray()
        var items: [T] = []
        while try nextElement() { items.append(try element(&self)) }
        return items
    }

    /// Reads the current object for one key only, skipping (and syntax-checking) the rest:
    /// `read`'s value for the key's last occurrence, or nil when the object does not have it.
    public mutating func field<T>(
        _ name: StaticString, _ read: (inout JSONReader) throws(JSONReadError) -> T
    ) throws(JSONReadError) -> T? {
        var value: T?
        try beginObject()
        while let key = try nextKey() {
            if name ~= key { value = try read(&self) } else { try skipValue() }
        }
        return value
    }

    /// Checks that nothing but whitespace follows the value read.
    @inlinable
    public mutating func end() throws(JSONReadError) {
        skipWhitespace()
        guard offset == bytes.count else { throw fail("unexpected text after the JSON value") }
    }

    // MARK: Values

    /// The first byte of the next value (after whitespace), not consumed; 0 at the end. Lets a
    /// caller branch on the kind of a value whose type the data decides.
    @inlinable
    public mutating func peek() -> UInt8 {
        peekSignificant()
    }

    /// Consumes `null` and returns true, or returns false (consuming nothing) for any other value.
    @inlinable
    public mutating func readNull() throws(JSONReadError) -> Bool {
        guard peekSignificant() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    @inlinable
    public mutating func bool() throws(JSONReadError) -> Bool {
        switch peekSignificant() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default: throw syntax("expected true or false")
        }
    }

    /// A number as the nearest `Double` (correctly rounded, as `JSONDecoder` reads it).
    @inlinable
    public mutating func double() throws(JSONReadError) -> Double {
        let number = try scanNumber()
        if number.isInteger, let value = integerValue(number), value != 0 || bytes[number.start] != UInt8(ascii: "-") {
            return Double(value)  // Int to Double rounds correctly, as strtod does; "-0" goes to strtod
        }
        return try parseDouble(number)
    }

    /// A number as the nearest `Double` (`double()`) and as its text in the JSON, byte for byte
    /// (`5`, `1.50`, `-0.0`, `12345678901234567890`): for a value that is passed on as it was
    /// sent, where the `Double` would turn `5` into `5.0` and an id above 2^53 into another id.
    /// - Throws: `JSONReadError` where the text is no number, or one too large for a `Double`.
    public mutating func numberWithText() throws(JSONReadError) -> (value: Double, text: String) {
        skipWhitespace()
        let start = offset
        let value = try double()
        return (value, String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
    }

    /// A number without fraction or exponent that fits in `Int`.
    @inlinable
    public mutating func int() throws(JSONReadError) -> Int {
        let number = try scanNumber()
        guard number.isInteger, let value = integerValue(number) else {
            offset = number.start
            throw fail("expected an integer that fits in 64 bits")
        }
        return value
    }

    /// A non-negative integer that fits in `UInt64`.
    @inlinable
    public mutating func uint64() throws(JSONReadError) -> UInt64 {
        let number = try scanNumber()
        var value: UInt64 = 0
        var fits = number.isInteger && bytes[number.start] != UInt8(ascii: "-")
        for index in number.start..<number.end where fits {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] &- 48))
            value = sum
            fits = !overflow1 && !overflow2
        }
        guard fits else {
            offset = number.start
            throw fail("expected a non-negative integer that fits in 64 bits")
        }
        return value
    }

    @inlinable
    public mutating func string() throws(JSONReadError) -> String {
        guard peekSignificant() == UInt8(ascii: "\"") else { throw syntax("expected a string") }
        return try readStringBody()
    }

    /// `null` as nil, else what `read` reads (for optional fields: missing and null are alike).
    @inlinable
    public mutating func optional<T>(
        _ read: (inout JSONReader) throws(JSONReadError) -> T
    ) throws(JSONReadError) -> T? {
        try readNull() ? nil : try read(&self)
    }

    /// Skips one value of any kind, checking its syntax.
    public mutating func skipValue() throws(JSONReadError) {
        try skipValue(depth: 0)
    }

    // MARK: Errors

    /// The error for a required key the current object did not have.
    public func missing(_ key: StaticString) -> JSONReadError {
        fail("the object ending here has no \"\(key)\"")
    }

    /// An error at the current position.
    public func fail(_ message: String) -> JSONReadError {
        JSONReadError(bytes: bytes, offset: min(offset, bytes.count), message: message)
    }

    /// A syntax error at the current position: what was expected, and, when the text ended
    /// there, that it ended (a truncated body or file reads "expected a number, found the end
    /// of the text", not as a bad character at a column past the last one).
    @usableFromInline
    func syntax(_ message: String) -> JSONReadError {
        fail(offset >= bytes.count ? "\(message), found the end of the text" : message)
    }

    /// `value`, or the missing-key error naming `key`.
    @inlinable
    public func required<T>(_ value: T?, _ key: StaticString) throws(JSONReadError) -> T {
        guard let value else { throw missing(key) }
        return value
    }

    // MARK: Scanning

    @inlinable
    mutating func continueContainer(closing: UInt8) throws(JSONReadError) -> Bool {
        let next = peekSignificant()
        if next == closing {
            offset += 1
            atContainerStart = false
            return false
        }
        if atContainerStart {
            atContainerStart = false
        } else {
            guard next == UInt8(ascii: ",") else {
                throw syntax(closing == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
            }
            offset += 1
        }
        skipWhitespace()
        return true
    }

    /// The next byte after whitespace (not consumed), or 0 at the end.
    @inlinable
    mutating func peekSignificant() -> UInt8 {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : 0
    }

    @inlinable
    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    @inlinable
    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONReadError) {
        guard peekSignificant() == byte else { throw syntax("expected \(what)") }
        offset += 1
        atContainerStart = false
    }

    @inlinable
    mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count, (0..<count).allSatisfy({ bytes[offset + $0] == word.utf8Start[$0] })
        else { throw syntax("expected \(word)") }
        offset += count
        atContainerStart = false
    }

    @usableFromInline struct NumberSpan {
        @usableFromInline var start: Int
        @usableFromInline var end: Int
        @usableFromInline var isInteger: Bool
        @usableFromInline var negative = false
        /// The significant digits as an integer while there are at most 19 of them (then
        /// `tooLong`), and the power of ten that scales it to the number's value.
        @usableFromInline var significand: UInt64 = 0
        @usableFromInline var scale = 0
        @usableFromInline var tooLong = false

        @inlinable init(start: Int, end: Int, isInteger: Bool) {
            self.start = start
            self.end = end
            self.isInteger = isInteger
        }
    }

    /// Checks the number grammar and consumes the number, collecting on the way what Clinger's
    /// fast path needs (`exactDouble`), so no number is scanned twice.
    @inlinable
    mutating func scanNumber() throws(JSONReadError) -> NumberSpan {
        skipWhitespace()
        var number = NumberSpan(start: offset, end: offset, isInteger: true)
        var index = offset
        func digit(_ at: Int) -> Bool { at < bytes.count && bytes[at] &- 48 < 10 }
        /// Consumes one or more digits of the significand (`fraction`: after the point).
        func significandDigits(fraction: Bool, _ what: String) throws(JSONReadError) {
            guard digit(index) else {
                offset = index
                throw syntax(what)
            }
            // Eight digits at a time while they fit (most numbers in a report have 17).
            while index + 8 <= bytes.count, number.significand < 10_000_000_000,
                let eight = Self.eightDigits(
                    UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            {
                number.significand = number.significand * 100_000_000 + eight
                if fraction { number.scale -= 8 }
                index += 8
            }
            while digit(index) {
                if number.significand >= 1_000_000_000_000_000_000 {
                    number.tooLong = true
                } else {
                    number.significand = number.significand * 10 + UInt64(bytes[index] &- 48)
                    if fraction { number.scale -= 1 }
                }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            number.negative = true
            index += 1
        }
        if digit(index), bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            try significandDigits(fraction: false, "expected a number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            number.isInteger = false
            try significandDigits(fraction: true, "expected a digit after '.'")
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            number.isInteger = false
            var exponentSign = 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                if bytes[index] == UInt8(ascii: "-") { exponentSign = -1 }
                index += 1
            }
            guard digit(index) else {
                offset = index
                throw syntax("expected a digit in the exponent")
            }
            var exponent = 0
            while digit(index) {
                exponent = min(exponent * 10 + Int(bytes[index] &- 48), 100_000)
                index += 1
            }
            number.scale += exponentSign * exponent
        }
        number.end = index
        offset = index
        atContainerStart = false
        return number
    }

    /// The value of eight ASCII digits read as a little-endian word (the first digit in the
    /// lowest byte), or nil when any byte is not a digit. Branch-free arithmetic on the word:
    /// adding 0x46 to a byte sets its high bit when it is above "9", subtracting 0x30 when it
    /// is below "0"; then pairs, quads and the two halves are combined with multiplications.
    @inlinable
    static func eightDigits(_ word: UInt64) -> UInt64? {
        let values = word &- 0x3030_3030_3030_3030
        guard ((word &+ 0x4646_4646_4646_4646) | values) & 0x8080_8080_8080_8080 == 0 else { return nil }
        // Each 16-bit lane: 10 × first digit + second digit.
        let pairs = (values &* 10 &+ (values >> 8)) & 0x00FF_00FF_00FF_00FF
        // Each 32-bit lane: 100 × first pair + second pair.
        let quads = (pairs &* 100 &+ (pairs >> 16)) & 0x0000_FFFF_0000_FFFF
        return (quads &* 10_000 &+ (quads >> 32)) & 0xFFFF_FFFF
    }

    /// An integer span's value, or nil when it overflows `Int`.
    @inlinable
    func integerValue(_ number: NumberSpan) -> Int? {
        let negative = bytes[number.start] == UInt8(ascii: "-")
        var value = 0
        for index in (negative ? number.start + 1 : number.start)..<number.end {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let digit = Int(bytes[index] &- 48)
            let (sum, overflow2) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Parses with the C library's `strtod` (correctly rounded). It reads the locale's decimal
    /// point; a process whose locale uses another (modelpress never calls setlocale) goes through
    /// the standard library's locale-independent parser instead.
    @usableFromInline
    func parseDouble(_ number: NumberSpan) throws(JSONReadError) -> Double {
        if let exact = exactDouble(number) ?? dividedDouble(number) { return exact }
        let length = number.end - number.start
        let text = UnsafeRawBufferPointer(rebasing: bytes[number.start..<number.end])
        let value: Double
        if strtodReadsDot {
            value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { copy -> Double in
                guard let start = copy.baseAddress else { return .nan }
                for index in 0..<length { copy[index] = CChar(bitPattern: text[index]) }
                copy[length] = 0
                return strtod(start, nil)
            }
        } else {
            value = Double(String(decoding: text, as: UTF8.self)) ?? .nan
        }
        guard value.isFinite else {
            var copy = self
            copy.offset = number.start
            throw copy.fail("the number is too large for a 64-bit float")
        }
        return value
    }

    /// The value without `strtod` when it is exact in double arithmetic (Clinger's fast path):
    /// at most 2^53 as an integer of significant digits, scaled by a power of ten up to 10^22,
    /// both exact in a `Double`, so the one multiplication or division rounds correctly, as
    /// strtod would. Most numbers modelpress writes (16 significant digits) qualify.
    @usableFromInline
    func exactDouble(_ number: NumberSpan) -> Double? {
        guard !number.tooLong, number.significand <= 1 << 53, (-22...22).contains(number.scale) else { return nil }
        let magnitude =
            number.scale < 0
            ? Double(number.significand) / Self.powersOfTen[-number.scale]
            : Double(number.significand) * Self.powersOfTen[number.scale]
        return number.negative ? -magnitude : magnitude
    }

    /// The value of up to 19 significant digits with 1 to 19 digits after the point, correctly
    /// rounded, in integer arithmetic: the digits `w`, shifted left by `s` bits, divided by `d` =
    /// 10^k in one 128-by-64-bit division, give the value's top 63 or 64 bits (`w·2^s / d` lies
    /// in (2^62, 2^64)) and a remainder saying whether anything was cut off below them. That is
    /// all rounding to 53 bits needs: the first cut-off bit, and whether any other is set. Most
    /// numbers that miss Clinger's fast path (17 significant digits, as in evaluation reports)
    /// are of this kind; `strtod` spent a tenth of a site build on them.
    @usableFromInline
    func dividedDouble(_ number: NumberSpan) -> Double? {
        guard !number.tooLong, number.significand != 0, (-19 ... -1).contains(number.scale) else { return nil }
        let w = number.significand
        let d = Self.integerPowersOfTen[-number.scale]
        let s = 63 - (64 - w.leadingZeroBitCount) + (64 - d.leadingZeroBitCount)
        // s is in 3…126: w << s as a 128-bit (high, low) pair, with high < d (the quotient fits).
        let high = s >= 64 ? w << UInt64(s - 64) : w >> UInt64(64 - s)
        let low = s >= 64 ? 0 : w << UInt64(s)
        let (quotient, remainder) = d.dividingFullWidth((high, low))
        let dropped = (64 - quotient.leadingZeroBitCount) - 53
        var significand = quotient >> UInt64(dropped)
        let rest = quotient & ((1 << UInt64(dropped)) - 1)
        let half: UInt64 = 1 << UInt64(dropped - 1)
        // To nearest; an exact half (nothing set below it, no remainder) to even.
        if rest > half || (rest == half && (remainder != 0 || significand & 1 == 1)) { significand += 1 }
        // Scaling by a power of two is exact (the value is far from the subnormal range).
        let magnitude = Double(sign: .plus, exponent: dropped - s, significand: Double(significand))
        return number.negative ? -magnitude : magnitude
    }

    /// 10^0 … 10^19, every one exact in a `UInt64`. (Written out: a table of literals is laid
    /// out at compile time, where a computed one is initialised on first use and checked on every.)
    @usableFromInline static let integerPowersOfTen: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// 10^0 … 10^22, every one exact in a `Double` (written out, as `integerPowersOfTen`).
    @usableFromInline static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    @inlinable
    mutating func readKey() throws(JSONReadError) -> JSONKey {
        guard let text = scanPlainString() else { return JSONKey(decoded: try readStringBody()) }
        return JSONKey(raw: UnsafeRawBufferPointer(rebasing: bytes[text]))
    }

    /// Reads a string whose opening quote is at `offset`.
    @inlinable
    mutating func readStringBody() throws(JSONReadError) -> String {
        guard let text = scanPlainString() else { return try readEscapedString(from: offset + 1) }
        return try utf8String(UnsafeRawBufferPointer(rebasing: bytes[text]), at: text.lowerBound)
    }

    /// The bytes between the quotes of a string at `offset` that has no escape or control
    /// character (consumed), or nil (nothing consumed) for any other string.
    @inlinable
    mutating func scanPlainString() -> Range<Int>? {
        let start = offset + 1
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                offset = index + 1
                atContainerStart = false
                return start..<index
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    @usableFromInline
    mutating func readEscapedString(from start: Int) throws(JSONReadError) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(32)
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                offset = index + 1
                atContainerStart = false
                let string = utf8.withUnsafeBytes { text in
                    Result { () throws(JSONReadError) -> String in try utf8String(text, at: start) }
                }
                return try string.get()
            case UInt8(ascii: "\\"):
                offset = index
                index = try appendEscape(at: index, to: &utf8)
            case 0..<0x20:
                offset = index
                throw fail("control character in a string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
        offset = start - 1
        throw fail("unterminated string")
    }

    /// Appends the character the escape at `index` stands for; returns the index after it.
    @usableFromInline
    func appendEscape(at index: Int, to utf8: inout [UInt8]) throws(JSONReadError) -> Int {
        guard index + 1 < bytes.count else { throw fail("unterminated string") }
        let simple: UInt8? =
            switch bytes[index + 1] {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            utf8.append(simple)
            return index + 2
        }
        guard bytes[index + 1] == UInt8(ascii: "u"), let high = hex4(at: index + 2) else {
            throw fail("invalid escape in a string")
        }
        var scalar = UInt32(high)
        var next = index + 6
        if (0xD800..<0xDC00).contains(high) {
            guard next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u"),
                let low = hex4(at: next + 2), (0xDC00..<0xE000).contains(low)
            else { throw fail("unpaired surrogate in a string") }
            scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        }
        guard let character = Unicode.Scalar(scalar) else { throw fail("unpaired surrogate in a string") }
        utf8.append(contentsOf: String(character).utf8)
        return next
    }

    @usableFromInline
    func hex4(at index: Int) -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// The string of UTF-8 bytes, checked. ASCII (nearly every string modelpress reads) needs no
    /// validation beyond a scan for high bits; the standard library's validating initialiser is
    /// generic over the encoding and looked up its type metadata on every call (2% of a site build).
    @usableFromInline
    func utf8String(_ text: UnsafeRawBufferPointer, at start: Int) throws(JSONReadError) -> String {
        var high: UInt8 = 0
        for byte in text { high |= byte }
        if high < 0x80 { return String(decoding: text, as: UTF8.self) }
        guard let string = String(validating: text, as: UTF8.self) else {
            var copy = self
            copy.offset = start
            throw copy.fail("invalid UTF-8 in a string")
        }
        return string
    }

    @usableFromInline
    mutating func skipValue(depth: Int) throws(JSONReadError) {
        guard depth < Self.maximumSkipDepth else { throw fail("nested more than \(Self.maximumSkipDepth) deep") }
        switch peekSignificant() {
        case UInt8(ascii: "{"):
            try beginObject()
            while try nextKey() != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try beginArray()
            while try nextElement() { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            _ = try scanNumber()
        }
    }
}

/// Whether the C library reads numbers with a `.` decimal point (true in the C locale, where
/// every process starts).
@usableFromInline var decimalPointIsDot: Bool {
    guard let conventions = localeconv(), let point = conventions.pointee.decimal_point else { return false }
    return point[0] == CChar(UInt8(ascii: ".")) && point[1] == 0
}
