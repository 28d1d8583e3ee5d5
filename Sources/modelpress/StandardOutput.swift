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
}
