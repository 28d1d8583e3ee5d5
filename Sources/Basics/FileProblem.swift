#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file cannot be read, in a few words, for messages that must say more than "cannot
/// read": a mistyped path, a folder given for a file and a permission problem each call for
/// something else.
public enum FileProblem {
    /// `no such file`, `a folder, not a file`, `permission denied`, or the system's words for
    /// another failure; `it cannot be read` when the file looks readable (it changed meanwhile).
    public static func reason(reading path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? noSuchFile : String(cString: strerror(errno)).lowercased()
        }
        if info.st_mode & S_IFMT == S_IFDIR { return folder }
        if access(path, R_OK) != 0 { return "permission denied" }
        return "it cannot be read"
    }

    /// `reason(reading:)` of a path where nothing is.
    public static let noSuchFile = "no such file"
    /// `reason(reading:)` of a folder.
    public static let folder = "a folder, not a file"
}
