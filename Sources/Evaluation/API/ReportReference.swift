import Basics
import Foundation

/// What a command-line argument names: a model version's report in the artifacts folder, or
/// a report file given by path.
public struct ReportReference: Sendable {
    /// How to call the report in output: the reference as given.
    public var label: String
    public var url: URL
    /// The version, when the argument was `endpoint/model@version`.
    public var model: VersionID?

    /// - Parameter repositoryRoot: the folder holding `research/`, asked for only when the
    ///   argument is `endpoint/model@version` (a report file needs no repository).
    /// - Throws: `EvaluationError.Reason.badReference` when the argument is neither a JSON
    ///   file path nor `endpoint/model@version`, and what `repositoryRoot` throws.
    public init(_ argument: String, repositoryRoot: @autoclosure () throws -> URL) throws {
        label = argument
        if argument.hasSuffix(".json") || FileManager.default.fileExists(atPath: argument) {
            url = URL(fileURLWithPath: argument)
            model = nil
        } else if let ref = VersionID(parsing: argument) {
            url = try repositoryRoot().appendingPathComponent(RepositoryLayout.artifact(.evaluationReport, of: ref))
            model = ref
        } else {
            throw EvaluationError(.badReference(argument))
        }
    }

    /// Reads the report.
    /// - Throws: `EvaluationError` naming the file; for a missing version report, the hint
    ///   says to run `modelpress evaluate`.
    public func load() throws -> EvaluationReport {
        do {
            return try EvaluationReport.read(from: url)
        } catch let error as EvaluationError where error.reason == .missingReport(hint: nil) {
            let hint = model.map { "run `modelpress evaluate \($0)` to write it" }
            throw EvaluationError(.missingReport(hint: hint), file: error.file)
        }
    }
}
