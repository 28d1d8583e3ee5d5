import Foundation

extension PublishingStep {
    /// history.html (every registry event, newest first), feed.xml and 404.html.
    static let renderHistory = PublishingStep(name: "render history", timing: .alongside) { context in
        if let state = context.registry {
            context.files[SitePaths.history] = try context.renderedPage(
                SitePaths.history, title: "History", template: "history",
                values: templateValues([
                    "timeline": EndpointPage.timeline(state.events, in: state, context: context, showEndpoint: true)
                ]))
            context.files[SitePaths.feed] = Data(AtomFeed(state: state, context: context).xml.utf8)
        }
        context.files["404.html"] = try context.renderedPage(
            "404.html", title: "Page not found", template: "404", values: [:])
    }

    /// sitemap.xml over the pages built so far, when base_url is a full URL.
    static let writeSitemap = PublishingStep(name: "write sitemap", timing: .afterEveryPage) { context in
        if let xml = Sitemap.xml(pages: Array(context.files.keys), config: context.config) {
            context.files["sitemap.xml"] = Data(xml.utf8)
        }
    }
}
