/// sitemap.xml (sitemaps.org 0.9): every HTML page but the 404, by absolute URL, sorted.
enum Sitemap {
    /// nil when base_url has no host: a sitemap needs absolute URLs.
    static func xml(pages: [String], config: SiteConfig) -> String? {
        guard let base = config.absoluteBase else { return nil }
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted() where page.hasSuffix(".html") && page != "404.html" {
            let path = page == "index.html" ? "" : page.hasSuffix("/index.html") ? String(page.dropLast(10)) : page
            out += "<url><loc>\(HTML.escape(base + path))</loc></url>\n"
        }
        return out + "</urlset>\n"
    }
}
