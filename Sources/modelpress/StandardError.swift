// Only the C library here, as in StandardOutput.swift.
#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// The CLI's standard error stream: notes, warnings and the final `error: …` (`printError`).
enum StandardError {
    /// Writes `line` and a line break to standard error, unbuffered, and drops what cannot be
    /// written: standard error that is gone too (`modelpress publish 2>&1 | head -1`) has no
    /// one to tell, and the exit status still says the command failed. Foundation's
    /// `FileHandle.write(_:)` stops the process on a failed write instead (trial25 #2: SIGILL,
    /// exit status 132, when `cannot write standard output` itself could not be written).
    static func writeLine(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var start = 0
        while start < bytes.count {
            let written = bytes[start...].withUnsafeBytes { rest in
                write(STDERR_FILENO, rest.baseAddress, rest.count)
            }
            if written > 0 {
                start += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
