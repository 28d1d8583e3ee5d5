/// An enumeration written as one of a few words in JSON (`"numeric"`, `"regression"`): decoded
/// with a message that lists the words, since these files are written by hand (an endpoint
/// definition), where "Cannot initialize Kind from invalid String value numerical" helps nobody.
protocol NamedChoice: RawRepresentable<String>, CaseIterable, Decodable {}

extension NamedChoice {
    /// Decodes one of the words; anything else fails with `'<word>' is not one of a, b`.
    /// - Throws: `DecodingError.dataCorrupted` naming the word and the accepted ones.
    static func decodeChoice(from decoder: any Decoder) throws -> Self {
        let container = try decoder.singleValueContainer()
        let word = try container.decode(String.self)
        guard let value = Self(rawValue: word) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(word)' is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
