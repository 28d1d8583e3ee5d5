import Foundation

/// The file a command writes its result to (`predict --output`, `explain --output`).
enum OutputFile {
    /// Writes `text` to `path` at once: a new or regular file atomically, a device or pipe
    /// that exists (`/dev/stdout`) in place, since renaming over it would replace it. A missing
    /// folder is refused (trial19 #5: a typo made folders without a word).
    /// - Throws: `CommandFailure` naming the file when `path` is a folder (saying what to give
    ///   instead), its folder is missing, or it cannot be written (a full disk too), and why.
    static func write(_ text: String, to path: String) throws {
        let file = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        if path.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) && isFolder.boolValue)
        {
            throw CommandFailure(
                "--output \(path) is a folder; name the result's file, such as \(file.path)/scores.csv")
        }
        let folder = file.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            throw CommandFailure(
                "cannot write the result to \(file.path): the folder \(folder.path) does not exist; correct the "
                    + "path, or create the folder first (mkdir -p \(folder.path))")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let inPlace = attributes.map { ($0[.type] as? FileAttributeType) != .typeRegular } ?? false
        do {
            try Data(text.utf8).write(to: file, options: inPlace ? [] : .atomic)
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

    /// Refuses an `--output` that is the `--input` file (the same device and inode, also
    /// through another path or a symbolic link, or the file standard input reads for `--input -`:
    /// `--input - --output rows.csv < rows.csv`), before anything is read or written (trial20
    /// #6, trial21 #6: `predict --input rows.csv --output rows.csv` replaced the input with the
    /// result, and the rows that could not be scored were lost for good). Only regular files are
    /// compared.
    /// - Throws: `CommandFailure` naming both.
    static func checkNotInput(_ output: String?, input: String?) throws {
        guard let output, let input else { return }
        var written = stat()
        var read = stat()
        let readable = input == "-" ? fstat(STDIN_FILENO, &read) == 0 : stat(input, &read) == 0
        guard readable, stat(output, &written) == 0, written.st_mode & S_IFMT == S_IFREG,
            written.st_dev == read.st_dev, written.st_ino == read.st_ino
        else { return }
        let what = input == "-" ? "the file standard input reads (--input -)" : "the --input file \(input)"
        throw CommandFailure(
            "--output \(output) is \(what): the result would replace the rows it is made from (and lose those that "
                + "cannot be scored); name another file")
    }

    /// Writes `text` to standard output in one piece (a result beside what `print` writes,
    /// which is line-buffered: this goes after it, in order).
    /// - Throws: `CommandFailure` `cannot write standard output: …` with the system's reason
    ///   (trial19 #5: `> /dev/full` crashed in Foundation, or lost the result with status 0).
    static func writeStandardOutput(_ text: String) throws {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            let reason = Self.posixCode(error).map { String(cString: strerror($0)) } ?? "\(error)"
            throw CommandFailure("cannot write standard output: \(reason)")
        }
    }

    /// The error number under a Foundation file error, or of a `POSIXError`; nil without one.
    static func posixCode(_ error: any Error) -> Int32? {
        // Linux's Foundation keeps the POSIX error under the key as a Swift error, not an NSError.
        let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        guard let code = underlying.map(\.code) ?? (error as? POSIXError).map({ Int($0.code.rawValue) }), code > 0
        else { return nil }
        return Int32(code)
    }

    /// The system's reason for a failed write (trial17 #17: Foundation says "The file doesn't
    /// exist." for a folder that exists but takes no new files, such as /proc): the error
    /// number under Foundation's error, in the C library's words, and what it means here.
    static func systemReason(_ error: any Error, folder: String) -> String {
        guard let code = posixCode(error).map(Int.init) else {
            return (error as NSError).localizedFailureReason ?? error.localizedDescription
        }
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
