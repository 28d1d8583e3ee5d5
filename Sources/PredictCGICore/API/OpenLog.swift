import ServingCore

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the request log's connection open until the process exits.
///
/// Closing the last connection to a WAL database checkpoints it, which syncs the database file
/// to disk; a CGI process would pay that on every request. Left open, the connection ends with
/// the process (SQLite is built to survive exactly that), the WAL stays in place for the next
/// request, and SQLite's automatic checkpoints spread the syncing over many requests.
public enum OpenLog {
    nonisolated(unsafe) private static var kept: [RequestLogWriter] = []

    /// Keeps `log` open until the process exits.
    public static func keep(_ log: RequestLogWriter) -> RequestLogWriter {
        kept.append(log)
        return log
    }

    /// The log at `path`, kept open, when it is ready; nil otherwise (nothing is kept open).
    static func ready(path: String) -> RequestLogWriter? {
        RequestLogWriter.openIfReady(path: path).map(keep)
    }

    /// Ends the answer (closes standard output, so the server sees its end at once), then
    /// keeps the WAL small (see `RequestLogWriter.truncateWAL`).
    ///
    /// A request adds about 16 KiB to the WAL, and a process that opens the log alone reads and
    /// checksums all of it. At 256 KiB (a checkpoint every ~16 requests) that cost 0.4 ms less
    /// CPU per request than at 1 MiB in a one-at-a-time loop; 64 KiB gained nothing more.
    ///
    /// SIGTERM is held off from before the answer ends until the process exits: lighttpd sends
    /// it as soon as it has read the whole answer, which cut the checkpoint short every time
    /// (each new process starts the wal-index afresh, so the next one copied everything again),
    /// so that under lighttpd every request after the 16th re-copied a WAL that only grew, and
    /// SQLite's automatic checkpoint at 4 MiB ran inside a request, on the answer's path.
    public static func closeOutputAndTidy() {
        var held = sigset_t()
        sigemptyset(&held)
        sigaddset(&held, SIGTERM)
        sigprocmask(SIG_BLOCK, &held, nil)
        close(STDOUT_FILENO)
        for log in kept { log.truncateWAL(largerThan: 256 << 10) }
    }
}
