import Foundation

extension PublishingStep {
    /// history.html (every registry event, newest first), feed.xml and 404.html.
    static let renderHistory = PublishingStep(name: "render history", timing: .alongside) { context in
        if let state = context.registry {
            var body = "<h1>History</h1>\n<p>Every change to the registry, newest first; also as an "
            body += "\(context.link(SitePaths.feed, "Atom feed")).</p>\n"
            body += EndpointPage.timeline(state.events, context: context, showEndpoint: true)
            try context.addPage(SitePaths.history, title: "History", body: body)
            context.files[SitePaths.feed] = Data(AtomFeed(state: state, context: context).xml.utf8)
        }
        var missing = "<h1>Page not found</h1>\n<p>There is no page at this address. Start again from the "
        missing += "\(context.link("", "list of endpoints"))"
        if context.registry != nil { missing += " or the \(context.link(SitePaths.history, "history"))" }
        try context.addPage("404.html", title: "Page not found", body: missing + ".</p>\n")
    }

    /// sitemap.xml over the pages built so far, when base_url is a full URL.
    static let writeSitemap = PublishingStep(name: "write sitemap", timing: .afterEveryPage) { context in
        if let xml = Sitemap.xml(pages: Array(context.files.keys), config: context.config) {
            context.files["sitemap.xml"] = Data(xml.utf8)
        }
    }
}
