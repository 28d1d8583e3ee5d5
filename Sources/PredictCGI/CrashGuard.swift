#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a crash before the answer was written into a valid CGI 500 answer instead of a
/// stack trace or half a response: a fatal signal handler writes a fixed response with
/// `write(2)`, which is safe in a signal handler, and exits.
enum CrashGuard {
    static func install() {
        // Globals are initialised lazily; do it here, not in the signal handler.
        _ = crashResponse.count
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            Glibc.signal(signal, crashHandler)
        }
    }

    /// Once the answer is about to be written, a crash can no longer be answered.
    static func disarm() {
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            Glibc.signal(signal, SIG_DFL)
        }
    }
}

/// The fixed answer, prepared before anything can fail.
private let crashResponse: [UInt8] = {
    let body = "{\"status\":\"Error\",\"message\":\"predict.cgi failed unexpectedly\",\"errors\":[]}"
    return Array(
        ("Status: 500 Internal Server Error\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
}()

private func crashHandler(_ signal: Int32) {
    crashResponse.withUnsafeBytes { buffer in
        _ = write(STDOUT_FILENO, buffer.baseAddress, buffer.count)
    }
    _exit(70)
}
