// What both floor CGIs of `make bench-cgi` do alike (Benchmarks/FloorCGI with SQLite,
// Benchmarks/FloorCGI-postgresql with PostgreSQL): read the body, walk the model file, answer,
// in plain C calls. Each floor adds only its log's write.
#if canImport(Glibc)
    import Glibc
#endif

/// A step that failed; `message` goes into the 503 answer as it is (no quotes or backslashes).
public struct Failure: Error {
    public var message: String

    public init(message: String) { self.message = message }
}

/// Writes a whole CGI answer to standard output, retrying short writes.
public func answer(_ status: String, _ body: String) {
    let bytes = Array(
        "Status: \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, bytes.count - offset) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}

/// The body: exactly CONTENT_LENGTH bytes (the server may keep the connection's stdin open past it).
public func readBody() throws(Failure) -> [UInt8] {
    let text = getenv("CONTENT_LENGTH").map { String(cString: $0) } ?? ""
    guard let length = text.isEmpty ? 0 : Int(text), length >= 0, length <= 1 << 20 else {
        throw Failure(message: "CONTENT_LENGTH is not a byte count up to 1 MiB")
    }
    var body = [UInt8](repeating: 0, count: length)
    var filled = 0
    while filled < length {
        let count = body.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress! + filled, length - filled) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { throw Failure(message: "the body is shorter than CONTENT_LENGTH") }
        filled += count
    }
    return body
}

/// Maps the model and reads one byte of every 4 KiB page: a prediction walks 100 trees spread over
/// nearly the whole file, so every page faults in once. Not MAP_POPULATE (that is a choice, not the
/// contract); not unmapped (exit does it). Returns the bytes' sum, so the walk cannot be optimised away.
public func touchModel() throws(Failure) -> UInt64 {
    guard let path = getenv("FLOOR_MODEL") else { throw Failure(message: "FLOOR_MODEL is not set") }
    let file = open(path, O_RDONLY | O_CLOEXEC)
    guard file >= 0 else { throw Failure(message: "the model cannot be opened") }
    defer { close(file) }
    var status = stat()
    guard fstat(file, &status) == 0, status.st_size > 0 else { throw Failure(message: "the model is empty") }
    let size = Int(status.st_size)
    guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, file, 0), map != MAP_FAILED else {
        throw Failure(message: "the model cannot be mapped")
    }
    let bytes = map.assumingMemoryBound(to: UInt8.self)
    var sum: UInt64 = 0
    for offset in stride(from: 0, to: size, by: 4096) { sum &+= UInt64(bytes[offset]) }
    return sum
}

/// Now in UTC, ISO 8601 to the second.
public func utcTime() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    var text = [CChar](repeating: 0, count: 32)
    let count = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
    return String(decoding: text[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

public func microseconds() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return spec.tv_sec * 1_000_000 + spec.tv_nsec / 1000
}
