import Foundation

/// The file a command writes its result to (`predict --output`, `explain --output`).
enum OutputFile {
    /// Writes `text` to `path` at once (atomically), making a missing folder as `publish --out`
    /// does.
    /// - Throws: `CommandFailure` naming the file when `path` is a folder (saying what to give
    ///   instead) or cannot be written, and why.
    static func write(_ text: String, to path: String) throws {
        let file = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        if path.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) && isFolder.boolValue)
        {
            throw CommandFailure(
                "--output \(path) is a folder; name the result's file, such as \(file.path)/scores.csv")
        }
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            // The nearest part of the path that exists: a file there cannot hold a folder.
            var existing = file.deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder), existing.path != "/" {
                existing = existing.deletingLastPathComponent()
            }
            let reason =
                isFolder.boolValue
                ? Self.systemReason(error, folder: existing.path) : "\(existing.path) is a file, not a folder"
            throw CommandFailure("cannot write the result to \(file.path): \(reason)")
        }
    }

    /// The system's reason for a failed write (trial17 #17: Foundation says "The file doesn't
    /// exist." for a folder that exists but takes no new files, such as /proc): the error
    /// number under Foundation's error, in the C library's words, and what it means here.
    static func systemReason(_ error: any Error, folder: String) -> String {
        // Linux's Foundation keeps the POSIX error under the key as a Swift error, not an NSError.
        let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        guard let code = underlying.map(\.code) ?? (error as? POSIXError).map({ Int($0.code.rawValue) }),
            code > 0
        else { return (error as NSError).localizedFailureReason ?? error.localizedDescription }
        let words = String(cString: strerror(Int32(code))).lowercased()
        switch Int32(code) {
        case ENOENT:
            return
                "\(words) (errno \(code)): \(folder) exists but does not take new files or folders; choose another folder"
        case EACCES, EPERM: return "\(words) (errno \(code)): you may not create files in \(folder)"
        case EROFS: return "\(words) (errno \(code)): \(folder) is on a read-only file system"
        case ENOSPC: return "\(words) (errno \(code)): the disk holding \(folder) is full"
        default: return "\(words) (errno \(code))"
        }
    }
}
