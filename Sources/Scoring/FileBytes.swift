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
    /// (0.3 s of loading a 157 MB training file). A large data file is not read here but mapped
    /// (`MappedBytes`), its pages given back as it is read.
    /// - Complexity: one read for a regular file (more only when it grows while being read).
    public static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = max(Int(info.st_size), 0)
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

    /// What is left to read of the open file `descriptor` (standard input: `STDIN_FILENO`), from
    /// where it stands to its end, or nil on a read error. Opening `/dev/stdin` again would read
    /// a redirected file from its start, past what a shell's `read` took (trial36 #3), and fails
    /// for a socket or a file the user may not open.
    public static func read(descriptor: Int32) -> [UInt8]? {
        rest(of: descriptor, after: [])
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
