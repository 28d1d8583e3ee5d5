import Foundation
import JSONReading
import Models

/// What predict.cgi needs from the registry, in one small file (`research/registry/serving.json`)
/// rewritten atomically with every registry change: per endpoint the input schema and label
/// set, the servable versions with status, artifact path and SHA-256, and the running A/B test.
///
/// ```json
/// {"endpoints":{"income_classifier":{"ab_test":{"arms":[{"arm":"A","model":"random_forest",
///  "percent":50,"version":"1.0.0"},…],"id":1},"schema":{…},"versions":[{"artifact":
///  "research/artifacts/income_classifier/random_forest/1.0.0/model.bin","model":"random_forest",
///  "sha256":"…","size":123,"status":"production","version":"1.0.0"},…]}},"format":1,"seq":12}
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
    }

    /// The running A/B test's routing: unpinned requests are split between the arms.
    public struct ABTest: Encodable, Equatable, Sendable {
        public struct Arm: Encodable, Equatable, Sendable {
            public var arm: String
            public var model: String
            public var version: String
            public var percent: Int
        }

        public var id: Int
        public var arms: [Arm]
    }

    public struct Endpoint: Encodable, Equatable, Sendable {
        public var schema: Schema
        /// Sorted by model, then version.
        public var versions: [Version]
        public var abTest: ABTest?

        enum CodingKeys: String, CodingKey {
            case schema, versions
            case abTest = "ab_test"
        }

        /// The production version, if the endpoint has one.
        public var production: Version? { versions.first { $0.status == .production } }

        /// The version `model@version`, if servable.
        public func version(model: String, version: String) -> Version? {
            versions.first { $0.model == model && $0.version == version }
        }

        /// The newest servable version of `model` (by version order), for `?model=` alone.
        public func latest(model: String) -> Version? {
            versions.last { $0.model == model }
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

    /// The snapshot of `state`.
    public init(state: RegistryState) {
        format = 1
        seq = state.lastSeq
        var endpoints: [String: Endpoint] = [:]
        for (name, record) in state.endpoints {
            let versions = state.versions(of: name).filter { $0.status.isServable }.map { record in
                Version(
                    model: record.id.model, version: record.id.version, status: record.status,
                    artifact: record.facts.artifact.path, sha256: record.facts.artifact.sha256,
                    size: record.facts.artifact.size)
            }
            let test = state.runningABTest(of: name).map { test in
                ABTest(
                    id: test.id,
                    arms: test.arms.map {
                        ABTest.Arm(arm: $0.arm, model: $0.model, version: $0.version, percent: $0.percent)
                    })
            }
            endpoints[name] = Endpoint(schema: record.definition.schema, versions: versions, abTest: test)
        }
        self.endpoints = endpoints
    }

    /// The file's bytes: compact JSON with sorted keys and a final newline (deterministic).
    public func encoded() -> Data {
        var data = (try? JSONCoding.line(self)) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads a snapshot file.
    /// - Throws: `RegistryError` (`.readFailed` or `.badJSON`) naming the file.
    public static func read(from url: URL) throws(RegistryError) -> ServingSnapshot {
        try read(path: url.path)
    }

    /// Reads the snapshot file at `path` (with `FileBytes`: predict.cgi does this on every request).
    /// - Throws: `RegistryError` (`.readFailed` or `.badJSON`) naming the file.
    public static func read(path: String) throws(RegistryError) -> ServingSnapshot {
        guard let bytes = FileBytes.read(path) else {
            throw RegistryError(
                file: path, reason: .readFailed("the serving snapshot is missing; run `modelpress registry check`"))
        }
        return try decode(bytes, file: path)
    }

    /// Decodes snapshot bytes with `JSONReader` (predict.cgi does this on every request).
    /// - Throws: `RegistryError.badJSON` naming `file`, with line and column.
    public static func decode(_ data: [UInt8], file: String) throws(RegistryError) -> ServingSnapshot {
        let read = data.withUnsafeBytes { bytes in
            Result { () throws(JSONReadError) in try JSONReader.read(bytes, ServingSnapshot.init(reading:)) }
        }
        switch read {
        case .success(let snapshot): return snapshot
        case .failure(let error):
            throw RegistryError(
                file: file, line: error.line, reason: .badJSON("column \(error.column): \(error.message)"))
        }
    }
}
