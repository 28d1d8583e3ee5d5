// Only the C library here: with Foundation in the same file, `stdout` resolves through its
// import of Glibc, which Swift 6 refuses as shared mutable state.
#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// The CLI's standard output stream, which every `print` of every command writes to.
enum StandardOutput {
    /// Makes standard output line-buffered whatever it is written to, once at start-up before
    /// any other thread runs: every line a command prints reaches a pipe, a log or CI when it
    /// ends, as on a terminal, and in order with what goes to standard error (unbuffered,
    /// `printError`) and with results written in one piece through `FileHandle`. The C library
    /// buffers a pipe or a file in blocks of 4 KB, so train's progress came out all at once when
    /// training ended, after the warnings that follow it (trial17 #2). The cost, one write per
    /// line, is nothing beside the work behind a line.
    static func writeEveryLine() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }

    /// Makes a write to a pipe whose reader has gone (`modelpress new … | head`, `| less` left
    /// with q) fail with EPIPE instead of killing the process with SIGPIPE, once at start-up:
    /// the command finishes its work (trial20 #3: `new` was killed between the registry's event
    /// and its pipeline) and then fails with `cannot write standard output` (`failure()`).
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Flushes standard output and says whether everything printed reached it (trial19 #5:
    /// `> /dev/full` or a full disk lost the result with exit status 0). A line that failed
    /// earlier leaves the stream's error flag set; the flush of what is left tells the reason.
    /// - Returns: nil when every write succeeded, else the system's reason (`No space left on
    ///   device`), in the C library's words.
    static func failure() -> String? {
        errno = 0
        let flushed = fflush(stdout)
        let code = errno
        guard flushed != 0 || ferror(stdout) != 0 else { return nil }
        guard code == 0 else { return String(cString: strerror(code)) }
        // The C library keeps the error flag, not the reason, of a line that failed earlier:
        // a line break written again (what was printed is incomplete anyway) tells it.
        guard write(STDOUT_FILENO, "\n", 1) < 0 else { return "an earlier write failed" }
        return String(cString: strerror(errno))
    }
}
