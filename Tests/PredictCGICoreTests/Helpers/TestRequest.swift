@testable import PredictCGICore

extension CGIRequest {
    /// A request with the given meta-variables whose body is `body`, handed out at most `chunk`
    /// bytes per read (as a pipe may), then the end of input.
    static func make(
        _ method: String, _ pathInfo: String, variables: [String: String] = [:], body: [UInt8] = [],
        chunk: Int = .max
    ) -> CGIRequest {
        var all = variables
        all["REQUEST_METHOD"] = method
        all["PATH_INFO"] = pathInfo
        if !body.isEmpty, all["CONTENT_LENGTH"] == nil { all["CONTENT_LENGTH"] = String(body.count) }
        let source = BodySource(bytes: body, chunk: chunk)
        return CGIRequest(variable: { all[$0] }, input: source.read)
    }

    static func make(
        _ method: String, _ pathInfo: String, contentType: String, body: String,
        variables: [String: String] = [:]
    ) -> CGIRequest {
        var all = variables
        all["CONTENT_TYPE"] = contentType
        return make(method, pathInfo, variables: all, body: Array(body.utf8))
    }
}

/// A body read the way `read(2)` reads a pipe.
final class BodySource: @unchecked Sendable {
    private let bytes: [UInt8]
    private let chunk: Int
    private var offset = 0
    /// How many bytes were read: checks that a refused body is not read at all.
    var consumed: Int { offset }

    init(bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = chunk
    }

    func read(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, chunk, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes[offset..<offset + count].withUnsafeBytes { buffer.copyMemory(from: $0) }
        offset += count
        return count
    }
}

extension CGIResponse {
    /// The response's text, headers and body.
    var text: String { String(decoding: serialized, as: UTF8.self) }

    /// A header's value, nil when absent.
    func header(_ name: String) -> String? {
        headers.first { $0.0 == name }?.1
    }
}
