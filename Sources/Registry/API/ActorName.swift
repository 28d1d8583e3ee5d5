import Foundation

/// Who is acting: the name recorded as `by` on every event.
public enum ActorName {
    /// `explicit` when given, else git's identity in `root` (`git config user.name`, the name
    /// on the commit that will carry the event), else `$USER`, else `unknown`.
    public static func resolve(explicit: String?, root: URL) -> String {
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty { return explicit }
        if let name = Git.text(["config", "user.name"], in: root), !name.isEmpty { return name }
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return "unknown"
    }
}
