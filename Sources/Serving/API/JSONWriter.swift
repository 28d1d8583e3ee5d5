import TextEscaping

/// Writes compact JSON in the order fields are given, without Foundation's start-up cost:
/// predict.cgi pays for every microsecond on every request.
public struct JSONWriter: Sendable {
    public private(set) var text = ""
    private var needsComma = false

    public init() {}

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        text += "{"
        needsComma = false
        body(&self)
        text += "}"
        needsComma = true
    }

    public mutating func field(_ key: String, _ value: String) {
        writeKey(key)
        text += Self.quote(value)
        needsComma = true
    }

    public mutating func field(_ key: String, _ value: Int) {
        writeKey(key)
        text += String(value)
        needsComma = true
    }

    /// A finite double; a non-finite one is written as `null` (JSON has no NaN).
    public mutating func field(_ key: String, _ value: Double) {
        writeKey(key)
        text += value.isFinite ? String(value) : "null"
        needsComma = true
    }

    public mutating func field(_ key: String, _ value: Bool) {
        writeKey(key)
        text += value ? "true" : "false"
        needsComma = true
    }

    public mutating func null(_ key: String) {
        writeKey(key)
        text += "null"
        needsComma = true
    }

    /// A nested object under `key`.
    public mutating func object(_ key: String, _ body: (inout JSONWriter) -> Void) {
        writeKey(key)
        needsComma = false
        object(body)
    }

    /// Already-encoded JSON under `key`.
    public mutating func raw(_ key: String, _ json: String) {
        writeKey(key)
        text += json
        needsComma = true
    }

    public mutating func array<Element>(
        _ key: String, _ elements: [Element], _ body: (inout JSONWriter, Element) -> Void
    ) {
        writeKey(key)
        text += "["
        needsComma = false
        for element in elements { body(&self, element) }
        text += "]"
        needsComma = true
    }

    /// A string element of an array.
    public mutating func element(_ value: String) {
        separate()
        text += Self.quote(value)
        needsComma = true
    }

    private mutating func writeKey(_ key: String) {
        separate()
        text += Self.quote(key) + ":"
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { text += "," }
    }

    /// `value` as a JSON string literal, quotes included.
    public static func quote(_ value: String) -> String {
        Escaping.jsonString(value)
    }
}
