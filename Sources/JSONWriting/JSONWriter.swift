/// Writes JSON into UTF-8 bytes, one token after another, in a `JSONFormat`: the one writer
/// for every JSON text modelpress makes. It uses no Foundation (predict.cgi pays for
/// Foundation's start-up on every request) and gives the same bytes for the same calls.
///
/// Members are written in the order given; `value(_:)` sorts an object's keys, and
/// `encode(_:_:)` writes any `Encodable` with sorted keys as `JSONEncoder` did.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    public let format: JSONFormat
    /// Open containers, innermost last: whether each has a member yet.
    private var filled: [Bool] = []
    /// A key was just written: the value follows it on the same line.
    private var afterKey = false

    public init(_ format: JSONFormat = .answer) {
        self.format = format
        bytes.reserveCapacity(256)
    }

    /// The bytes written so far, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    /// An object whose members `body` writes.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// A nested object under `key`.
    public mutating func object(_ key: String, _ body: (inout JSONWriter) -> Void) {
        self.key(key)
        object(body)
    }

    /// An array whose elements `body` writes.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// An array under `key`, one element per item of `elements`, each written by `body`.
    public mutating func array<Element>(
        _ key: String, _ elements: [Element], _ body: (inout JSONWriter, Element) -> Void
    ) {
        self.key(key)
        array { writer in
            for element in elements { body(&writer, element) }
        }
    }

    // MARK: Members

    /// The key of the next member of the open object; the value is written next.
    public mutating func key(_ key: String) {
        separate()
        appendString(key)
        if format.indented { bytes += " : ".utf8 } else { bytes.append(UInt8(ascii: ":")) }
        afterKey = true
    }

    public mutating func field(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    public mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        integer(Int64(value))
    }

    /// A double; a non-finite one is written as `null` (JSON has no NaN).
    public mutating func field(_ key: String, _ value: Double) {
        self.key(key)
        number(value)
    }

    public mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    public mutating func null(_ key: String) {
        self.key(key)
        null()
    }

    /// Already-encoded JSON under `key`, copied as it is.
    public mutating func raw(_ key: String, _ json: String) {
        self.key(key)
        separate()
        bytes += json.utf8
    }

    /// An already-encoded JSON value (an object's value after `key`, or an array's element),
    /// copied as it is: a number as a client wrote it (`ResultEncoding` passes one through).
    public mutating func rawValue(_ json: String) {
        separate()
        bytes += json.utf8
    }

    /// A string element of an array.
    public mutating func element(_ value: String) {
        string(value)
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        separate()
        appendString(value)
    }

    /// A double in the format's dialect; a non-finite one is written as `null`.
    public mutating func number(_ value: Double) {
        separate()
        guard value.isFinite else { return bytes += "null".utf8 }
        bytes += Self.numberText(value, format.dialect).utf8
    }

    public mutating func integer(_ value: Int64) {
        separate()
        bytes += String(value).utf8
    }

    public mutating func unsigned(_ value: UInt64) {
        separate()
        bytes += String(value).utf8
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes += (value ? "true" : "false").utf8
    }

    public mutating func null() {
        separate()
        bytes += "null".utf8
    }

    /// A whole value; objects with their keys sorted by UTF-8 bytes.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .string(let text): string(text)
        case .number(let number): self.number(number)
        case .integer(let number): integer(number)
        case .unsigned(let number): unsigned(number)
        case .bool(let flag): bool(flag)
        case .null: null()
        case .array(let items):
            array { writer in
                for item in items { writer.value(item) }
            }
        case .object(let members):
            object { writer in
                for (key, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                    writer.key(key)
                    writer.value(member)
                }
            }
        }
    }

    // MARK: Layout

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        filled.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = filled.removeLast()
        if format.indented && (hadMembers || format.dialect == .encoder) {
            // Foundation's JSONEncoder writes an empty container over two lines.
            if !hadMembers { bytes.append(0x0A) }
            newline()
        }
        bytes.append(bracket)
    }

    /// What goes before a value or a key: nothing after a key, else a comma after an earlier
    /// member and, indented, a new line.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = filled.indices.last else { return }
        if filled[last] { bytes.append(UInt8(ascii: ",")) }
        filled[last] = true
        if format.indented { newline() }
    }

    /// A line break and two spaces per open container.
    private mutating func newline() {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * filled.count))
    }

    private mutating func appendString(_ text: String) {
        JSONString.append(text, format, to: &bytes)
    }

    // MARK: Text of scalars

    /// `value` as a JSON string literal in the answer dialect, quotes included.
    public static func quote(_ value: String) -> String {
        JSONString.quote(value, .answer)
    }

    /// The text of a finite double: Swift's shortest round-trip digits (`description`), and
    /// in the encoder dialect without a final `.0`, as `JSONEncoder` writes it.
    static func numberText(_ value: Double, _ dialect: JSONFormat.Dialect) -> String {
        var text = value.description
        if dialect == .encoder, text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

extension JSONWriter {
    /// `value` encoded in `format` with sorted keys, as Foundation's `JSONEncoder` with
    /// `.sortedKeys` wrote it (with `.prettyPrinted` when indented, `.withoutEscapingSlashes`
    /// unless the format escapes them), without a final newline.
    /// - Throws: `EncodingError` as `JSONValue(encoding:)` does.
    public static func encode(_ value: some Encodable, _ format: JSONFormat) throws -> [UInt8] {
        try JSONValue(encoding: value).bytes(format)
    }
}
