import Foundation

/// Who is acting: the name recorded as `by` on every event.
public enum ActorName {
    /// `explicit` when given, else `git config user.name` in `root`, else `$USER`, else
    /// `unknown`.
    public static func resolve(explicit: String?, root: URL) -> String {
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty { return explicit }
        if let name = gitUserName(root: root), !name.isEmpty { return name }
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return "unknown"
    }

    private static func gitUserName(root: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "config", "user.name"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
