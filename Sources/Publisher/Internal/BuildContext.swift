import Foundation
import Registry
import Templates

/// What the steps of a build share: the inputs they read and the files they produce.
struct BuildContext {
    let siteFolder: URL
    let outputFolder: URL
    let root: URL
    var config: SiteConfig
    var theme: Theme
    /// The registry's state, when the root has a registry.
    var registry: RegistryState?
    /// Authored pages from site/pages/, by output path.
    var pages: [Page] = []
    /// Output path relative to the site root → bytes.
    var files: [String: Data] = [:]

    /// The link to `path` (relative to the site root): every internal link goes through here.
    func url(_ path: String) -> String {
        config.basePath + path
    }

    var siteInfo: PageContext.SiteInfo {
        PageContext.SiteInfo(title: config.title, description: config.description, cgiURL: config.cgiURL)
    }
}

/// A Markdown page authored under site/pages/.
struct Page {
    /// Where it is read from.
    var source: URL
    /// Where it is written, relative to the site root (`index.html`, `about.html`).
    var outputPath: String
    var title: String
    var html: String
}
