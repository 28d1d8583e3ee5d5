import JSONWriting

extension JSONValue {
    /// A value made of what `JSONSerialization` accepts (dictionaries with String keys,
    /// arrays, String, Bool, Int, UInt64, Double); anything else is null.
    init(any value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let number as Double: self = .number(number)
        case let flag as Bool: self = .bool(flag)
        case let number as Int: self = .integer(Int64(number))
        case let number as UInt64: self = .unsigned(number)
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init(any:)))
        case let array as [Any]: self = .array(array.map(JSONValue.init(any:)))
        default: self = .null
        }
    }
}
