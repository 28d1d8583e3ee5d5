/// Input the evaluation cannot use, or a report that cannot be read or written, with the
/// place (a file, a row, a field) and the reason.
public struct EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// Two inputs that must have one entry per row differ in length.
        case lengthMismatch(what: String, expected: Int, actual: Int)
        /// There are no rows to evaluate.
        case empty
        /// A label is neither 0 nor 1.
        case badLabel(row: Int, value: Int)
        /// A score is NaN or outside [0, 1].
        case badScore(row: Int, value: Double)
        /// A class index is outside `0..<classes`.
        case badClass(row: Int, value: Int, classes: Int)
        /// A row of class probabilities has a value outside [0, 1] or does not sum to 1.
        case badProbabilities(row: Int, message: String)
        /// A target or a prediction of a regression is not a finite number.
        case badValue(row: Int, what: String, value: Double)
        /// An option or argument is out of its range.
        case badParameter(name: String, message: String)
        /// A slice names a field the group columns do not have.
        case unknownField(String)
        /// A report file does not exist or cannot be read; the hint says how to make it.
        case missingReport(hint: String?)
        /// A command-line reference is neither a report file nor `endpoint/model@version`.
        case badReference(String)
        /// A report file is not a valid evaluation report.
        case malformedReport(String)
        /// A report was written by a newer modelpress.
        case unsupportedSchema(found: Int, supported: Int)
        /// The report could not be encoded or written.
        case writeFailed(String)
    }

    public var reason: Reason
    /// The file concerned, when there is one.
    public var file: String?

    public init(_ reason: Reason, file: String? = nil) {
        self.reason = reason
        self.file = file
    }

    public var description: String {
        let place = file.map { "\($0): " } ?? ""
        switch reason {
        case .lengthMismatch(let what, let expected, let actual):
            return "\(place)\(what) has \(actual) entries but there are \(expected) rows"
        case .empty:
            return "\(place)there are no rows to evaluate"
        case .badLabel(let row, let value):
            return "\(place)row \(row): label \(value) is not 0 or 1"
        case .badScore(let row, let value):
            return "\(place)row \(row): score \(value) is not a probability in [0, 1]"
        case .badClass(let row, let value, let classes):
            return "\(place)row \(row): class index \(value) is not in 0..<\(classes)"
        case .badProbabilities(let row, let message):
            return "\(place)row \(row): the class probabilities \(message)"
        case .badValue(let row, let what, let value):
            return "\(place)row \(row): \(what) \(value) is not a finite number"
        case .badParameter(let name, let message):
            return "\(place)\(name): \(message)"
        case .unknownField(let field):
            return "\(place)slice field '\(field)' is not among the group columns given"
        case .missingReport(let hint):
            return "\(place)evaluation report is missing or unreadable" + (hint.map { "; \($0)" } ?? "")
        case .badReference(let text):
            return
                "\(place)'\(text)' is neither a report file nor a model version such as income_classifier/random_forest@1.0.0"
        case .malformedReport(let detail):
            return "\(place)not a valid evaluation report (\(detail))"
        case .unsupportedSchema(let found, let supported):
            return "\(place)report schema_version \(found) is newer than the supported \(supported); upgrade modelpress"
        case .writeFailed(let detail):
            return "\(place)could not write the evaluation report (\(detail))"
        }
    }
}
