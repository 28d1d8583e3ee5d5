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

extension EndpointDefinition {
    /// The description `modelpress new` writes when it is given none: `Predicts rent (regression)
    /// from research/data/rent/rent.csv.`, `data` being the file the endpoint was created from.
    public static func generatedDescription(label: String, task: PredictionTask, data: String) -> String {
        "Predicts \(label) (\(task.rawValue)) from \(data)."
    }

    /// The description as the site and its API show it: one `new` generated names the file the
    /// production version was trained on, `productionData` (trial24 #9: "from rent.csv" stayed
    /// after production moved to versions trained on rent-2.csv and rent-3.csv), and the file it
    /// was created from while nothing is in production; one a person wrote is shown as written.
    /// A generated one also names the endpoint's task as its schema now has it (trial29 #13:
    /// "(multiclass)" stayed after the first version, trained with task = "regression", replaced
    /// the schema `new` inferred).
    public func shownDescription(productionData: String?) -> String {
        for task in PredictionTask.allCases {
            let start = "Predicts \(schema.label) (\(task.rawValue)) from "
            guard description.hasPrefix(start), description.hasSuffix("."),
                !description.dropFirst(start.count).contains(" ")
            else { continue }
            let created = String(description.dropFirst(start.count).dropLast())
            return Self.generatedDescription(label: schema.label, task: schema.task, data: productionData ?? created)
        }
        return description
    }
}

extension RegistryState {
    /// `endpoint`'s description as shown (`EndpointDefinition.shownDescription`), from its
    /// production version's training file; nil for an endpoint the state lacks.
    public func shownDescription(of endpoint: String) -> String? {
        endpoints[endpoint]?.definition.shownDescription(
            productionData: production(of: endpoint)?.facts.trainingData.path)
    }
}
