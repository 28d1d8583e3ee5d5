import Basics
import Foundation
import JSONWriting
import Models

/// What a version's inputs and predictions looked like when it was made: the file
/// `reference.json` beside its model.bin, which drift checks compare served traffic with.
///
/// Per input field, its training rows counted per bin, bin 0 being missing: a numeric field
/// over the model's own bins (`ReferenceBins`), a categorical field over its categories in
/// schema order; and for a numeric field a seeded sample of up to `sampleLimit` of its present
/// training values, for the measures that need values (Kolmogorov–Smirnov, Wasserstein). The
/// prediction likewise, over the test rows (held out from training, so a forest's scores are
/// not the over-confident ones of its own training rows): the positive class's probability
/// (binary) or the predicted value (regression) as a numeric distribution over `edges`, the
/// predicted class (multiclass) as a categorical one.
public struct ReferenceDistribution: Codable, Equatable, Sendable {
    /// One field's (or the prediction's) distribution.
    public struct Distribution: Codable, Equatable, Sendable {
        public enum Kind: String, Codable, Sendable {
            case numeric, categorical
        }

        public var name: String
        public var kind: Kind
        /// Rows per bin; bin 0 counts the missing values. A numeric field's bins are its model's
        /// (1 + the number of edges below the value), the prediction's those of `edges`; a
        /// categorical one's bin `i + 1` is `categories[i]`.
        public var counts: [Int]
        /// The categories of bins 1…, for a categorical distribution.
        public var categories: [String]?
        /// The prediction's upper bin edges (`value <= edge`); nil for an input field, whose
        /// bins are the model's.
        public var edges: [Double]?
        /// Up to `sampleLimit` present values in ascending order (a numeric distribution): all
        /// of them when there are no more, else a seeded draw without replacement.
        public var sample: [Double]?

        /// The rows counted, missing included.
        public var rows: Int { counts.reduce(0, +) }

        public init(
            name: String, kind: Kind, counts: [Int], categories: [String]? = nil, edges: [Double]? = nil,
            sample: [Double]? = nil
        ) {
            self.name = name
            self.kind = kind
            self.counts = counts
            self.categories = categories
            self.edges = edges
            self.sample = sample
        }
    }

    /// The newest layout this modelpress reads and writes.
    public static let currentSchemaVersion = 1
    /// The most values a numeric distribution keeps.
    public static let sampleLimit = 5000

    public var schemaVersion: Int
    /// The version described (`endpoint/model@version`).
    public var version: String
    /// The seed of the samples' draws (the version's own).
    public var seed: UInt64
    /// Every input field, in schema order.
    public var fields: [Distribution]
    /// The predictions on the test rows.
    public var prediction: Distribution

    public init(version: VersionID, seed: UInt64, fields: [Distribution], prediction: Distribution) {
        self.schemaVersion = Self.currentSchemaVersion
        self.version = version.description
        self.seed = seed
        self.fields = fields
        self.prediction = prediction
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case version, seed, fields, prediction
    }
}

extension ReferenceDistribution {
    /// The file as reference.json holds it: indented, sorted keys, a final newline, so the same
    /// version always gives the same bytes.
    /// - Throws: `EvaluationError.Reason.writeFailed` when a value cannot be encoded.
    public func jsonData() throws -> Data {
        do {
            return Data(try JSONWriter.encode(self, .document) + [0x0A])
        } catch {
            throw EvaluationError(.writeFailed("\(error)"))
        }
    }

    /// Reads a version's reference.json.
    /// - Throws: `DriftError` naming the file: missing, not a reference distribution, or written
    ///   by a newer modelpress.
    public static func read(from url: URL) throws(DriftError) -> ReferenceDistribution {
        guard let bytes = FileBytes.read(url.path) else { throw DriftError(.missing, file: url.path) }
        let data = Data(bytes)
        struct Version: Decodable {
            var schemaVersion: Int
            enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version" }
        }
        if let found = try? JSONDecoder().decode(Version.self, from: data).schemaVersion,
            found > currentSchemaVersion
        {
            throw DriftError(.unsupportedSchema(found: found, supported: currentSchemaVersion), file: url.path)
        }
        do {
            return try JSONDecoder().decode(ReferenceDistribution.self, from: data)
        } catch {
            throw DriftError(.malformed("\(error)"), file: url.path)
        }
    }
}
