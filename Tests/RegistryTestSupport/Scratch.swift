import Basics
import Foundation
import Models
import Registry

/// A clock tests set by hand; each reading is the time last set.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ text: String = "2026-11-01T10:00:00Z") {
        current = Timestamp(parsing: text) ?? Timestamp(secondsSince1970: 0)
    }

    public func set(_ text: String) {
        lock.withLock { current = Timestamp(parsing: text) ?? current }
    }

    public var now: Timestamp { lock.withLock { current } }
}

/// A repository root in a temporary folder with an empty registry and helpers to make
/// artifacts: what the registry tests and the CLI's tests start from.
public struct Scratch {
    public let root: URL
    public let clock = TestClock()

    public init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    public var registry: Registry {
        let clock = self.clock
        return Registry(root: root.path, clock: { clock.now })
    }

    public var registryFolder: URL { root.appendingPathComponent("research/registry") }
    public var eventsFolder: URL { registryFolder.appendingPathComponent("events") }
    /// income_classifier's definition file.
    public var definitionFile: URL { registryFolder.appendingPathComponent("endpoints/income_classifier.json") }

    public static let schema = Schema(
        fields: [.numeric("age", minimum: 0, maximum: 120), .categorical("sex", ["Female", "Male"])],
        label: "income", labelValues: ["<=50K", ">50K"])

    public static let definition = EndpointDefinition(
        name: "income_classifier", owner: "research", description: "Income above $50K?", schema: schema,
        createdAt: Timestamp(secondsSince1970: 1_790_000_000))

    /// Creates the endpoint `income_classifier`.
    @discardableResult
    public func withEndpoint() throws -> Scratch {
        try registry.createEndpoint(Self.definition, by: "alice")
        return self
    }

    /// Writes research/artifacts/<endpoint>/<model>/<version>/{model.bin,training.json}.
    public func makeArtifact(
        _ id: VersionID, bytes: String = "model", seed: UInt64 = 42, schema: Schema = Scratch.schema,
        trainer: String = "modelpress-trees/1"
    ) throws {
        let folder = root.appendingPathComponent("research/artifacts/\(id.endpoint)/\(id.model)/\(id.version)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bytes.utf8).write(to: folder.appendingPathComponent("model.bin"))
        let record = TrainingRecord(
            endpoint: id.endpoint, model: id.model, version: id.version, algorithm: "random_forest",
            hyperparameters: ["n_trees": "100"], seed: seed,
            trainingData: .init(path: "research/data/adult/adult.data", sha256: "aa"),
            testData: .init(path: "research/data/adult/adult.test", sha256: "bb"), trainer: trainer,
            trainingSeconds: 1.25, createdAt: "2026-10-30T09:00:00Z", schema: schema)
        try record.jsonData().write(to: folder.appendingPathComponent("training.json"))
    }

    /// Makes the artifact and registers it.
    public func registered(_ text: String, by actor: String = "bob") throws -> VersionID {
        guard let id = VersionID(parsing: text) else { throw RegistryError(reason: .invalidReference(text)) }
        try makeArtifact(id)
        _ = try registry.register(id, by: actor)
        return id
    }

    /// Replaces the event log with one file per line of `lines` (for check tests): a line that
    /// reads as an event goes to the file its time and id name (`RegistryEvent.fileName`), any
    /// other to `events/line-<n>.json`.
    public func writeEvents(_ lines: [String]) throws {
        try? FileManager.default.removeItem(at: eventsFolder)
        try FileManager.default.createDirectory(at: eventsFolder, withIntermediateDirectories: true)
        for (index, line) in lines.enumerated() {
            let event = try? JSONDecoder().decode(RegistryEvent.self, from: Data(line.utf8))
            let name = event?.fileName ?? "line-\(index + 1).json"
            try Data((line + "\n").utf8).write(to: eventsFolder.appendingPathComponent(name))
        }
    }

    /// The event files' names, sorted.
    public func eventFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: eventsFolder.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The events in the log's order, each as one line of compact JSON.
    public func eventLines() throws -> [String] {
        let events = try eventFiles().map {
            try JSONDecoder().decode(
                RegistryEvent.self, from: Data(contentsOf: eventsFolder.appendingPathComponent($0)))
        }
        return try events.sorted { $0.precedes($1) }.map(RegistryEvent.jsonLine)
    }

    public func remove() { try? FileManager.default.removeItem(at: root) }
}

/// `VersionID(parsing:)` for literals in tests.
public func vid(_ text: String) -> VersionID {
    VersionID(parsing: text) ?? VersionID(endpoint: "?", model: "?", version: "?")
}
