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

/// Pretty-printed JSON with sorted keys, written by hand into bytes: Foundation's
/// JSONSerialization was a fifth of the build time of a large site.
enum JSONText {
    static func data(_ value: JSONValue) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        write(value, depth: 0, into: &out)
        return Data(out)
    }

    private static func write(_ value: JSONValue, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .string(let text): string(text, into: &out)
        case .number(let number): out += number.isFinite ? number.description.utf8 : "null".utf8
        case .integer(let number): out += String(number).utf8
        case .unsigned(let number): out += String(number).utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .object(let object):
            guard !object.isEmpty else { return out += "{}".utf8 }
            out.append(UInt8(ascii: "{"))
            for (index, entry) in object.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1, into: &out)
                string(entry.key, into: &out)
                out += " : ".utf8
                write(entry.value, depth: depth + 1, into: &out)
            }
            newline(depth, into: &out)
            out.append(UInt8(ascii: "}"))
        case .array(let array):
            guard !array.isEmpty else { return out += "[]".utf8 }
            out.append(UInt8(ascii: "["))
            for (index, item) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1, into: &out)
                write(item, depth: depth + 1, into: &out)
            }
            newline(depth, into: &out)
            out.append(UInt8(ascii: "]"))
        }
    }

    /// A line break and two spaces per level.
    private static func newline(_ depth: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
    }

    private static func string(_ text: String, into out: inout [UInt8]) {
        Escaping.appendJSONString(text, to: &out)
    }
}
