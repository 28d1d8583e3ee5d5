/// A site build that failed, with the step and the file it failed on.
public struct PublishingError: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable {
        case missingFile
        case invalidConfig(String)
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
        case .invalidConfig(let message):
            return "\(prefix)\(path): \(message)"
        case .template(let message):
            return "\(prefix)\(path): template failed: \(message)"
        case .write(let message):
            return "\(prefix)\(path): cannot write the site: \(message)"
        }
    }
}
