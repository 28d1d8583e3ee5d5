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

    /// The monitoring table marks a field no tree splits on on every row, drifted or not, and
    /// says what the mark means, as `modelpress monitor` does (trial23 #3).
    @Test func theMonitoringTableMarksUnusedFieldsOnEveryRow() throws {
        let row = { (name: String, unused: Bool, drifted: Bool) -> [String: Any] in
            ["name": name, "unused": unused, "drifted": drifted, "reasons": "ks", "judged": true]
        }
        let report: [String: Any] = [
            "version": "birds/stump@1.0.0", "anyUnused": true,
            "rows": [row("x", false, false), row("noise", true, true), row("colour", true, false)],
        ]
        let html = try Theme().render(["report": report], template: "partials/monitoring")
        #expect(html.contains("<th scope=\"row\">x</th>"), "\(html)")
        #expect(
            html.contains(
                "<th scope=\"row\">noise (unused)</th><td></td><td></td><td></td><td></td><td>drift (ks), not counted</td>"
            ),
            "\(html)")
        #expect(html.contains("<th scope=\"row\">colour (unused)</th>"), "\(html)")
        #expect(
            html.contains(
                "<p>(unused): no tree of birds/stump@1.0.0 splits on the field, so it cannot change a prediction: its "
                    + "drift is shown, never counted.</p>"), "\(html)")
        let used = try Theme().render(
            ["report": ["version": "v", "rows": [row("x", false, true)]]], template: "partials/monitoring")
        #expect(!used.contains("(unused)"), "\(used)")
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

    /// A template saved on Windows (a byte order mark, CRLF line ends) renders as the same
    /// template saved on Linux; one that is not UTF-8 is refused naming the file.
    @Test func overridesReadLikeEveryOtherTextFile() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0xEF, 0xBB, 0xBF] + Array("<h1>{{title}}</h1>\r\n<p>x</p>\r\n".utf8)).write(
            to: folder.appendingPathComponent("layout.mustache"))
        let page = PageContext(site: site, title: "T", body: "", root: "/")
        #expect(try Theme(overrides: folder).render(page, template: "layout") == "<h1>T</h1>\n<p>x</p>\n")
        try Data([0x3C, 0xFF, 0x3E]).write(to: folder.appendingPathComponent("layout.mustache"))
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(error.description.contains("layout.mustache"))
        #expect(error.description.contains("UTF-8"))
    }

    @Test func brokenOverrideNamesFileLineAndColumn() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<p>\n  {{#open}}\n".utf8).write(to: folder.appendingPathComponent("layout.mustache"))
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(error.file == folder.appendingPathComponent("layout.mustache").path)
        #expect(error.line != nil && error.column != nil)
        #expect(error.description.hasPrefix(folder.path + "/layout.mustache:"))
        #expect(error.description.contains("does not parse"))
    }

    @Test func unknownPartialNamesBothTemplates() throws {
        let folder = try scratchFolder(withPartials: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("x\n {{> partials/missing }}".utf8).write(to: folder.appendingPathComponent("partials/extra.mustache"))
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(error.reason == .unknownPartial("partials/missing", nearest: nil))
        #expect(error.description.hasPrefix(folder.path + "/partials/extra.mustache:2:2: "))
        #expect(error.description.contains("'partials/missing'"))
        try Data("{{>partials/bagde}}".utf8).write(to: folder.appendingPathComponent("partials/extra.mustache"))
        let slip = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(slip.reason == .unknownPartial("partials/bagde", nearest: "partials/badge"))
        #expect(slip.description.contains("did you mean 'partials/badge'?"))
    }

    /// A misspelt name would render as nothing on every page (trial24: `{{stauts}}` blanked every
    /// status badge and publish said nothing): refused with its place and the name it misspells;
    /// names the pages are given, dotted paths, `.`, comments and partials pass.
    @Test func aNameNoTemplateIsGivenIsRefused() throws {
        let folder = try scratchFolder(withPartials: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let badge = folder.appendingPathComponent("partials/badge.mustache")
        try Data("<b>{{status}}</b>{{! a comment }}{{#timeline.events}}{{when}}{{.}}{{/timeline.events}}".utf8)
            .write(to: badge)
        _ = try Theme(overrides: folder)
        try Data("<span>\n  <b>{{ stauts }}</b></span>".utf8).write(to: badge)
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(error.reason.isUnknownName("stauts", template: "partials/badge", nearest: "status"))
        #expect(
            error.description.hasPrefix(
                badge.path + ":2:6: 'stauts' is no name partials/badge is given (it is rendered in "))
        #expect(error.description.contains("did you mean 'status'?"))
        try Data("{{#timeline.evnets}}x{{/timeline.evnets}}".utf8).write(to: badge)
        let section = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(section.reason.isUnknownName("evnets", template: "partials/badge", nearest: "events"))
    }

    /// A partial that includes itself, directly or through another, would render until the
    /// stack runs out (publish crashed): the theme refuses it, naming the circle.
    @Test func partialsThatIncludeThemselvesAreRefused() throws {
        let folder = try scratchFolder(withPartials: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let badge = folder.appendingPathComponent("partials/badge.mustache")
        try Data("<span class=\"status\">{{>partials/badge}}</span>".utf8).write(to: badge)
        let itself = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(itself.reason == .partialCycle(["partials/badge", "partials/badge"]))
        #expect(itself.description.hasPrefix(badge.path + ":1:22: includes itself through partials"))

        try Data("{{#on}}{{>partials/echo}}{{/on}}".utf8).write(to: badge)
        try Data("x\n{{>partials/badge}}".utf8).write(to: folder.appendingPathComponent("partials/echo.mustache"))
        let through = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(through.reason == .partialCycle(["partials/echo", "partials/badge", "partials/echo"]))
        #expect(through.description.hasPrefix(folder.path + "/partials/echo.mustache:2:1: "))
    }

    @Test(arguments: [
        (
            "a\n{{#items}}\n  {{#tags}}x{{/tags}}\n", "card.mustache:2:1: ",
            "{{#items}} opened here is never closed; add {{/items}}"
        ),
        ("{{#sections}}\nx {{/section}}", "card.mustache:2:3: ", "{{/section}} closes {{#sections}}, opened at line 1"),
        ("x\n{{/nothing}}", "card.mustache:2:1: ", "{{/nothing}} closes a section that was never opened"),
        ("x {{#sections}\n", "card.mustache:", "a tag is not finished"),
    ])
    func parseErrorsSayWhichSectionAndWhere(text: String, place: String, message: String) throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(text.utf8).write(to: folder.appendingPathComponent("card.mustache"))
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(error.description.hasPrefix(folder.path + "/" + place), "\(error)")
        #expect(error.description.contains(message), "\(error)")
        #expect(!error.description.contains("expectedSectionEnd") && !error.description.contains("unfinishedName"))
    }

    /// The card's details say whether early stopping cut the rounds and on how many
    /// validation rows (trial25 #7); nothing without it.
    @Test func theCardSaysWhatEarlyStoppingDid() throws {
        let stopped: [String: Any] = [
            "earlyStopping": [
                "rounds": 61, "maxRounds": 500, "stopped": true, "validationRows": 24, "trainingRows": 240,
            ]
        ]
        let html = try Theme().render(stopped, template: "partials/card/details")
        #expect(
            html.contains(
                "<dt>Early stopping</dt><dd>stopped early: the first 61 of up to 500 rounds kept, chosen on 24 "
                    + "validation rows drawn from the 240 training rows (not the test rows)</dd>"), "\(html)")
        let ran: [String: Any] = [
            "earlyStopping": [
                "rounds": 20, "maxRounds": 20, "stopped": false, "validationRows": 80, "trainingRows": 800,
            ]
        ]
        #expect(
            try Theme().render(ran, template: "partials/card/details").contains(
                "<dd>all 20 rounds kept (the loss still improved), chosen on 80 validation rows"))
        #expect(!(try Theme().render([String: Any](), template: "partials/card/details")).contains("Early stopping"))
    }

    @Test func partialReferencesAreFoundWithTheirPlace() {
        let found = PartialReference.all(in: "a{{>one}}\n{{< two/x }}{{>*dynamic}}{{ > three}}")
        #expect(
            found == [
                PartialReference(name: "one", inherits: false, line: 1, column: 2),
                PartialReference(name: "two/x", inherits: true, line: 2, column: 1),
                PartialReference(name: "three", inherits: false, line: 2, column: 26),
            ])
    }

    @Test func overridesInSubfoldersReplaceTheirDefault() throws {
        let folder = try scratchFolder(withPartials: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("[{{.}}]".utf8).write(to: folder.appendingPathComponent("partials/extra.mustache"))
        try Data("{{#endpoints}}{{>partials/extra}}{{/endpoints}}".utf8).write(
            to: folder.appendingPathComponent("endpoint-list.mustache"))
        let theme = try Theme(overrides: folder)
        #expect(try theme.render(["endpoints": ["a", "b"]], template: "endpoint-list") == "[a][b]")
    }

    /// A misspelt override would silently leave the default in place: the theme refuses it,
    /// naming the file and the default it was most likely meant to replace.
    @Test(arguments: [
        ("crad.mustache", "card.mustache"), ("partials/badge.mustach", "partials/badge.mustache"),
        ("partials/bagde.mustache", "partials/badge.mustache"), ("Layout.mustache", "layout.mustache"),
        ("style.cs", "style.css"),
    ])
    func misspeltOverrideNamesTheFileAndTheNearestDefault(file: String, nearest: String) throws {
        let folder = try scratchFolder(withPartials: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<p>{{name}}</p>\n".utf8).write(to: folder.appendingPathComponent(file))
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(error.reason == .unused(nearest: nearest))
        #expect(error.description.hasPrefix(folder.appendingPathComponent(file).path + ": "))
        #expect(error.description.contains("did you mean \(nearest)?"))
    }

    /// A template nothing includes and no default is named like is refused without a guess;
    /// one that a template includes, and other files at the top (published as assets), are not.
    @Test func unusedOverridesAreRefusedAndIncludedOnesKept() throws {
        let folder = try scratchFolder(withPartials: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("logo".utf8).write(to: folder.appendingPathComponent("company-logo.png"))
        try Data("<p>ours</p>".utf8).write(to: folder.appendingPathComponent("partials/company-footer.mustache"))
        let unused = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(unused.reason == .unused(nearest: nil))
        #expect(unused.file.hasSuffix("partials/company-footer.mustache"))
        try Data("{{>partials/company-footer}}".utf8).write(to: folder.appendingPathComponent("404.mustache"))
        let theme = try Theme(overrides: folder)
        #expect(theme.assets["company-logo.png"] == Data("logo".utf8))
        #expect(try theme.render([String: Any](), template: "404") == "<p>ours</p>")
        try Data("notes".utf8).write(to: folder.appendingPathComponent("partials/notes.txt"))
        let stray = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(stray.file.hasSuffix("partials/notes.txt"))
    }

    @Test func ejectedFilesAreTheDefaultsAndRefuseToBeOverwritten() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try Theme.eject([], into: folder).written
        #expect(written == Theme.defaultFiles)
        #expect(written.contains("layout.mustache") && written.contains("style.css"))
        let page = PageContext(site: site, title: "<T>", body: "<p>b</p>", root: "/")
        #expect(
            try Theme(overrides: folder).render(page, template: "layout") == Theme().render(page, template: "layout"))
        let error = try #require(throws: ThemeError.self) { try Theme.eject(["layout"], into: folder) }
        #expect(error.reason == .exists)
        #expect(try Theme.eject(["layout"], into: folder, replacing: true).written == ["layout.mustache"])
        let unknown = try #require(throws: ThemeError.self) { try Theme.eject(["nope"], into: folder) }
        #expect(unknown.description.contains("layout.mustache"))
        // A slip names the default it misspells rather than listing all of them.
        let slip = try #require(throws: ThemeError.self) { try Theme.eject(["crad"], into: folder) }
        #expect(slip.description == "crad: the default theme has no such file; did you mean card?")
        let asset = try #require(throws: ThemeError.self) { try Theme.eject(["style.cs"], into: folder) }
        #expect(asset.reason == .noDefault(available: Theme.defaultFiles, nearest: "style.css"))
    }

    @Test func ejectingEverythingAgainAddsWhatIsMissingAndKeepsYourChanges() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Theme.eject(["card", "style.css"], into: folder)
        let card = folder.appendingPathComponent("card.mustache")
        try Data("my card\n".utf8).write(to: card)
        let ejected = try Theme.eject([], into: folder)
        #expect(ejected.kept == ["card.mustache", "style.css"])
        #expect(ejected.written == Theme.defaultFiles.filter { !ejected.kept.contains($0) })
        #expect(try String(contentsOf: card, encoding: .utf8) == "my card\n")
        #expect(try Theme.eject([], into: folder) == Theme.Ejected(written: [], kept: Theme.defaultFiles))
        let replaced = try Theme.eject([], into: folder, replacing: true)
        #expect(replaced.written == Theme.defaultFiles && replaced.kept.isEmpty)
        #expect(try String(contentsOf: card, encoding: .utf8) != "my card\n")
    }

    private func scratchFolder(withPartials: Bool = false) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("theme-\(UUID().uuidString)")
        let made = withPartials ? folder.appendingPathComponent("partials") : folder
        try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true)
        return folder
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
