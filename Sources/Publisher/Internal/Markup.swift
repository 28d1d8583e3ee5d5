/// HTML or SVG being built as UTF-8 bytes: literal text, escaped text and numbers are appended
/// without a `String` per piece (string interpolation allocated one for every coordinate and
/// table cell of a page).
struct Markup {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func add(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `text` as it is (markup, or text escaped already).
    mutating func add(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text` escaped for element content and attribute values.
    mutating func add(escaping text: String) {
        bytes.append(contentsOf: HTML.escape(text).utf8)
    }

    /// Appends `HTML.number(value, digits:)`.
    mutating func add(_ value: Double, digits: Int) {
        HTML.appendNumber(value, digits: digits, to: &bytes)
    }

    /// Appends ` name="value"`, the value with `digits` decimals.
    mutating func attribute(_ name: StaticString, _ value: Double, digits: Int = 1) {
        add(" ")
        add(name)
        add("=\"")
        add(value, digits: digits)
        add("\"")
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
