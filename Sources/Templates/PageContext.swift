import Mustache

/// What the layout template renders: one page of the site.
public struct PageContext: Sendable {
    public struct SiteInfo: Sendable {
        public var title: String
        public var description: String
        /// The URL of predict.cgi, ending in `/`.
        public var cgiURL: String

        public init(title: String, description: String, cgiURL: String) {
            self.title = title
            self.description = description
            self.cgiURL = cgiURL
        }
    }

    public var site: SiteInfo
    /// The page's title.
    public var title: String
    /// The page's content, already rendered to safe HTML.
    public var body: String
    /// The relative path from this page to the site root (`""`, `"../"`, …), ending in `/` when not empty.
    public var root: String

    /// The registry history page and its Atom feed, when the site has a registry.
    public var historyURL: String?
    public var feedURL: String?

    public init(
        site: SiteInfo, title: String, body: String, root: String, historyURL: String? = nil, feedURL: String? = nil
    ) {
        self.site = site
        self.title = title
        self.body = body
        self.root = root
        self.historyURL = historyURL
        self.feedURL = feedURL
    }
}

// Mustache looks names up through `child(named:)` instead of reflecting over the struct with
// `Mirror` (which was a tenth of the site build: the layout wraps every page).
extension PageContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "title": title
        case "body": body
        case "root": root
        case "historyURL": historyURL
        case "feedURL": feedURL
        default: nil
        }
    }
}

extension PageContext.SiteInfo: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "description": description
        case "cgiURL": cgiURL
        default: nil
        }
    }
}
