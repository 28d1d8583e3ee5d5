import Registry

/// The registry's history as an Atom feed (RFC 4287): one entry per event, newest first, each
/// with a stable id and `updated` set to the event's time, so rebuilding changes nothing.
struct AtomFeed {
    let state: RegistryState
    let context: BuildContext

    var xml: String {
        let events = state.events
        let updated = events.last.map { "\($0.at)" } ?? "1970-01-01T00:00:00Z"
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "<title>\(HTML.escape(context.config.title)): registry history</title>\n"
        out += "<id>\(HTML.escape(id(SitePaths.feed, key: "feed")))</id>\n<updated>\(updated)</updated>\n"
        out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(HTML.escape(absolute(SitePaths.feed)))\"/>\n"
        out += "<link rel=\"alternate\" type=\"text/html\" href=\"\(HTML.escape(absolute(SitePaths.history)))\"/>\n"
        out += "<generator>modelpress</generator>\n"
        for event in events.reversed() {
            let target = SitePaths.page(of: event)
            out += "<entry>\n<title>\(HTML.escape("\(event.endpoint): \(event.summary(in: state))"))</title>\n"
            out += "<id>\(HTML.escape(id("\(SitePaths.history)#event-\(event.id)", key: "event:\(event.id)")))</id>\n"
            out += "<updated>\(event.at)</updated>\n<author><name>\(HTML.escape(event.by))</name></author>\n"
            out += "<link rel=\"alternate\" type=\"text/html\" href=\"\(HTML.escape(absolute(target)))\"/>\n"
            out +=
                "<summary>\(HTML.escape(event.shownNote(in: state) ?? event.summary(in: state)))</summary>\n</entry>\n"
        }
        return out + "</feed>\n"
    }

    /// The page's URL, absolute when base_url names a host (a path from the host otherwise).
    private func absolute(_ path: String) -> String {
        context.config.absoluteBase.map { $0 + path } ?? context.url(path)
    }

    /// A permanent id: the page's absolute URL when the site has a host, else a URN made of the
    /// base path and `key` (`urn:modelpress:site:models:event:6`); an event keeps its id forever.
    private func id(_ path: String, key: String) -> String {
        if let base = context.config.absoluteBase { return base + path }
        let site = context.config.basePath.split(separator: "/").joined(separator: ":")
        return "urn:modelpress:site" + (site.isEmpty ? "" : ":" + site) + ":" + key
    }
}

extension SiteConfig {
    /// base_url when it is a full URL (`https://example.org/models/`), else nil.
    var absoluteBase: String? {
        baseURL.contains("://") ? baseURL : nil
    }
}
