import Foundation
import Templates

/// Builds the static site from `site/` (config, pages, templates, assets) into `site/public/`.
public struct Publisher: Sendable {
    /// The site folder: holds site.toml, pages/, templates/, assets/.
    public var siteFolder: URL
    /// Where the finished site goes; replaced atomically.
    public var outputFolder: URL

    public init(siteFolder: URL, outputFolder: URL? = nil) {
        self.siteFolder = siteFolder
        self.outputFolder = outputFolder ?? siteFolder.appendingPathComponent("public")
    }

    /// A finished build.
    public struct Summary: Sendable {
        /// Output paths relative to the site root, sorted.
        public var files: [String]
        public var outputFolder: URL
    }

    /// Builds the site. A failed build leaves the previous output untouched.
    /// - Parameter progress: receives one line per step (`[i/n] step`).
    /// - Throws: `PublishingError` naming the step and the file.
    @discardableResult
    public func publish(progress: (String) -> Void = { _ in }) throws -> Summary {
        let config = try SiteConfig(contentsOf: siteFolder.appendingPathComponent("site.toml"))
        let theme: Theme
        do {
            theme = try Theme(overrides: siteFolder.appendingPathComponent("templates"))
        } catch let error as ThemeError {
            throw PublishingError(
                path: siteFolder.appendingPathComponent("templates").path, reason: .template(error.description))
        }
        var context = BuildContext(siteFolder: siteFolder, outputFolder: outputFolder, config: config, theme: theme)
        try PublishingPipeline(steps: [.readPages, .renderPages, .copyAssets, .writeOutput])
            .run(&context, progress: progress)
        return Summary(files: context.files.keys.sorted(), outputFolder: outputFolder)
    }
}
