import Basics
import Foundation

/// What a training run records next to its artifact (`training.json`): the facts a model
/// card, the registry and `modelpress verify` need to describe and reproduce the version.
///
/// It lives in the version's artifact folder beside `model.bin` and, once evaluated,
/// `evaluation.json` (see `RepositoryLayout`).
public struct TrainingRecord: Encodable, Equatable, Sendable {
    /// A data file used by the run, with its SHA-256 (registry events record it too).
    public struct DataFile: Codable, Equatable, Sendable {
        /// Path relative to the repository root.
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public var endpoint: String
    public var model: String
    public var version: String
    /// `random_forest`, `extra_trees`, `gradient_boosting` or `decision_tree`.
    public var algorithm: String
    /// Hyper-parameters by name, as written in the pipeline (numbers in their canonical form).
    public var hyperparameters: [String: String]
    public var seed: UInt64
    public var trainingData: DataFile
    public var testData: DataFile
    /// The trainer that made the artifact (`modelpress-trees/3`); `verify` reproduces only its own.
    public var trainer: String
    public var trainingSeconds: Double
    /// UTC, ISO 8601 (`2026-11-22T03:00:00Z`).
    public var createdAt: String
    public var schema: Schema

    public init(
        endpoint: String, model: String, version: String, algorithm: String,
        hyperparameters: [String: String], seed: UInt64, trainingData: DataFile, testData: DataFile,
        trainer: String, trainingSeconds: Double, createdAt: String, schema: Schema
    ) {
        self.endpoint = endpoint
        self.model = model
        self.version = version
        self.algorithm = algorithm
        self.hyperparameters = hyperparameters
        self.seed = seed
        self.trainingData = trainingData
        self.testData = testData
        self.trainer = trainer
        self.trainingSeconds = trainingSeconds
        self.createdAt = createdAt
        self.schema = schema
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, model, version, algorithm, hyperparameters, seed
        case trainingData = "training_data"
        case testData = "test_data"
        case trainer
        case trainingSeconds = "training_seconds"
        case createdAt = "created_at"
        case schema
    }
}

extension TrainingRecord {
    /// The version the record describes.
    public var id: VersionID { VersionID(endpoint: endpoint, model: model, version: version) }
}
