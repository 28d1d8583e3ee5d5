/// A `multipart/form-data` body (RFC 7578), as a browser sends a file chosen in a form.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var filename: String?
        public var bytes: [UInt8]
    }

    public var parts: [Part]

    /// Splits `body` at `boundary` (the Content-Type's `boundary` parameter).
    /// - Throws: `ServingError` 400 when the body is not made of parts with that boundary.
    public init(body: [UInt8], boundary: String) throws(ServingError) {
        let delimiter = Array(("--" + boundary).utf8)
        var starts: [Int] = []
        var index = 0
        while let found = Self.find(delimiter, in: body, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        guard starts.count >= 2 else {
            throw ServingError(.badRequest, "the multipart body has no parts with boundary '\(boundary)'")
        }
        var parts: [Part] = []
        for (start, end) in zip(starts, starts.dropFirst()) {
            var content = Array(body[(start + delimiter.count)..<end])
            // Each part starts after the delimiter's CRLF and ends before the next one's.
            if content.starts(with: [13, 10]) { content.removeFirst(2) }
            if content.suffix(2) == [13, 10] { content.removeLast(2) }
            guard let split = Self.find([13, 10, 13, 10], in: content, from: 0) else {
                throw ServingError(.badRequest, "a part of the multipart body has no blank line after its headers")
            }
            let headers = String(decoding: content[..<split], as: UTF8.self).split(separator: "\r\n")
            let disposition = headers.first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init) ?? ""
            guard let name = Self.parameter("name", in: disposition) else { continue }
            parts.append(
                Part(
                    name: name, filename: Self.parameter("filename", in: disposition),
                    bytes: Array(content[(split + 4)...])))
        }
        self.parts = parts
    }

    /// The first part called `name`.
    public func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The value of `name="…"` (or unquoted) in a header line.
    public static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, String(pair[0]).trimmingWhitespace.lowercased() == name else { continue }
            var value = String(pair[1]).trimmingWhitespace
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
