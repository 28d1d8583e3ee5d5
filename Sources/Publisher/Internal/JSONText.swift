import Foundation
import TextEscaping

/// Pretty-printed JSON with sorted keys, written by hand: Foundation's JSONSerialization was
/// a fifth of the build time of a large site. Accepts what JSONSerialization accepts from
/// these exports: dictionaries with String keys, arrays, String, Bool, Int, UInt64, Double.
enum JSONText {
    static func data(_ value: Any) -> Data {
        var out = ""
        write(value, indent: "", into: &out)
        return Data(out.utf8)
    }

    private static func write(_ value: Any, indent: String, into out: inout String) {
        let inner = indent + "  "
        // Scalars first: most values are, and each failed cast to a collection type costs.
        switch value {
        case let text as String: string(text, into: &out)
        case let number as Double: out += number.isFinite ? "\(number)" : "null"
        case let flag as Bool: out += flag ? "true" : "false"
        case let number as Int: out += String(number)
        case let number as UInt64: out += String(number)
        case let object as [String: Any]:
            guard !object.isEmpty else { return out += "{}" }
            out += "{\n"
            for (index, entry) in object.sorted(by: { $0.key < $1.key }).enumerated() {
                out += inner
                string(entry.key, into: &out)
                out += " : "
                write(entry.value, indent: inner, into: &out)
                out += index == object.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case let array as [Any]:
            guard !array.isEmpty else { return out += "[]" }
            out += "[\n"
            for (index, item) in array.enumerated() {
                out += inner
                write(item, indent: inner, into: &out)
                out += index == array.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        default: out += "null"
        }
    }

    private static func string(_ text: String, into out: inout String) {
        out += Escaping.jsonString(text)
    }
}
