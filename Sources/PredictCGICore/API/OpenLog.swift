import ServingCore

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

    /// After the answer has left: keeps the WAL small (see `RequestLogWriter.truncateWAL`).
    ///
    /// A request adds about 16 KiB to the WAL, and a process that opens the log alone reads and
    /// checksums all of it. At 256 KiB (a checkpoint every ~16 requests) that cost 0.4 ms less
    /// CPU per request than at 1 MiB in a one-at-a-time loop; 64 KiB gained nothing more.
    public static func tidy() {
        for log in kept { log.truncateWAL(largerThan: 256 << 10) }
    }
}
