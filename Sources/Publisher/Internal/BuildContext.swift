import Foundation
import Registry
import Serving
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
    /// Evaluation reports and training records of the registry's versions, when present.
    var evidence: [VersionID: VersionEvidence] = [:]
    /// What the request log says, when the build was given one.
    var serving: ServingStatistics?
    /// Output path relative to the site root → bytes.
    var files: [String: Data] = [:]

    /// The link to `path` (relative to the site root): every internal link goes through here.
    func url(_ path: String) -> String {
        config.basePath + path
    }

    /// Puts `body` into the layout template and adds it as `path`.
    /// - Throws: `PublishingError` naming the page when the template fails.
    mutating func addPage(_ path: String, title: String, body: String) throws {
        files[path] = try renderedPage(path, title: title, body: body)
    }

    /// `body` in the layout template, as the bytes of the page at `path`.
    /// - Throws: `PublishingError` naming the page when the template fails.
    func renderedPage(_ path: String, title: String, body: String) throws -> Data {
        do {
            // The layout is rendered around a marker and the body spliced in once: a card's body
            // is ~100 KB, and going through the template engine copied it several times. A
            // layout that escapes the body, or places it other than once, turns the marker into
            // something else, and is rendered with the body itself (as is an empty body, which
            // sections treat as false where the marker would be true).
            let shell = try theme.render(pageContext(title: title, body: Self.bodyMarker), template: "layout")
            if !body.isEmpty, let marker = shell.range(of: Self.bodyMarker),
                shell[marker.upperBound...].range(of: Self.bodyMarker) == nil
            {
                var page = Data(capacity: shell.utf8.count + body.utf8.count)
                page.append(contentsOf: shell[..<marker.lowerBound].utf8)
                page.append(contentsOf: body.utf8)
                page.append(contentsOf: shell[marker.upperBound...].utf8)
                return page
            }
            return Data(try theme.render(pageContext(title: title, body: body), template: "layout").utf8)
        } catch {
            throw PublishingError(path: path, reason: .template(String(describing: error)))
        }
    }

    /// Stands for the body in the layout; its `<` and `>` are escaped if the layout escapes it.
    private static let bodyMarker = "<modelpress-page-body-8f3c1e>"

    /// What the layout needs for one page.
    func pageContext(title: String, body: String) -> PageContext {
        PageContext(
            site: siteInfo, title: title, body: body, root: url(""),
            historyURL: registry == nil ? nil : url(SitePaths.history),
            feedURL: registry == nil ? nil : url(SitePaths.feed))
    }

    /// A link whose target goes through `url(_:)` and whose text is escaped.
    func link(_ path: String, _ text: String) -> String {
        "<a href=\"\(HTML.escape(url(path)))\">\(HTML.escape(text))</a>"
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
