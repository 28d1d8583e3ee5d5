#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file cannot be read, in a few words, for messages that must say more than "cannot
/// read": a mistyped path, a folder given for a file, a link to nothing and a permission
/// problem each call for something else.
public enum FileProblem {
    /// `no such file`, `a folder, not a file`, `a symbolic link to '…', which does not exist`,
    /// `permission denied`, or the system's words for another failure; `it cannot be read` when
    /// the file looks readable (it changed meanwhile).
    public static func reason(reading path: String) -> String {
        problem(reading: path) ?? "it cannot be read"
    }

    /// `reason(reading:)` when something keeps `path` from being read as a file; nil when it
    /// looks readable.
    public static func problem(reading path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { return String(cString: strerror(errno)).lowercased() }
            // A link whose target is gone reads as no file; said as what it is (trial36 #4: it
            // was "deleted or moved (by `git rm`?)").
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                var target = [CChar](repeating: 0, count: 4_096)
                let count = readlink(path, &target, target.count - 1)
                let shown =
                    count > 0 ? String(decoding: target[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
                return "a symbolic link to '\(shown)', which does not exist"
            }
            return noSuchFile
        }
        if info.st_mode & S_IFMT == S_IFDIR { return folder }
        if access(path, R_OK) != 0 { return "permission denied" }
        return nil
    }

    /// `reason(reading:)` of a path where nothing is.
    public static let noSuchFile = "no such file"
    /// `reason(reading:)` of a folder.
    public static let folder = "a folder, not a file"
}
