import Foundation
import Serving

/// A JSON request body decoded into named values.
enum JSONInput {
    struct NotAnObject: Error, CustomStringConvertible {
        var description: String { "expected an object of field names and values" }
    }

    static func object(from bytes: [UInt8]) throws -> [String: InputValue] {
        do {
            return try JSONDecoder().decode([String: InputValue].self, from: Data(bytes))
        } catch DecodingError.typeMismatch {
            throw NotAnObject()
        } catch DecodingError.dataCorrupted(let context) {
            struct Corrupt: Error, CustomStringConvertible { var description: String }
            throw Corrupt(description: context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        }
    }
}
