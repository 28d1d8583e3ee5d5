extension JSONValue {
    /// The value an `Encodable` encodes to, as Foundation's `JSONEncoder` builds it (an
    /// `Encodable` that encodes nothing is an empty object; nil optionals are left out by
    /// `encodeIfPresent`, written as `null` by `encodeNil`).
    /// - Throws: `EncodingError.invalidValue` for a non-finite number (JSON has none), or
    ///   what the value's own `encode(to:)` throws.
    public init(encoding value: some Encodable) throws {
        let node = Node()
        try value.encode(to: TreeEncoder(node: node, codingPath: []))
        self = node.value
    }
}

/// A value under construction: a scalar, an object or an array, filled in by containers that
/// share it by reference (as `Encoder` requires).
private final class Node {
    var scalar: JSONValue?
    var members: [String: Node]?
    var elements: [Node]?

    init(_ scalar: JSONValue? = nil) { self.scalar = scalar }

    var value: JSONValue {
        if let scalar { return scalar }
        if let elements { return .array(elements.map(\.value)) }
        return .object((members ?? [:]).mapValues(\.value))
    }

    /// The node `value` encodes to; scalars without a container in between.
    static func encoding(_ value: some Encodable, at path: [any CodingKey]) throws -> Node {
        switch value {
        case let text as String: return Node(.string(text))
        case let number as Double: return Node(try .checked(number, at: path))
        case let number as Int: return Node(.integer(Int64(number)))
        case let flag as Bool: return Node(.bool(flag))
        default:
            let node = Node()
            try value.encode(to: TreeEncoder(node: node, codingPath: path))
            return node
        }
    }
}

extension JSONValue {
    fileprivate static func checked(_ number: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, .init(codingPath: path, debugDescription: "Unable to encode \(number) directly in JSON."))
        }
        return .number(number)
    }

    fileprivate static func checked(_ number: Float, at path: [any CodingKey]) throws -> JSONValue {
        // The double nearest Float's shortest digits prints those digits.
        try checked(Double(number.description) ?? Double(number), at: path)
    }
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [:] }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }
}

/// A key for array positions and `super`, as `codingPath` shows them.
private struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    private func set(_ child: Node, _ key: any CodingKey) { node.members?[key.stringValue] = child }

    mutating func encodeNil(forKey key: Key) throws { set(Node(.null), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(Node(.bool(value)), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(Node(.string(value)), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(Node(try .checked(value, at: codingPath + [key])), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(Node(try .checked(value, at: codingPath + [key])), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(Node(.integer(Int64(value))), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(Node(.integer(Int64(value))), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(Node(.integer(Int64(value))), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(Node(.integer(Int64(value))), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(Node(.integer(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(Node(.unsigned(UInt64(value))), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(Node(.unsigned(UInt64(value))), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(Node(.unsigned(UInt64(value))), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(Node(.unsigned(UInt64(value))), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(Node(.unsigned(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try .encoding(value, at: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        set(child, key)
        return TreeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Node()
        set(child, key)
        return TreeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(IndexKey(stringValue: "super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key) }

    private func superEncoder(_ key: any CodingKey) -> any Encoder {
        let child = Node()
        set(child, key)
        return TreeEncoder(node: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.elements?.count ?? 0 }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(intValue: count)] }
    private func append(_ child: Node) { node.elements?.append(child) }

    mutating func encodeNil() throws { append(Node(.null)) }
    mutating func encode(_ value: Bool) throws { append(Node(.bool(value))) }
    mutating func encode(_ value: String) throws { append(Node(.string(value))) }
    mutating func encode(_ value: Double) throws { append(Node(try .checked(value, at: nextPath))) }
    mutating func encode(_ value: Float) throws { append(Node(try .checked(value, at: nextPath))) }
    mutating func encode(_ value: Int) throws { append(Node(.integer(Int64(value)))) }
    mutating func encode(_ value: Int8) throws { append(Node(.integer(Int64(value)))) }
    mutating func encode(_ value: Int16) throws { append(Node(.integer(Int64(value)))) }
    mutating func encode(_ value: Int32) throws { append(Node(.integer(Int64(value)))) }
    mutating func encode(_ value: Int64) throws { append(Node(.integer(value))) }
    mutating func encode(_ value: UInt) throws { append(Node(.unsigned(UInt64(value)))) }
    mutating func encode(_ value: UInt8) throws { append(Node(.unsigned(UInt64(value)))) }
    mutating func encode(_ value: UInt16) throws { append(Node(.unsigned(UInt64(value)))) }
    mutating func encode(_ value: UInt32) throws { append(Node(.unsigned(UInt64(value)))) }
    mutating func encode(_ value: UInt64) throws { append(Node(.unsigned(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws { append(try .encoding(value, at: nextPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    )
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = Node()
        let path = nextPath
        append(child)
        return TreeEncoder(node: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Node()
        let path = nextPath
        append(child)
        return TreeEncoder(node: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = Node()
        let path = nextPath
        append(child)
        return TreeEncoder(node: child, codingPath: path)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.scalar = .null }
    mutating func encode(_ value: Bool) throws { node.scalar = .bool(value) }
    mutating func encode(_ value: String) throws { node.scalar = .string(value) }
    mutating func encode(_ value: Double) throws { node.scalar = try .checked(value, at: codingPath) }
    mutating func encode(_ value: Float) throws { node.scalar = try .checked(value, at: codingPath) }
    mutating func encode(_ value: Int) throws { node.scalar = .integer(Int64(value)) }
    mutating func encode(_ value: Int8) throws { node.scalar = .integer(Int64(value)) }
    mutating func encode(_ value: Int16) throws { node.scalar = .integer(Int64(value)) }
    mutating func encode(_ value: Int32) throws { node.scalar = .integer(Int64(value)) }
    mutating func encode(_ value: Int64) throws { node.scalar = .integer(value) }
    mutating func encode(_ value: UInt) throws { node.scalar = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { node.scalar = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { node.scalar = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { node.scalar = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { node.scalar = .unsigned(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = try Node.encoding(value, at: codingPath)
        node.scalar = child.scalar
        node.members = child.members
        node.elements = child.elements
    }
}
