import Basics
import Evaluation
import Foundation
import Models
import Registry
import Serving

/// One version's served requests compared with its reference distribution: what `modelpress
/// monitor` prints and what the site's monitoring section shows, made here for both so that
/// they always agree.
public struct DriftCheck: Sendable {
    public var version: VersionID
    /// The requests compared (those from `since` on).
    public var requests: Int
    public var reference: ReferenceDistribution
    /// True when the version has no reference.json and the reference was made again from the
    /// data its training.json declares.
    public var madeAgain: Bool
    public var report: DriftMonitor

    /// Reads from `log` the requests `version` answered (from `since` on), splits them into
    /// windows of `windowSeconds` (the first from `since`, else from the first request's UTC
    /// midnight) and compares each with the version's reference distribution.
    /// - Parameters:
    ///   - root: the repository root, which the version's artifact and data paths are relative to.
    /// - Returns: nil when the log holds no request the version answered (from `since` on).
    /// - Throws: `ServingError` (the log is not a request log, or cannot be read), `DriftError` (no reference and
    ///   no data to make it again), `ModelFileError` (model.bin), `EvaluationError` (a measure),
    ///   `DriftCheckError` (a logged row that is not what predict.cgi writes).
    public init?(
        version record: VersionRecord, root: URL, log: any RequestLogReader, since: Timestamp?,
        windowSeconds: Int64, options: DriftOptions
    ) throws {
        try self.init(
            version: record, root: root, rows: try Self.rows(of: record, in: log, since: since), logPath: log.place,
            since: since, windowSeconds: windowSeconds, options: options)
    }

    /// The requests `version` answered (from `since` on), as `init(version:root:rows:…)` takes them.
    /// - Throws: `ServingError` when the log is not a request log or cannot be read.
    public static func rows(
        of record: VersionRecord, in log: any RequestLogReader, since: Timestamp?
    ) throws(ServingError) -> [ServedRow] {
        try log.servedRows(
            endpoint: record.id.endpoint, model: record.id.model, version: record.id.version,
            since: since?.formatted(milliseconds: 0))
    }

    /// The drift check of `rows`, requests `version` answered, read from the log at `logPath`
    /// (`rows(of:in:since:)`; read apart so that checks of several versions share one connection
    /// while they are computed in parallel).
    /// - Returns: nil when `rows` is empty.
    /// - Throws: as `init(version:root:log:…)`, except `ServingError`.
    public init?(
        version record: VersionRecord, root: URL, rows: [ServedRow], logPath: String, since: Timestamp?,
        windowSeconds: Int64, options: DriftOptions
    ) throws {
        let id = record.id
        guard !rows.isEmpty else { return nil }
        let folder = root.appendingPathComponent(record.facts.artifact.path).deletingLastPathComponent()
        let (reference, madeAgain) = try ReferenceDistribution.load(artifactFolder: folder, root: root)
        let model = try TreeModel(
            contentsOf: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue))
        let served = try rows.map { try ServedRequest($0, task: model.task, file: logPath) }
        let first = served.map(\.time).min() ?? Timestamp.now
        self.version = id
        self.requests = served.count
        self.reference = reference
        self.madeAgain = madeAgain
        self.report = try DriftMonitor(
            reference: reference, model: model, task: model.task, requests: served,
            start: since ?? Timestamp(secondsSince1970: first.secondsSince1970 / 86_400 * 86_400),
            seconds: windowSeconds, options: options)
    }
}

/// A logged request a drift check cannot read, naming the log and the request.
public struct DriftCheckError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension ServedRequest {
    /// A logged row as the drift check reads it: the input's JSON values as numbers or
    /// categories (`null` as missing), the prediction as `DriftMonitor` compares it.
    /// - Throws: `DriftCheckError` naming `file` when the time or the input is not what
    ///   predict.cgi writes.
    init(_ row: ServedRow, task: PredictionTask, file: String) throws(DriftCheckError) {
        guard let time = Timestamp(parsing: row.createdAt) else {
            throw DriftCheckError(
                description: "\(file): a request's created_at '\(row.createdAt)' is not an ISO 8601 time")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(row.input.utf8)) as? [String: Any] else {
            throw DriftCheckError(
                description: "\(file): the request of \(row.createdAt) has an input that is not a JSON object")
        }
        var values: [String: FieldValue] = [:]
        for (name, value) in object {
            switch value {
            case let text as String: values[name] = .category(text)
            case let number as NSNumber: values[name] = .number(number.doubleValue)
            default: values[name] = .missing
            }
        }
        let output: FieldValue =
            switch task {
            case .binary: .number(row.positiveProbability)
            case .regression: (row.value ?? Double(row.label)).map(FieldValue.number) ?? .missing
            case .multiclass: .category(row.label)
            }
        self.init(
            time: time, values: values, output: output, label: row.label, value: row.value ?? Double(row.label),
            feedback: row.feedback)
    }
}
