/// A model file `modelpress import` cannot convert, with the place and the reason.
public struct ImportError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The file is not of the format it claims, or a value in it is malformed.
        case corrupt(String)
        /// The file ends before something it announced.
        case truncated(String)
        /// A well-formed file that uses something the importer does not convert exactly.
        case unsupported(String)
        /// The model and the pipeline's declared data disagree (a field, a category, the classes).
        case mismatch(String)
    }

    /// The source file as given.
    public var file: String
    /// The 1-based line of a text format, where one is to blame.
    public var line: Int?
    public var reason: Reason

    public init(file: String, line: Int? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        switch reason {
        case .corrupt(let what): return "\(place): corrupt model file: \(what)"
        case .truncated(let what): return "\(place): truncated model file: \(what); save the model again"
        case .unsupported(let what): return "\(place): not supported: \(what)"
        case .mismatch(let what): return "\(place): the model does not match the declared data: \(what)"
        }
    }
}
