/// A JSON value built in Swift: typed, so writing it needs no dynamic casts. Objects are
/// written with their keys sorted by UTF-8 bytes, as Foundation's `.sortedKeys` sorts them.
public enum JSONValue: Sendable, Equatable, ExpressibleByStringInterpolation, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral
{
    case string(String)
    case number(Double)
    case integer(Int64)
    case unsigned(UInt64)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(Int64(value)) }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements) { _, last in last })
    }

    /// `self` as text in `format`, without a final newline.
    public func text(_ format: JSONFormat) -> String {
        var writer = JSONWriter(format)
        writer.value(self)
        return writer.text
    }

    /// `self` as UTF-8 bytes in `format`, without a final newline.
    public func bytes(_ format: JSONFormat) -> [UInt8] {
        var writer = JSONWriter(format)
        writer.value(self)
        return writer.bytes
    }
}
