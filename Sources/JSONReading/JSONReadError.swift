/// Why JSON could not be read, and where: line and column (1-based, columns in bytes) of the
/// offending byte.
public struct JSONReadError: Error, CustomStringConvertible, Equatable {
    public let line: Int
    public let column: Int
    public let message: String

    init(bytes: UnsafeRawBufferPointer, offset: Int, message: String) {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        self.line = line
        column = offset - lineStart + 1
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
