import Foundation
import Testing

@testable import Templates

@Suite struct ThemeTests {
    let site = PageContext.SiteInfo(title: "Site & Co", description: "d", cgiURL: "/cgi/")

    @Test func defaultThemeHasLayoutAndCSS() throws {
        let theme = try Theme()
        #expect(theme.library.getTemplate(named: "layout") != nil)
        let css = try #require(theme.assets["style.css"])
        #expect(String(decoding: css, as: UTF8.self).contains("prefers-color-scheme: dark"))
    }

    @Test func escapesEverythingButTheBody() throws {
        let page = PageContext(site: site, title: "<T>", body: "<p>kept</p>", root: "/")
        let html = try Theme().render(page, template: "layout")
        #expect(html.contains("<title>&lt;T&gt; · Site &amp; Co</title>"))
        #expect(html.contains("<p>kept</p>"))
        #expect(html.contains("href=\"/cgi/health\""))
    }

    @Test func overrideFolderWins() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{{title}}!".utf8).write(to: folder.appendingPathComponent("layout.mustache"))
        try Data("body{}".utf8).write(to: folder.appendingPathComponent("style.css"))
        let theme = try Theme(overrides: folder)
        #expect(try theme.render(PageContext(site: site, title: "x", body: "", root: "/"), template: "layout") == "x!")
        #expect(theme.assets["style.css"] == Data("body{}".utf8))
    }

    @Test func brokenOverrideNamesTheTemplate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{{#open}}".utf8).write(to: folder.appendingPathComponent("layout.mustache"))
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(error.description.hasPrefix("template 'layout.mustache' does not parse"))
    }
}

@Suite struct LayoutNavigationTests {
    let site = PageContext.SiteInfo(title: "S", description: "", cgiURL: "/cgi/")

    @Test func registrySitesLinkHistoryAndFeed() throws {
        let page = PageContext(
            site: site, title: "t", body: "", root: "/m/", historyURL: "/m/history.html", feedURL: "/m/feed.xml")
        let html = try Theme().render(page, template: "layout")
        #expect(html.contains("<a href=\"/m/history.html\">History</a>"))
        #expect(html.contains("type=\"application/atom+xml\" title=\"Registry history\" href=\"/m/feed.xml\""))
    }

    @Test func pagesOnlySitesHaveNoHistoryLinks() throws {
        let html = try Theme().render(PageContext(site: site, title: "t", body: "", root: "/"), template: "layout")
        #expect(!html.contains("History"))
        #expect(!html.contains("feed.xml"))
    }
}
