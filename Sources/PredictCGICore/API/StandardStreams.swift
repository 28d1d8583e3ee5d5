#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's side of a CGI request: the meta-variables in the environment, the body on
/// standard input, the answer on standard output (RFC 3875 §4, §6).
package enum StandardStreams {
    /// An environment variable's value, nil when unset.
    package static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Reads standard input into `buffer` as `read(2)` does, retrying when a signal interrupts.
    package static func read(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = Glibc.read(STDIN_FILENO, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            return count
        }
    }

    /// Writes `bytes` to standard output, retrying short writes; gives up when the server has
    /// gone.
    package static func write(_ bytes: [UInt8]) {
        write(bytes, to: STDOUT_FILENO)
    }

    /// Writes `line` and a line feed to standard error, the web server's error log.
    package static func logError(_ line: String) {
        write(Array((line + "\n").utf8), to: STDERR_FILENO)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
