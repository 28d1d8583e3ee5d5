import Basics
import JSONReading
import Scoring

/// What predict.cgi needs from the registry, in one small file (`research/registry/serving.json`)
/// rewritten atomically with every registry change: per endpoint the input schema and label
/// set, the servable versions with status, artifact path and SHA-256, and the running A/B test.
/// The registry writes it (`ServingSnapshot(state:)`); predict.cgi reads it without linking the
/// registry or the metrics behind it.
///
/// ```json
/// {"endpoints":{"income_classifier":{"ab_test":{"arms":[{"arm":"A","model":"random_forest",
///  "percent":50,"version":"1.0.0"},…],"id":1},"schema":{…},"versions":[{"artifact":
///  "research/artifacts/income_classifier/random_forest/1.0.0/model.bin","model":"random_forest",
///  "sha256":"…","size":123,"status":"production","training_ranges":{"age":[17,90],…},"never_missing":["age",…],
///  "version":"1.0.0"},…]}},"format":1,"seq":12}
/// ```
public struct ServingSnapshot: Encodable, Equatable, Sendable {
    /// A version the CGI may serve.
    public struct Version: Encodable, Equatable, Sendable {
        public var model: String
        public var version: String
        public var status: ModelStatus
        /// The model file, relative to the repository root.
        public var artifact: String
        public var sha256: String
        public var size: Int64
        /// What the rows this version was trained on looked like (its training.json's numeric
        /// ranges and never-missing fields; empty when it records none), which its answers' notes
        /// compare with (`ScoringNotes`). Each key is written only when it has something.
        public var trainingProfile: TrainingProfile

        public init(
            model: String, version: String, status: ModelStatus, artifact: String, sha256: String, size: Int64,
            trainingProfile: TrainingProfile = TrainingProfile()
        ) {
            self.model = model
            self.version = version
            self.status = status
            self.artifact = artifact
            self.sha256 = sha256
            self.size = size
            self.trainingProfile = trainingProfile
        }

        enum CodingKeys: String, CodingKey {
            case model, version, status, artifact, sha256, size
            case trainingRanges = "training_ranges"
            case neverMissing = "never_missing"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(model, forKey: .model)
            try container.encode(version, forKey: .version)
            try container.encode(status, forKey: .status)
            try container.encode(artifact, forKey: .artifact)
            try container.encode(sha256, forKey: .sha256)
            try container.encode(size, forKey: .size)
            if !trainingProfile.ranges.isEmpty {
                try container.encode(TrainingProfile.RangesJSON(trainingProfile.ranges), forKey: .trainingRanges)
            }
            if !trainingProfile.neverMissing.isEmpty {
                try container.encode(trainingProfile.neverMissing.sorted(), forKey: .neverMissing)
            }
        }
    }

    /// The running A/B test's routing: unpinned requests are split between the arms.
    public struct ABTest: Encodable, Equatable, Sendable {
        public struct Arm: Encodable, Equatable, Sendable {
            public var arm: String
            public var model: String
            public var version: String
            public var percent: Int

            public init(arm: String, model: String, version: String, percent: Int) {
                self.arm = arm
                self.model = model
                self.version = version
                self.percent = percent
            }
        }

        public var id: Int
        public var arms: [Arm]

        public init(id: Int, arms: [Arm]) {
            self.id = id
            self.arms = arms
        }
    }

    public struct Endpoint: Encodable, Equatable, Sendable {
        public var schema: Schema
        /// Sorted by model, then version.
        public var versions: [Version]
        public var abTest: ABTest?
        /// The archived versions as `model@version`, sorted: not served, but registered, so a
        /// request pinning one is told it is archived rather than never registered (trial18 #6).
        /// Written only when there is one, so a snapshot without any reads and writes as before.
        public var archived: [String]

        public init(schema: Schema, versions: [Version], abTest: ABTest?, archived: [String] = []) {
            self.schema = schema
            self.versions = versions
            self.abTest = abTest
            self.archived = archived
        }

        enum CodingKeys: String, CodingKey {
            case schema, versions
            case abTest = "ab_test"
            case archived
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schema, forKey: .schema)
            try container.encode(versions, forKey: .versions)
            try container.encodeIfPresent(abTest, forKey: .abTest)
            if !archived.isEmpty { try container.encode(archived, forKey: .archived) }
        }

        /// The production version, if the endpoint has one.
        public var production: Version? { versions.first { $0.status == .production } }

        /// The version `model@version`, if servable.
        public func version(model: String, version: String) -> Version? {
            versions.first { $0.model == model && $0.version == version }
        }

        /// The servable versions in `status`.
        public func versions(in status: ModelStatus) -> [Version] {
            versions.filter { $0.status == status }
        }
    }

    /// The format of this file; bumped on incompatible changes.
    public var format: Int
    /// The sequence number of the last event the snapshot reflects.
    public var seq: Int
    public var endpoints: [String: Endpoint]

    /// A snapshot in this file format (`format` 1) as of event `seq`.
    public init(seq: Int, endpoints: [String: Endpoint]) {
        format = 1
        self.seq = seq
        self.endpoints = endpoints
    }

    /// Reads the snapshot file at `path` (with `FileBytes`: predict.cgi does this on every request).
    /// - Throws: `ReadError` naming the file: it is missing or unreadable, or not the JSON it should be.
    public static func read(path: String) throws(ServingSnapshot.ReadError) -> ServingSnapshot {
        guard let bytes = FileBytes.read(path) else {
            throw ReadError(
                file: path,
                message:
                    "cannot read: the serving snapshot is missing; write it with `modelpress registry snapshot` (or `modelpress bundle`)"
            )
        }
        return try decode(bytes, file: path)
    }

    /// Decodes snapshot bytes with `JSONReader` (predict.cgi does this on every request).
    /// - Throws: `ReadError` naming `file`, with line and column.
    public static func decode(_ data: [UInt8], file: String) throws(ServingSnapshot.ReadError) -> ServingSnapshot {
        let read = data.withUnsafeBytes { bytes in
            Result { () throws(JSONReadError) in try JSONReader.read(bytes, ServingSnapshot.init(reading:)) }
        }
        switch read {
        case .success(let snapshot): return snapshot
        case .failure(let error):
            throw ReadError(file: file, line: error.line, message: "bad JSON: column \(error.column): \(error.message)")
        }
    }
}
