import Foundation
import TextEscaping

/// A JSON value built in Swift for the exports (card.json per version, openapi.json): typed,
/// so writing it needs no dynamic casts (the card export was an eighth of the site build when
/// it went through `Any`).
enum JSONValue: Sendable, ExpressibleByStringInterpolation, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral
{
    case string(String)
    case number(Double)
    case integer(Int)
    case unsigned(UInt64)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .integer(value) }

    init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements) { _, last in last })
    }

    /// A value made of what `JSONSerialization` accepts (dictionaries with String keys,
    /// arrays, String, Bool, Int, UInt64, Double); anything else is null.
    init(any value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let number as Double: self = .number(number)
        case let flag as Bool: self = .bool(flag)
        case let number as Int: self = .integer(number)
        case let number as UInt64: self = .unsigned(number)
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init(any:)))
        case let array as [Any]: self = .array(array.map(JSONValue.init(any:)))
        default: self = .null
        }
    }
}

/// Pretty-printed JSON with sorted keys, written by hand: Foundation's JSONSerialization was
/// a fifth of the build time of a large site.
enum JSONText {
    static func data(_ value: JSONValue) -> Data {
        var out = ""
        write(value, indent: "", into: &out)
        return Data(out.utf8)
    }

    private static func write(_ value: JSONValue, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch value {
        case .string(let text): out += Escaping.jsonString(text)
        case .number(let number): out += number.isFinite ? "\(number)" : "null"
        case .integer(let number): out += String(number)
        case .unsigned(let number): out += String(number)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .object(let object):
            guard !object.isEmpty else { return out += "{}" }
            out += "{\n"
            for (index, entry) in object.sorted(by: { $0.key < $1.key }).enumerated() {
                out += inner + Escaping.jsonString(entry.key) + " : "
                write(entry.value, indent: inner, into: &out)
                out += index == object.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .array(let array):
            guard !array.isEmpty else { return out += "[]" }
            out += "[\n"
            for (index, item) in array.enumerated() {
                out += inner
                write(item, indent: inner, into: &out)
                out += index == array.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        }
    }
}
