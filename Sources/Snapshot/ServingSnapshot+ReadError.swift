extension ServingSnapshot {
    /// A serving snapshot that cannot be read: missing, or not the JSON it should be.
    ///
    /// `description` reads `file:line: message` (or `file: message`), the way the registry's
    /// errors read, since `modelpress` and predict.cgi print it as one of them.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file, as the caller named it.
        public var file: String
        /// 1-based line in `file`, when the problem has one.
        public var line: Int?
        /// The sentence without the place (`bad JSON: column 12: expected a number`).
        public var message: String

        public init(file: String, line: Int? = nil, message: String) {
            self.file = file
            self.line = line
            self.message = message
        }

        public var description: String {
            (line.map { "\(file):\($0): " } ?? "\(file): ") + message
        }
    }
}
