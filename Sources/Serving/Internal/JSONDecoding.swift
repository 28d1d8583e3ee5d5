import Foundation

/// JSON decoding in one place, so the choice of decoder can change without touching callers.
enum JSONDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}
