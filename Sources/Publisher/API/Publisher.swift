import Evaluation
import Foundation
import Registry
import Serving
import Templates

/// Builds the static site from `site/` (config, pages, templates, assets) into `site/public/`.
public struct Publisher: Sendable {
    /// The site folder: holds site.toml, pages/, templates/, assets/.
    public var siteFolder: URL
    /// Where the finished site goes; replaced atomically.
    public var outputFolder: URL
    /// The repository root whose research/registry/ the site describes (default: the site
    /// folder's parent). A root without a registry gives a site of authored pages only.
    public var root: URL
    /// Replaces site.toml's `base_url` (a deployment publishes for where it is served).
    public var baseURL: String?
    /// Replaces site.toml's `cgi_url`.
    public var cgiURL: String?
    /// A predict.cgi request log (a SQLite file, or a PostgreSQL database every host writes);
    /// when given, model cards show serving statistics, and each endpoint's page and its
    /// production version's card how that version's requests drift from its reference
    /// distribution.
    public var requestLog: RequestStore?
    /// How the monitoring section judges drift (`modelpress monitor`'s defaults unless `publish`
    /// is told otherwise: `--min-requests`).
    public var driftOptions = DriftOptions()
    /// Where to write predict.cgi's answer pages in the site's theme (a deployment's `answers/`,
    /// see `AnswerShell`); none when nil.
    public var answersFolder: URL?
    /// Collects what each template is given (for the test that keeps docs/templates.md true).
    var recorder: TemplateRecorder?

    public init(
        siteFolder: URL, outputFolder: URL? = nil, root: URL? = nil, baseURL: String? = nil, cgiURL: String? = nil,
        requestLog: RequestStore? = nil, answersFolder: URL? = nil
    ) {
        self.siteFolder = siteFolder
        self.outputFolder = outputFolder ?? siteFolder.appendingPathComponent("public")
        self.root = root ?? siteFolder.deletingLastPathComponent()
        self.baseURL = baseURL
        self.cgiURL = cgiURL
        self.requestLog = requestLog
        self.answersFolder = answersFolder
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
        let theme: Theme
        do {
            theme = try Theme(overrides: siteFolder.appendingPathComponent("templates"))
        } catch {
            throw PublishingError(path: error.place, reason: .template(error.message))
        }
        if let missing = StarterSite.missingFilesError(in: siteFolder) { throw missing }
        var config = try SiteConfig(contentsOf: siteFolder.appendingPathComponent("site.toml"))
        if baseURL != nil || cgiURL != nil {
            config = SiteConfig(
                title: config.title, description: config.description, baseURL: baseURL ?? config.baseURL,
                cgiURL: cgiURL ?? config.cgiURL)
        }
        var context = BuildContext(
            siteFolder: siteFolder, outputFolder: outputFolder, root: root, config: config, theme: theme)
        context.recorder = recorder
        // History and the read API need only the registry: they run beside the steps that use
        // every core.
        var steps: [PublishingStep] = [.readRegistry, .renderHistory, .writeReadAPI, .readEvidence]
        if let requestLog { steps += [.readRequests(requestLog), .checkDrift(requestLog, options: driftOptions)] }
        steps += [
            .readPages, .renderPages, .renderEndpoints, .writeSitemap, .copyAssets, .replaceControlCharacters,
            .writeManifest,
        ]
        // Before the site is swapped in: a theme whose answer template fails leaves the old site.
        if let answersFolder { steps.append(.writeAnswerShells(answersFolder)) }
        steps.append(.writeOutput)
        try PublishingPipeline(steps: steps).run(&context, progress: progress)
        return Summary(files: context.files.keys.sorted(), outputFolder: outputFolder)
    }
}
