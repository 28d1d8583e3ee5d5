#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// Says what happened when a file the CLI reads in place shrinks under it. Data files and model
/// files are mapped (`MappedBytes`); should another program truncate or rewrite one while it is
/// read (regenerating a training file while `train` loads it), a read past the new end raises
/// SIGBUS, which killed the process with only "Bus error" from the shell.
enum ShrunkFileGuard {
    /// Installs the handler, once at start-up: it writes a fixed line to standard error with
    /// `write(2)`, which is safe in a signal handler, and exits with status 74 (`EX_IOERR`).
    static func install() {
        signal(SIGBUS, shrunkFileHandler)
    }
}

/// A literal, so that the handler only writes bytes.
private let shrunkFileMessage: StaticString = """
    error: a data or model file shrank while modelpress was reading it (another program rewrote it?); \
    run again once the file is written

    """

private func shrunkFileHandler(_ signal: Int32) {
    _ = write(STDERR_FILENO, shrunkFileMessage.utf8Start, shrunkFileMessage.utf8CodeUnitCount)
    _exit(74)
}
