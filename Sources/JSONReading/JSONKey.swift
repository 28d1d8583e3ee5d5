/// A key read by `JSONReader.nextKey()`, matched against string literals in a `switch`
/// without making a `String` (the common case: a key without escapes, compared as bytes).
public struct JSONKey {
    @usableFromInline let raw: UnsafeRawBufferPointer?
    @usableFromInline let decoded: String?

    @inlinable init(raw: UnsafeRawBufferPointer) {
        self.raw = raw
        decoded = nil
    }

    @usableFromInline init(decoded: String) {
        raw = nil
        self.decoded = decoded
    }

    /// The key as a string (for messages and keys that are data, such as a map's).
    public var string: String {
        if let decoded { return decoded }
        return raw.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    @inlinable public static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard let raw = key.raw else {
            let expected = UnsafeBufferPointer(start: pattern.utf8Start, count: count)
            return key.decoded?.utf8.elementsEqual(expected) ?? false
        }
        guard raw.count == count else { return false }
        let expected = pattern.utf8Start
        for index in 0..<count where raw[index] != expected[index] { return false }
        return true
    }
}
