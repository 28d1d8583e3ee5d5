import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Replaces files so that a reader sees the old bytes or the new ones, never a mix, and a
/// crash leaves one of the two on disk: write a temporary file beside the target, fsync it,
/// rename it over the target, fsync the folder.
enum AtomicFile {
    /// Writes `data` to `url` atomically and durably.
    /// - Throws: `RegistryError` (`.writeFailed`) naming the file and the system's reason.
    static func write(_ data: Data, to url: URL) throws(RegistryError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        func failure(_ what: String) -> RegistryError {
            RegistryError(file: url.path, reason: .writeFailed("\(what): \(String(cString: strerror(errno)))"))
        }
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(temporary.lastPathComponent)") }
        var written = 0
        let ok = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            while written < buffer.count {
                let base = buffer.baseAddress.map { $0 + written }
                let n = systemWrite(fd, base, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else {
            let error = failure("cannot write \(temporary.lastPathComponent)")
            close(fd)
            unlink(temporary.path)
            throw error
        }
        close(fd)
        guard rename(temporary.path, url.path) == 0 else {
            let error = failure("cannot rename \(temporary.lastPathComponent)")
            unlink(temporary.path)
            throw error
        }
        syncFolder(folder)
    }

    /// Flushes a folder's entries (the rename) to disk; best effort, as some file systems refuse.
    static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
