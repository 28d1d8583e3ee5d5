import Foundation
import JSONReading
import JSONWriting
import Models

extension EvaluationReport {
    /// The report as pretty-printed JSON with sorted keys and a final newline: the same
    /// report always gives the same bytes.
    /// - Throws: `EvaluationError.Reason.writeFailed` when a value cannot be encoded.
    public func jsonData() throws -> Data {
        do {
            return Data(try JSONWriter.encode(self, .document) + [0x0A])
        } catch {
            throw EvaluationError(.writeFailed("\(error)"))
        }
    }

    /// Writes the report atomically (a reader never sees half a file), creating folders.
    /// - Throws: `EvaluationError` naming the file.
    public func write(to url: URL) throws {
        let data = try jsonData()
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw EvaluationError(.writeFailed(error.localizedDescription), file: url.path)
        }
    }

    /// Reads a report written by `write(to:)`.
    /// - Throws: `EvaluationError` naming the file: missing, malformed, or a newer schema.
    public static func read(from url: URL) throws -> EvaluationReport {
        guard let bytes = FileBytes.read(url.path) else {
            throw EvaluationError(.missingReport(hint: nil), file: url.path)
        }
        return try decode(bytes, file: url.path)
    }

    /// Decodes a report from JSON bytes with `JSONReader` (the site build reads one report per
    /// version; `JSONDecoder` was most of its time). A report that fails is looked at once
    /// more, for its schema version only, to say why: a newer schema or a damaged file.
    /// - Parameter file: named in errors.
    public static func decode(_ data: some ContiguousBytes, file: String? = nil) throws -> EvaluationReport {
        let read = data.withUnsafeBytes { bytes in
            Result { () throws(JSONReadError) in try JSONReader.read(bytes, EvaluationReport.init(reading:)) }
        }
        let failure: JSONReadError
        switch read {
        case .success(let report):
            guard report.schemaVersion <= currentSchemaVersion else {
                throw EvaluationError(
                    .unsupportedSchema(found: report.schemaVersion, supported: currentSchemaVersion), file: file)
            }
            return report
        case .failure(let error):
            failure = error
        }
        let version = data.withUnsafeBytes { bytes in
            Result { () throws(JSONReadError) in try JSONReader.read(bytes, EvaluationReport.schemaVersion(reading:)) }
        }
        let found: Int?
        switch version {
        case .success(let value): found = value
        case .failure(let error) where error.line == 1 && error.message == JSONReader.notAnObject:
            throw EvaluationError(.malformedReport("not a JSON object"), file: file)
        case .failure(let error):
            throw EvaluationError(.malformedReport("\(error)"), file: file)
        }
        guard let found else {
            throw EvaluationError(.malformedReport("no schema_version"), file: file)
        }
        guard found <= currentSchemaVersion else {
            throw EvaluationError(.unsupportedSchema(found: found, supported: currentSchemaVersion), file: file)
        }
        throw EvaluationError(.malformedReport("\(failure)"), file: file)
    }
}
