import Foundation

extension EvaluationReport.ModelRef {
    /// Parses `endpoint/model@version`.
    /// - Returns: nil unless the text has exactly that form with non-empty parts and no
    ///   path separators or `..` inside a part (a reference must stay inside the artifacts folder).
    public init?(parsing text: String) {
        let atSplit = text.split(separator: "@", omittingEmptySubsequences: false)
        guard atSplit.count == 2 else { return nil }
        let names = atSplit[0].split(separator: "/", omittingEmptySubsequences: false)
        guard names.count == 2 else { return nil }
        let parts = [String(names[0]), String(names[1]), String(atSplit[1])]
        for part in parts where part.isEmpty || part == "." || part == ".." || part.contains("/") || part.contains("\\")
        {
            return nil
        }
        self.init(endpoint: parts[0], model: parts[1], version: parts[2])
    }

    /// `endpoint/model@version`.
    public var reference: String { "\(endpoint)/\(model)@\(version)" }

    /// Where the version's evaluation report lives, relative to the repository root.
    public var reportPath: String { "research/artifacts/\(endpoint)/\(model)/\(version)/evaluation.json" }
}

/// What a command-line argument names: a model version's report in the artifacts folder, or
/// a report file given by path.
public struct ReportReference: Sendable {
    /// How to call the report in output: the reference as given.
    public var label: String
    public var url: URL
    /// The version, when the argument was `endpoint/model@version`.
    public var model: EvaluationReport.ModelRef?

    /// - Parameter repositoryRoot: the folder holding `research/`.
    /// - Throws: `EvaluationError.Reason.badReference` when the argument is neither a JSON
    ///   file path nor `endpoint/model@version`.
    public init(_ argument: String, repositoryRoot: URL) throws {
        label = argument
        if argument.hasSuffix(".json") || FileManager.default.fileExists(atPath: argument) {
            url = URL(fileURLWithPath: argument)
            model = nil
        } else if let ref = EvaluationReport.ModelRef(parsing: argument) {
            url = repositoryRoot.appendingPathComponent(ref.reportPath)
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
            let hint = model.map { "run `modelpress evaluate \($0.reference)` to write it" }
            throw EvaluationError(.missingReport(hint: hint), file: error.file)
        }
    }
}
