import Basics
import Foundation
import Models

/// An endpoint as written in `research/registry/endpoints/<name>.json`: who owns it, what it
/// does, and the input it accepts (the schema, including the label and its values).
public struct EndpointDefinition: Codable, Equatable, Sendable {
    public var name: String
    public var owner: String
    public var description: String
    /// The endpoint's input fields and label set; every registered version must match it.
    public var schema: Schema
    public var createdAt: Timestamp

    public init(name: String, owner: String, description: String, schema: Schema, createdAt: Timestamp) {
        self.name = name
        self.owner = owner
        self.description = description
        self.schema = schema
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case name, owner, description, schema
        case createdAt = "created_at"
    }
}

extension EndpointDefinition {
    /// A definition file as a person writes it: `created_at` may be left out.
    private struct Draft: Decodable {
        var name: String
        var owner: String
        var description: String
        var schema: Schema
        var created_at: Timestamp?
    }

    /// Reads a definition file; a missing `created_at` becomes `now`.
    /// - Throws: `RegistryError` naming the file when it is missing or not a definition.
    public static func read(from url: URL, now: Timestamp = .now) throws(RegistryError) -> EndpointDefinition {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RegistryError(file: url.path, reason: .readFailed(FileProblem.reason(reading: url.path)))
        }
        do {
            let draft = try JSONCoding.decoder.decode(Draft.self, from: Data(TextFile.withoutByteOrderMark(data)))
            return EndpointDefinition(
                name: draft.name, owner: draft.owner, description: draft.description, schema: draft.schema,
                createdAt: draft.created_at ?? now)
        } catch {
            throw JSONCoding.problem(error, in: data, file: url.path)
        }
    }
}
