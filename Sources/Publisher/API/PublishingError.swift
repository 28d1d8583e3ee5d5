/// A site build that failed, with the step and the file it failed on.
public struct PublishingError: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable {
        case missingFile
        /// `site/site.toml` is not a valid site configuration; the message says what is wrong.
        case invalidConfig(String)
        /// An input the site is built from cannot be used: the registry, an evaluation report,
        /// a training record, a card's front matter or the request log. The message says what
        /// is wrong.
        case invalidData(String)
        case template(String)
        case write(String)
    }

    /// The file (and line, when known) the problem is in.
    public var path: String
    /// The build step that was running; set by the pipeline.
    public var step: String?
    public var reason: Reason

    public init(path: String, step: String? = nil, reason: Reason) {
        self.path = path
        self.step = step
        self.reason = reason
    }

    public var description: String {
        let prefix = step.map { "[\($0)] " } ?? ""
        switch reason {
        case .missingFile:
            return "\(prefix)\(path): file is missing or unreadable"
        case .invalidConfig(let message), .invalidData(let message):
            return "\(prefix)\(path): \(message)"
        case .template(let message):
            return "\(prefix)\(path): template failed: \(message)"
        case .write(let message):
            return "\(prefix)\(path): cannot write the site: \(message)"
        }
    }
}
