import JSONReading
import Serving

/// A JSON request body read into named values with `JSONReader` (no Foundation on the request
/// path): strings, numbers, booleans and null as they are; an array or object as `.nested`,
/// which validation refuses by name. A repeated name keeps its last value.
enum JSONInput {
    static func object(from bytes: [UInt8]) throws(JSONReadError) -> [String: InputValue] {
        try bytes.withUnsafeBytes { raw in Result { () throws(JSONReadError) in try JSONReader.read(raw, fields) } }
            .get()
    }

    private static func fields(_ reader: inout JSONReader) throws(JSONReadError) -> [String: InputValue] {
        var fields: [String: InputValue] = [:]
        try reader.beginObject()
        while let key = try reader.nextKey() { fields[key.string] = try value(&reader) }
        return fields
    }

    private static func value(_ reader: inout JSONReader) throws(JSONReadError) -> InputValue {
        switch reader.peek() {
        case UInt8(ascii: "\""): return .text(try reader.string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try reader.bool())
        case UInt8(ascii: "n"):
            _ = try reader.readNull()
            return .null
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            try reader.skipValue()
            return .nested
        default: return .number(try reader.double())
        }
    }
}
