import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension TreeEnsemble {
    /// Writes the model file (the bytes `serialized()` gives) to `url` a piece at a time, never
    /// holding them whole: a million-row forest's 153 MB of bytes (262 MB for five classes) lay
    /// beside its trees, the fit's peak and a half again (issue 26). The file appears whole or
    /// not at all: it is written beside `url` under a temporary name, then renamed over it.
    /// - Throws: `ModelFileError.Reason.unrepresentable` as `serialized()` says; a Foundation
    ///   file error naming the file when it cannot be written (a missing folder, a full disk).
    /// - Complexity: O(nodes + edges + strings), through the tree arrays twice (the checksum
    ///   first) and a buffer of 1 MiB.
    public func write(to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        var handle: FileHandle?
        do {
            let file = try FileHandle(forWritingTo: temporary)
            handle = file
            let capacity = 1 << 20
            var buffer: [UInt8] = []
            buffer.reserveCapacity(capacity)
            func flush() throws {
                try file.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            try emitFile { piece in
                if buffer.count + piece.count > capacity { try flush() }
                if piece.count > capacity {
                    guard let base = piece.baseAddress else { return }
                    try file.write(
                        contentsOf: Data(
                            bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: piece.count,
                            deallocator: .none))
                } else {
                    buffer.append(contentsOf: piece)
                }
            }
            try flush()
            handle = nil
            try file.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(
                    .fileWriteUnknown,
                    userInfo: [
                        NSFilePathErrorKey: url.path,
                        NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
                    ])
            }
        } catch {
            try? handle?.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
