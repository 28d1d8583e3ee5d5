import Basics
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
    /// Per endpoint, the requests its production version answered in the request log (read with
    /// the statistics, over one connection; `checkDrift` compares them in parallel).
    var productionRequests: [String: [ServedRow]] = [:]
    /// Per aborted A/B test, its arms' counts in the request log (the abort recorded none);
    /// empty without a request log.
    var abortedTallies: [Int: [String: ABArmTally]] = [:]
    /// Per endpoint, the values of its monitoring section (`MonitoringSection`), made once for
    /// its page and its production version's card; empty without a request log.
    var monitoring: [String: FrozenValues] = [:]
    /// Output path relative to the site root → bytes.
    var files: [String: Data] = [:]
    /// The layout rendered once per build (see `LayoutShell`); shared by copies of the context.
    let layoutShells = LayoutShells()
    /// Collects what each template is given, when a test asks (`Publisher.recorder`).
    var recorder: TemplateRecorder?

    /// The link to `path` (relative to the site root): every internal link goes through here.
    func url(_ path: String) -> String {
        config.basePath + path
    }

    /// The page at `path`: `template` rendered with `values` (and the names every page
    /// template has: `root`, `cgiURL`, `historyURL`, `feedURL`), in the layout.
    /// - Throws: `PublishingError` naming the page and the template when rendering fails.
    func renderedPage(_ path: String, title: String, template: String, values: TemplateValues) throws -> Data {
        try renderedPage(path, title: title, body: body(template: template, values: values, path: path))
    }

    /// `template` rendered with `values` and the names every page template has.
    /// - Parameter base: what the site's links start with, when not `config.basePath` (the
    ///   answer shells link from predict.cgi's address, so from the whole base URL).
    func body(template: String, values: TemplateValues, path: String, base: String? = nil) throws -> String {
        let base = base ?? config.basePath
        var all = values
        all["root"] = base
        all["cgiURL"] = config.cgiURL
        if registry != nil {
            all["historyURL"] = base + SitePaths.history
            all["feedURL"] = base + SitePaths.feed
        }
        recorder?.note(all, template: template)
        do {
            return try theme.render(all, template: template)
        } catch {
            // An override's tag has its place (`file:line:column`); a missing template its name.
            let what = error.line == nil ? "\(template): \(error.message)" : error.description
            throw PublishingError(path: path, reason: .template(what))
        }
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
            if let page = try layoutShell()?.page(title: title, body: body) { return page }
            return Data(try theme.render(pageContext(title: title, body: body), template: "layout").utf8)
        } catch {
            throw PublishingError(path: path, reason: .template(String(describing: error)))
        }
    }

    /// The layout with this build's site, root and links, and the title and body left open.
    private func layoutShell() throws -> LayoutShell? {
        let constant = pageContext(title: "", body: "")
        let key =
            [config.title, config.description, config.cgiURL, constant.root]
            .joined(separator: "\u{0}") + "\(constant.historyURL ?? "-")\u{0}\(constant.feedURL ?? "-")"
        return try layoutShells.shell(for: key) {
            try LayoutShell { title, body in try theme.render(pageContext(title: title, body: body), template: "layout")
            }
        }
    }

    /// What the layout needs for one page.
    /// - Parameter base: as for `body(template:values:path:base:)`.
    func pageContext(title: String, body: String, base: String? = nil) -> PageContext {
        let base = base ?? config.basePath
        return PageContext(
            site: siteInfo, title: title, body: body, root: base,
            historyURL: registry == nil ? nil : base + SitePaths.history,
            feedURL: registry == nil ? nil : base + SitePaths.feed)
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

/// Template values made once and only read afterwards, shared by the pages rendered on several
/// threads: strings, numbers, booleans and lists and dictionaries of them, which are values.
struct FrozenValues: @unchecked Sendable {
    let values: TemplateValues
}
