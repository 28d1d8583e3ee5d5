#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One of a fixed number of places for a worker predict.cgi started: an exclusive `flock` on
/// `<folder>/worker-<n>.lock`, released when the process ends, however it ends.
struct WorkerSlot {
    private let descriptor: Int32

    /// The first free slot, or nil when all `count` are held.
    static func acquire(folder: String, count: Int) -> WorkerSlot? {
        try? RequestLog.createFolder(of: folder + "/worker-0.lock")
        for index in 0..<count {
            let descriptor = open(folder + "/worker-\(index).lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { continue }
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return WorkerSlot(descriptor: descriptor) }
            close(descriptor)
        }
        return nil
    }

    func release() {
        close(descriptor)
    }
}
