import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a file, held until `unlock()` or deinit.
///
/// `flock` locks belong to the open file description, so two processes (or two opens in one
/// process) exclude each other, and the kernel drops the lock when a process dies.
final class FileLock {
    private var descriptor: Int32

    /// Opens (creating it when needed) `file` and blocks until the lock is ours.
    /// - Throws: `RegistryError` (`.lockFailed`) when the file cannot be opened or locked.
    init(file: URL) throws(RegistryError) {
        let fd = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RegistryError(file: file.path, reason: .lockFailed(String(cString: strerror(errno))))
        }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let message = String(cString: strerror(errno))
            close(fd)
            throw RegistryError(file: file.path, reason: .lockFailed(message))
        }
        descriptor = fd
    }

    /// Releases the lock; calling it twice is harmless.
    func unlock() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}
