#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a crash before the answer was written into a valid CGI 500 answer instead of a
/// stack trace or half a response: a fatal signal handler writes a fixed response with
/// `write(2)`, which is safe in a signal handler, and exits.
package enum CrashGuard {
    package static func install() {
        assert(crashResponseIsConsistent(), "the crash response's Content-Length is wrong")
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            Glibc.signal(signal, crashHandler)
        }
    }

    /// Once the answer is about to be written, a crash can no longer be answered.
    package static func disarm() {
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            Glibc.signal(signal, SIG_DFL)
        }
    }
}

/// The fixed answer: a literal, so nothing is built at start-up (building it from strings cost
/// runtime type lookups on every request) and the handler only writes bytes.
private let crashResponse: StaticString = """
    Status: 500 Internal Server Error\r
    Content-Type: application/json; charset=utf-8\r
    X-Content-Type-Options: nosniff\r
    Cache-Control: no-store\r
    Content-Length: 74\r
    \r
    {"status":"Error","message":"predict.cgi failed unexpectedly","errors":[]}
    """

/// Whether `crashResponse`'s Content-Length is its body's length (checked in debug builds,
/// which the end-to-end tests run).
private func crashResponseIsConsistent() -> Bool {
    // "\r\n" is one Character: the lines, an empty one, then the body.
    let lines = crashResponse.description.split(separator: "\r\n", omittingEmptySubsequences: false)
    let prefix = "Content-Length: "
    guard let body = lines.last, let length = lines.first(where: { $0.hasPrefix(prefix) }) else { return false }
    return Int(length.dropFirst(prefix.count)) == body.utf8.count
}

private func crashHandler(_ signal: Int32) {
    _ = write(STDOUT_FILENO, crashResponse.utf8Start, crashResponse.utf8CodeUnitCount)
    _exit(70)
}
