#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole small files read with plain C stdio: predict.cgi reads its settings and the serving
/// snapshot on every request, and Foundation's file and URL layers cost more than the reads.
public enum FileBytes {
    /// The whole file at `path`, or nil when it cannot be read.
    ///
    /// A regular file is read straight into the array's storage, its size known up front: a
    /// zeroed buffer copied onto the array cost a second copy of the file and its page faults
    /// (0.3 s of loading a 157 MB training file). With `map` (a parallel map such as
    /// `Parallel.map`, which Scoring does not link), a regular file of two `partBytes` or more
    /// is read in parts of `partBytes` at their offsets, the parts through `map`: the kernel's
    /// copy and the new pages' faults of a 165 MB training file took 90 ms on one thread. When a
    /// part comes short (the file shrank) or a read of the parts fails, the file is read again
    /// in one piece, whose failure is the answer.
    /// - Parameter map: calls its body with 0..<count, on any threads, and returns the results
    ///   in that order.
    /// - Complexity: one read for a regular file, one a part with `map` (more only when it
    ///   grows while being read).
    public static func read(_ path: String, partsOn map: ((Int, (Int) -> Bool) -> [Bool])? = nil) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = max(Int(info.st_size), 0)
        if let map, size >= 2 * partBytes, info.st_mode & S_IFMT == S_IFREG {
            if let bytes = readParts(descriptor, size: size, map: map) { return bytes }
            // A part came short (the file shrank) or the rest failed: read it again in one piece.
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
        }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < buffer.count {
                let read = Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if read < 0 && errno == EINTR { continue }
                if read < 0 { failed = true }
                if read <= 0 { return }
                count += read
            }
        }
        guard !failed else { return nil }
        return rest(of: descriptor, after: bytes)
    }

    /// Bytes a part of a large file read in parts (`read(_:partsOn:)`).
    public static let partBytes = 8 << 20

    /// `size` bytes of `descriptor` (a regular file) read in parts through `map`, and what
    /// follows them; nil when a part came short or a read failed.
    private static func readParts(_ descriptor: Int32, size: Int, map: (Int, (Int) -> Bool) -> [Bool]) -> [UInt8]? {
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            let base = buffer.baseAddress!
            let parts = (size + partBytes - 1) / partBytes
            let read = map(parts) { part in
                var offset = part * partBytes
                let end = min(size, offset + partBytes)
                while offset < end {
                    let read = pread(descriptor, base + offset, end - offset, off_t(offset))
                    if read < 0 && errno == EINTR { continue }
                    if read <= 0 { return false }
                    offset += read
                }
                return true
            }
            complete = read.count == parts && read.allSatisfy { $0 }
            count = complete ? size : 0
        }
        guard complete, lseek(descriptor, off_t(size), SEEK_SET) == off_t(size) else { return nil }
        return rest(of: descriptor, after: bytes)
    }

    /// `bytes`, what `descriptor` gave up to its offset, and what the size did not show after
    /// them: a file that grew, or one whose size is not known (a pipe); nil on a read error.
    private static func rest(of descriptor: Int32, after bytes: [UInt8]) -> [UInt8]? {
        var bytes = bytes
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { chunk in
            while true {
                let count = Glibc.read(descriptor, chunk.baseAddress, chunk.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                if count == 0 { return bytes }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<count]))
            }
        }
    }
}
