import Foundation

/// Who is acting: the name recorded as `by` on every event.
public enum ActorName {
    /// Where the name comes from when no `--by` is given, as the commands' help says it.
    public static let defaultSource = "$GIT_AUTHOR_NAME, else git's user.name, else $USER"

    /// `explicit` when given, else the author name git gives the commit that will carry the
    /// event: `$GIT_AUTHOR_NAME` over `git config user.name` in `root` (as git-commit-tree(1)
    /// takes it; trial24 #9: CI that sets GIT_AUTHOR_NAME recorded user.name), else `$USER`,
    /// else `unknown`.
    public static func resolve(
        explicit: String?, root: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty { return explicit }
        if let author = environment["GIT_AUTHOR_NAME"], !author.trimmingCharacters(in: .whitespaces).isEmpty {
            return author
        }
        if let name = Git.text(["config", "user.name"], in: root), !name.isEmpty { return name }
        if let user = environment["USER"], !user.isEmpty { return user }
        return "unknown"
    }
}
