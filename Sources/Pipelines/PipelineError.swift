/// A pipeline problem: the file (and line) and what is wrong. Printed as is, without usage.
public struct PipelineError: Error, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
}
