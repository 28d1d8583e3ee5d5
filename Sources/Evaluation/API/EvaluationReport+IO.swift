import Foundation

extension EvaluationReport {
    /// The report as pretty-printed JSON with sorted keys and a final newline: the same
    /// report always gives the same bytes.
    /// - Throws: `EvaluationError.Reason.writeFailed` when a value cannot be encoded.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(self)
            data.append(0x0A)
            return data
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
        guard let data = try? Data(contentsOf: url) else {
            throw EvaluationError(.missingReport(hint: nil), file: url.path)
        }
        return try decode(data, file: url.path)
    }

    /// Decodes a report from JSON bytes. The whole report is decoded first (one pass, the
    /// common case); only a report that fails is looked at again to say why.
    /// - Parameter file: named in errors.
    public static func decode(_ data: Data, file: String? = nil) throws -> EvaluationReport {
        let decoder = JSONDecoder()
        let failure: any Error
        do {
            let report = try decoder.decode(EvaluationReport.self, from: data)
            guard report.schemaVersion <= currentSchemaVersion else {
                throw EvaluationError(
                    .unsupportedSchema(found: report.schemaVersion, supported: currentSchemaVersion), file: file)
            }
            return report
        } catch let error as EvaluationError {
            throw error
        } catch {
            failure = error
        }
        struct Version: Decodable {
            var schemaVersion: Int?
            enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version" }
        }
        guard let version = try? decoder.decode(Version.self, from: data) else {
            throw EvaluationError(.malformedReport("not a JSON object"), file: file)
        }
        guard let found = version.schemaVersion else {
            throw EvaluationError(.malformedReport("no schema_version"), file: file)
        }
        guard found <= currentSchemaVersion else {
            throw EvaluationError(.unsupportedSchema(found: found, supported: currentSchemaVersion), file: file)
        }
        switch failure {
        case DecodingError.keyNotFound(let key, let context):
            throw EvaluationError(.malformedReport("missing \(path(context.codingPath + [key]))"), file: file)
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            throw EvaluationError(.malformedReport("wrong type at \(path(context.codingPath))"), file: file)
        default:
            throw EvaluationError(.malformedReport("\(failure)"), file: file)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
