import JSONReading

/// A JSON object read into named values with `JSONReader` (no Foundation on the request path):
/// strings, numbers, booleans and null as they are; an array or object as `.nested`, which
/// validation refuses by name. A name repeated in one object is refused where it repeats (RFC
/// 8259 leaves its meaning to the reader; keeping one value silently served what the client
/// did not mean).
extension InputValue {
    /// The fields of `bytes`, one JSON object (a single-row prediction body).
    /// - Throws: `JSONReadError` (line and column) where the bytes stop being JSON, are not
    ///   an object, or go on after it.
    public static func fields(ofJSONObject bytes: [UInt8]) throws(JSONReadError) -> [String: InputValue] {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONReadError) in try JSONReader.read(raw) { r throws(JSONReadError) in try fields(&r) }
            }
        }.get()
    }

    /// The fields of a prediction or feedback body, one JSON object.
    /// - Throws: `ServingError` 400 saying whether the body is not JSON or not an object, and
    ///   where (line, column and the field whose value is wrong).
    package static func fields(ofJSONBody bytes: [UInt8]) throws(ServingError) -> [String: InputValue] {
        do {
            return try fields(ofJSONObject: bytes)
        } catch {
            let what = error.message.hasPrefix(JSONReader.notAnObject) ? "is not a JSON object" : "is not valid JSON"
            throw ServingError(.badRequest, "the body \(what): \(error)")
        }
    }

    /// One row of a batch's JSON (an array's element, a JSON line): its fields, or why it is no
    /// row, read past either way so that the next one can be read.
    package enum Row: Equatable {
        /// The row's values by key, and its keys in the order sent (a job gives the columns
        /// it passes through back in that order: trial19 #7).
        case fields([String: InputValue], keys: [String])
        /// The row's problem, not the text's: it is not an object, or names a field twice.
        case refused(String)
    }

    /// The row `reader` is at (`Row`): a value that is not an object, or an object that names
    /// a field twice, is the row's problem (`row N: …`), not the whole text's (trial15 #8).
    /// - Throws: `JSONReadError` where the text stops being JSON: a syntax error is the text's.
    package static func row(_ reader: inout JSONReader) throws(JSONReadError) -> Row {
        guard reader.peek() == UInt8(ascii: "{") else {
            try reader.skipValue()
            return .refused("is not an object of field names and values")
        }
        let (fields, keys, repeated) = try readFields(&reader)
        return repeated.map { .refused($0.message) } ?? .fields(fields, keys: keys)
    }

    private static func fields(_ reader: inout JSONReader) throws(JSONReadError) -> [String: InputValue] {
        let (fields, _, repeated) = try readFields(&reader)
        if let repeated { throw repeated }
        return fields
    }

    /// The fields of the object `reader` is at, read to its end, its keys in the order sent,
    /// and the error at the first name it repeats (the later values of a repeated name are
    /// checked and dropped).
    private static func readFields(
        _ reader: inout JSONReader
    ) throws(JSONReadError) -> (fields: [String: InputValue], keys: [String], repeated: JSONReadError?) {
        var fields: [String: InputValue] = [:]
        var keys: [String] = []
        var repeated: JSONReadError?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            let name = key.string
            if fields[name] != nil, repeated == nil {
                repeated = reader.fail("\"\(name)\" appears twice in one object; send each field once")
            }
            let read: InputValue
            do {
                read = try value(&reader)
            } catch {
                // NaN and Infinity are what a client's JSON library most often writes that JSON lacks.
                let byte = reader.peek()
                let hint =
                    byte == UInt8(ascii: "N") || byte == UInt8(ascii: "I") || byte == UInt8(ascii: "-")
                    ? " (JSON has no NaN or Infinity; send null for a missing value)" : ""
                throw reader.fail("the value of \"\(name)\": \(error.message)\(hint)")
            }
            if fields[name] == nil {
                fields[name] = read
                keys.append(name)
            }
        }
        return (fields, keys, repeated)
    }

    /// The value `reader` is at: a string, number (with its text: `InputNumber`), boolean or
    /// null as it is, an array or object
    /// `.nested` (read past); also how a job's stored extra value is read back (`ResultEncoding`).
    package static func value(_ reader: inout JSONReader) throws(JSONReadError) -> InputValue {
        switch reader.peek() {
        case UInt8(ascii: "\""): return .text(try reader.string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try reader.bool())
        case UInt8(ascii: "n"):
            _ = try reader.readNull()
            return .null
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            try reader.skipValue()
            return .nested
        default:
            let (value, text) = try reader.numberWithText()
            return .number(InputNumber(value, text: text))
        }
    }
}
