import Basics
import Foundation
import JSONReading
import JSONWriting

/// The registry's JSON conventions: sorted keys (a stable order for diffs and deterministic
/// bytes), no escaped slashes, UTF-8.
enum JSONCoding {
    /// `value` on one line: events and serving.json.
    static func line(_ value: some Encodable) throws -> Data {
        Data(try JSONWriter.encode(value, .line))
    }

    static var decoder: JSONDecoder { JSONDecoder() }

    /// `value` indented and ending in a newline, for files people read and review: endpoint
    /// definitions, the site's API.
    static func prettyData(_ value: some Encodable) throws -> Data {
        Data(try JSONWriter.encode(value, .document) + [0x0A])
    }

    /// A hand-written JSON file's decoding `error` as a problem at its place: a syntax error at
    /// the line and column where the project's `JSONReader` stops (Foundation's decoder names
    /// neither), a wrong or missing value at the line of the key or object it concerns.
    static func problem(_ error: any Error, in data: Data, file: String) -> RegistryError {
        let bytes = Array(TextFile.withoutByteOrderMark(data))
        let syntax: JSONReadError? = bytes.withUnsafeBytes { raw in
            do throws(JSONReadError) {
                try JSONReader.read(raw) { (reader: inout JSONReader) throws(JSONReadError) in try reader.skipValue() }
                return nil
            } catch {
                return error
            }
        }
        if let syntax {
            return RegistryError(
                file: file, line: syntax.line, reason: .badJSON("column \(syntax.column): \(syntax.message)"))
        }
        let context: DecodingError.Context? =
            switch error as? DecodingError {
            case .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
                .dataCorrupted(let context):
                context
            default: nil
            }
        let place = context.flatMap { context in bytes.withUnsafeBytes { locate(context.codingPath, in: $0) } }
        return RegistryError(
            file: file, line: place?.line ?? 1,
            reason: .badJSON((place.map { "column \($0.column): " } ?? "") + explain(error)))
    }

    /// Where the value at `path` starts in the JSON text `raw`; nil when the path is not there.
    private static func locate(_ path: [any CodingKey], in raw: UnsafeRawBufferPointer) -> (line: Int, column: Int)? {
        var reader = JSONReader(raw)
        do throws(JSONReadError) {
            for key in path {
                var found = false
                if let index = key.intValue {
                    try reader.beginArray()
                    var position = 0
                    while try reader.nextElement() {
                        if position == index {
                            found = true
                            break
                        }
                        try reader.skipValue()
                        position += 1
                    }
                } else {
                    try reader.beginObject()
                    while let name = try reader.nextKey() {
                        if name.string == key.stringValue {
                            found = true
                            break
                        }
                        try reader.skipValue()
                    }
                }
                guard found else { return nil }
            }
            _ = reader.peek()
            let here = reader.fail("")
            return (here.line, here.column)
        } catch {
            return nil
        }
    }

    /// A decoding error in one short clause (`missing key 'to'`, `'seq' is not a number`).
    static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not valid JSON" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let inside = path(context)
            return "missing key '\(key.stringValue)'" + (inside.isEmpty ? "" : " in '\(inside)'")
        case .typeMismatch(let type, let context):
            return "'\(path(context))' is not \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "'\(path(context))' is null, expected \(typeName(type))"
        case .dataCorrupted(let context):
            let where_ = path(context)
            if where_.isEmpty { return "not valid JSON" }
            return "'\(where_)': \(context.debugDescription)"
        @unknown default:
            return "not valid JSON"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is UInt64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "the expected kind of value"
        }
    }
}
