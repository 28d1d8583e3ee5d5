import Basics
import Models

/// What the registry records about a version when it is registered. Immutable: registering
/// the same version again with any of these facts changed is refused.
public struct VersionFacts: Codable, Equatable, Sendable {
    /// The model file, with its path relative to the repository root.
    public struct Artifact: Codable, Equatable, Sendable {
        public var path: String
        public var sha256: String
        public var size: Int64

        public init(path: String, sha256: String, size: Int64) {
            self.path = path
            self.sha256 = sha256
            self.size = size
        }
    }

    public var algorithm: String
    public var hyperparameters: [String: String]
    public var seed: UInt64
    public var trainingData: TrainingRecord.DataFile
    public var testData: TrainingRecord.DataFile
    public var artifact: Artifact
    /// The trainer that made the artifact, as written in training.json.
    public var trainer: String
    /// When the artifact was trained (UTC), from training.json.
    public var createdAt: Timestamp
    public var owner: String
    public var description: String

    public init(
        algorithm: String, hyperparameters: [String: String], seed: UInt64,
        trainingData: TrainingRecord.DataFile, testData: TrainingRecord.DataFile, artifact: Artifact,
        trainer: String, createdAt: Timestamp, owner: String, description: String
    ) {
        self.algorithm = algorithm
        self.hyperparameters = hyperparameters
        self.seed = seed
        self.trainingData = trainingData
        self.testData = testData
        self.artifact = artifact
        self.trainer = trainer
        self.createdAt = createdAt
        self.owner = owner
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, hyperparameters, seed
        case trainingData = "training_data"
        case testData = "test_data"
        case artifact, trainer
        case createdAt = "created_at"
        case owner, description
    }

    /// The names of the facts that differ between `self` and `other`, in a stable order
    /// (`artifact.sha256`, `hyperparameters.n_trees`, …); empty when they are identical.
    public func differences(from other: VersionFacts) -> [String] {
        var out: [String] = []
        if algorithm != other.algorithm { out.append("algorithm") }
        let keys = Set(hyperparameters.keys).union(other.hyperparameters.keys).sorted()
        for key in keys where hyperparameters[key] != other.hyperparameters[key] {
            out.append("hyperparameters.\(key)")
        }
        if seed != other.seed { out.append("seed") }
        if trainingData.path != other.trainingData.path { out.append("training_data.path") }
        if trainingData.sha256 != other.trainingData.sha256 { out.append("training_data.sha256") }
        if testData.path != other.testData.path { out.append("test_data.path") }
        if testData.sha256 != other.testData.sha256 { out.append("test_data.sha256") }
        if artifact.path != other.artifact.path { out.append("artifact.path") }
        if artifact.sha256 != other.artifact.sha256 { out.append("artifact.sha256") }
        if artifact.size != other.artifact.size { out.append("artifact.size") }
        if trainer != other.trainer { out.append("trainer") }
        if createdAt != other.createdAt { out.append("created_at") }
        if owner != other.owner { out.append("owner") }
        if description != other.description { out.append("description") }
        return out
    }
}
