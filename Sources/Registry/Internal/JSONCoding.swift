import Foundation
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
