import Scoring

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
    /// Installs the handler, once at start-up: it writes a line naming the file the faulting
    /// address lies in (`MappedFiles`) to standard error with `write(2)`, which is safe in a
    /// signal handler, and exits with status 74 (`EX_IOERR`).
    static func install() {
        MappedFiles.prepare()
        var action = sigaction()
        #if os(Linux)
            action.__sigaction_handler.sa_sigaction = shrunkFileHandler
        #else
            action.__sigaction_u.__sa_sigaction = shrunkFileHandler
        #endif
        action.sa_flags = SA_SIGINFO
        sigaction(SIGBUS, &action, nil)
    }
}

/// Literals, so that the handler only writes bytes.
private let shrunkFilePrefix: StaticString = "error: "
private let shrunkFileUnnamed: StaticString = "a data or model file"
private let shrunkFileMessage: StaticString = """
     shrank while modelpress was reading it (another program rewrote it?); run again once the file is written

    """

private func shrunkFileHandler(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _: UnsafeMutableRawPointer?) {
    func put(_ text: StaticString) { _ = write(STDERR_FILENO, text.utf8Start, text.utf8CodeUnitCount) }
    put(shrunkFilePrefix)
    #if os(Linux)
        let address = info.map { UInt(bitPattern: $0.pointee._sifields._sigfault.si_addr) } ?? 0
    #else
        let address = info.map { UInt(bitPattern: $0.pointee.si_addr) } ?? 0
    #endif
    if let path = MappedFiles.path(containing: address) {
        _ = write(STDERR_FILENO, path, strlen(path))
    } else {
        put(shrunkFileUnnamed)
    }
    put(shrunkFileMessage)
    _exit(74)
}
