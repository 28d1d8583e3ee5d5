import Foundation
import Testing

@testable import Templates

extension ThemeError.Reason {
    /// Whether this is `.unknownName` of `name` in `template` with `nearest`, whatever pages.
    func isUnknownName(_ name: String, template: String, nearest: String?) -> Bool {
        guard case .unknownName(let found, let foundTemplate, _, let foundNearest) = self else { return false }
        return found == name && foundTemplate == template && foundNearest == nearest
    }
}

/// Each override is checked against the names its own template is given, inheritance's blocks
/// and parents are understood, and a group of names never renders as text (trial25 #3, #4).
@Suite struct ThemeNameTests {
    /// A folder of overrides: path under it → text.
    func overrides(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("theme-names-\(UUID().uuidString)")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    /// `{{abTests}}` is a name of `endpoint`, not of `404`, which gets only the common names;
    /// `site.cgiURL` is the layout's. A partial of one's own is given its includer's names.
    @Test func aNameAnotherTemplateIsGivenIsRefused() throws {
        for (text, name, column) in [
            ("<a href=\"{{abTests}}\">home</a>", "abTests", 10), ("<p>{{site.cgiURL}}</p>", "site", 4),
        ] {
            let folder = try overrides(["404.mustache": text])
            defer { try? FileManager.default.removeItem(at: folder) }
            let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
            #expect(
                error.reason.isUnknownName(name, template: "404", nearest: nil)
                    || error.reason.isUnknownName(name, template: "404", nearest: "root"), "\(error)")
            #expect(
                error.description.hasPrefix(
                    folder.path + "/404.mustache:1:\(column): '\(name)' is no name 404 is given, "),
                "\(error)")
        }
        let fine = try overrides(["404.mustache": "<a href=\"{{root}}\">home</a>{{cgiURL}}{{#feedURL}}f{{/feedURL}}"])
        defer { try? FileManager.default.removeItem(at: fine) }
        _ = try Theme(overrides: fine)

        let own = try overrides([
            "404.mustache": "{{>partials/mine}}", "partials/mine.mustache": "{{root}}\n{{status}}",
        ])
        defer { try? FileManager.default.removeItem(at: own) }
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: own) }
        #expect(
            error.description.hasPrefix(
                own.path
                    + "/partials/mine.mustache:2:1: 'status' is no name partials/mine is given (it is rendered in 404)"),
            "\(error)")
    }

    /// `{{<parent}}{{$block}}…{{/block}}{{/parent}}`, as docs/templates.md lists it: block names
    /// are no variables, a parent under `partials/` closes like any section, and a block the
    /// parent does not have is refused.
    @Test func inheritanceWorksInOverrides() throws {
        for parent in ["frame", "partials/frame"] {
            let folder = try overrides([
                "\(parent).mustache": "<div>{{$content}}default{{/content}}</div>",
                "404.mustache": "{{<\(parent)}}{{$content}}<h1>Lost</h1>{{/content}}{{/\(parent)}}",
            ])
            defer { try? FileManager.default.removeItem(at: folder) }
            let theme = try Theme(overrides: folder)
            #expect(try theme.render(["root": "/"], template: "404") == "<div><h1>Lost</h1></div>", "\(parent)")

            try Data("{{<\(parent)}}{{$contnet}}<h1>Lost</h1>{{/contnet}}{{/\(parent)}}".utf8).write(
                to: folder.appendingPathComponent("404.mustache"))
            let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
            #expect(
                error.reason == .unknownBlock("contnet", parent: parent, blocks: ["content"], nearest: "content"),
                "\(error)")
            #expect(error.description.hasPrefix(folder.path + "/404.mustache:1:\(parent.count + 6): "), "\(error)")
            #expect(error.description.contains("did you mean 'content'?"), "\(error)")
        }
    }

    /// A template that sets other delimiters is checked with them (it slipped past: `<%rot%>`).
    @Test func setDelimitersAreFollowed() throws {
        let folder = try overrides(["404.mustache": "{{=<% %>=}}\n<a href=\"<%rot%>\"><%={{ }}=%>{{root}}"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: ThemeError.self) { try Theme(overrides: folder) }
        #expect(error.reason.isUnknownName("rot", template: "404", nearest: "root"), "\(error)")
        #expect(error.description.hasPrefix(folder.path + "/404.mustache:2:10: "), "\(error)")
        #expect(
            TemplateTag.all(in: "{{=<% %>=}}<%#a%><%/a%><%={{ }}=%>{{b}}").map(\.name) == ["<%", "a", "a", "{{", "b"])
    }

    /// A group of names or a list in a variable tag of an override would print Swift's
    /// description (`["since": …]` on the endpoint page): refused with its place, in partials
    /// and sections alike; text, numbers and a section over the group pass.
    @Test func aGroupOfNamesIsNeverRenderedAsText() throws {
        let folder = try overrides(["partials/badge.mustache": "<span>{{status}}</span>"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let badge = folder.appendingPathComponent("partials/badge.mustache")
        let context: [String: Any] = [
            "status": "production", "production": ["name": "gbt@1.0.0", "since": ["when": "today"]],
            "versions": [["name": "a"], ["name": "b"]],
        ]
        for (text, name, kind, column) in [
            ("<span>{{production}}</span>", "production", "a group of names", 7),
            ("{{status}}\n{{{production.since}}}", "production.since", "a group of names", 1),
            ("{{#production}} {{&since}}{{/production}}", "since", "a group of names", 17),
            ("{{#versions}}{{name}}{{/versions}}{{versions}}", "versions", "a list", 35),
            ("{{#production}}{{.}}{{/production}}", ".", "a group of names", 16),
        ] {
            try Data(text.utf8).write(to: badge)
            let theme = try Theme(overrides: folder)
            let error = try #require(throws: ThemeError.self) { try theme.render(context, template: "partials/badge") }
            #expect(error.reason == .notText(name, kind: kind), "\(text)")
            let line = text.contains("\n") ? 2 : 1
            #expect(
                error.description.hasPrefix(
                    badge.path + ":\(line):\(column): '\(name)' is \(kind) on this page, not text"), "\(error)")
        }
        try Data(
            "{{status}} {{production.name}}{{#production}}{{name}}{{#since}}{{when}}{{/since}}{{/production}}".utf8
        )
        .write(to: badge)
        #expect(
            try Theme(overrides: folder).render(context, template: "partials/badge")
                == "production gbt@1.0.0gbt@1.0.0today")
        // A default template that includes the override is walked through with its own contexts.
        try Data("{{production}}".utf8).write(to: badge)
        let page = PageContext(site: .init(title: "t", description: "", cgiURL: "/"), title: "t", body: "", root: "/")
        _ = try Theme(overrides: folder).render(page, template: "layout")
    }
}
