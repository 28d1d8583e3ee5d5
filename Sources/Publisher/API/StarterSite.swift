import Foundation

/// The files a new repository's site starts with: the two it cannot be published without,
/// `site.toml` (the title, where the site and predict.cgi are served) and `pages/index.md` (the
/// home page, with `<!-- endpoints -->` where the list of endpoints goes), and a `.gitignore`
/// that keeps the built site out of git. `modelpress new` writes them into a repository that
/// has none; `publish` names the required ones when they are missing.
public enum StarterSite {
    /// Paths relative to the site folder, and their text.
    public static let files: [(path: String, text: String)] = [
        (
            "site.toml",
            """
            # The site's settings; see `modelpress publish --help`.
            title = "Models"
            description = "Model cards, status history and metrics for our prediction endpoints."
            # Where the site is served (a path, or a full URL); every internal link starts with it.
            base_url = "/"
            # Where predict.cgi answers; the prediction form posts here.
            cgi_url = "/cgi-bin/predict.cgi/"

            """
        ),
        (
            "pages/index.md",
            """
            # Models

            Every prediction endpoint we serve, every version of its models, who moved which version to
            which status and when, and how each version did on held-out data. The [history](history.html)
            lists every change (also as an [Atom feed](feed.xml)).

            \(PublishingStep.endpointsMarker)

            """
        ),
        (
            ".gitignore",
            """
            # The built site (`modelpress publish`) and its temporary folders: CI rebuilds them.
            public/
            .public.*

            """
        ),
    ]

    /// The files `publish` cannot do without.
    static let required = ["site.toml", "pages/index.md"]

    /// The starter files `siteFolder` lacks, written; an existing file is never replaced.
    /// - Returns: the paths written, relative to `siteFolder`.
    /// - Throws: a file-system error when a folder or file cannot be written.
    public static func writeMissing(into siteFolder: URL) throws -> [String] {
        var written: [String] = []
        for (path, text) in files {
            let url = siteFolder.appendingPathComponent(path)
            guard !FileManager.default.fileExists(atPath: url.path) else { continue }
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            written.append(path)
        }
        return written
    }

    /// The starter files `siteFolder` lacks, as one error saying what each holds and how to get
    /// them; nil when both are there.
    static func missingFilesError(in siteFolder: URL) -> PublishingError? {
        let missing = required.filter {
            !FileManager.default.fileExists(atPath: siteFolder.appendingPathComponent($0).path)
        }
        guard !missing.isEmpty else { return nil }
        return PublishingError(
            path: siteFolder.path,
            reason: .invalidConfig(
                "a site needs site.toml (at least `title = \"Models\"`) and pages/index.md (the home page in Markdown; "
                    + "`\(PublishingStep.endpointsMarker)` marks where the list of endpoints goes); missing: "
                    + missing.joined(separator: ", ")
                    + ". `modelpress new` writes starting ones into a repository without them"))
    }
}
