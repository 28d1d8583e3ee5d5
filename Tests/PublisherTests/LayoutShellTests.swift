import Foundation
import Templates
import Testing

@testable import Publisher

/// A page from the layout rendered once per build is the page the template renders, for every
/// way a layout can use the title and the body.
@Suite struct LayoutShellTests {
    static let layouts = [
        "<title>{{title}}</title><main>{{{body}}}</main>",
        "<title>{{{title}}}</title>{{{body}}}",
        "{{uppercased(title)}}|{{title}}{{{body}}}",
        "{{#title}}[{{.}}]{{/title}}{{{body}}}",
        "{{reversed(title)}}{{{body}}}",
        "<pre>{{body}}</pre>{{title}}",
        "{{{body}}}{{{body}}}{{title}}{{title}}",
        "{{%CONTENT_TYPE: TEXT}}{{title}}{{body}}",
        "no title, no body",
    ]
    static let pages = [
        ("Tom & Jerry's <page>", "<p>Hi.</p>\n"),
        ("Plain", "<h1>Body & <em>more</em></h1>\n"),
        ("Café \"au lait\"", "<p>é</p>"),
        ("e\u{301}'\u{301} accent on a quote", "<p>x</p>"),
        ("", "<p>no title</p>"),
        ("No body", ""),
    ]

    @Test(arguments: layouts)
    func pagesMatchTheTemplate(layout: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modelpress-layout-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(layout.utf8).write(to: folder.appendingPathComponent("layout.mustache"))
        let site = URL(fileURLWithPath: "/nonexistent-site")
        let context = BuildContext(
            siteFolder: site, outputFolder: site.appendingPathComponent("public"), root: site,
            config: SiteConfig(title: "S & T", description: "d", baseURL: "/models/", cgiURL: "/cgi-bin/predict.cgi/"),
            theme: try Theme(overrides: folder))
        for (title, body) in Self.pages {
            let expected = try context.theme.render(context.pageContext(title: title, body: body), template: "layout")
            let page = try context.renderedPage("page.html", title: title, body: body)
            #expect(String(decoding: page, as: UTF8.self) == expected, "\(title)")
        }
    }

    /// The shell is used where it can be (so the comparison above is not against the template
    /// itself), and not for layouts that transform the title or escape the body.
    @Test func theShellIsUsedOnlyForPlainUses() throws {
        func shell(_ layout: String) -> LayoutShell? {
            LayoutShell { title, body in
                layout.replacingOccurrences(of: "{{{title}}}", with: title).replacingOccurrences(
                    of: "{{{body}}}", with: body)
            }
        }
        #expect(shell("<title>{{{title}}}</title>{{{body}}}")?.pieces.count == 4)
        #expect(shell("{{{body}}}{{{body}}}")?.pieces == [.body, .body])
        #expect(LayoutShell { title, body in title.uppercased() + body } == nil)
        #expect(LayoutShell { title, body in "\(title.count)" + body } == nil)
        #expect(LayoutShell { title, body in title + HTML.escape(body) } == nil)
    }
}
