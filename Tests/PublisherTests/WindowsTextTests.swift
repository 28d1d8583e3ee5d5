import Basics
import Foundation
import Testing

@testable import Publisher

/// Site settings, pages and cards saved on Windows (a byte order mark, CRLF line ends) publish
/// as the same files saved on Linux.
@Suite struct WindowsTextTests {
    static func windows(_ text: String) -> String { "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") }

    @Test func siteSettingsAndPagesReadAsOnLinux() throws {
        let config = "title = \"Field site\"\nbase_url = \"/models/\"\n"
        let page = "# Home\n\nHello *there*.\n\n```\ncode\nblock\n```\n"
        var published: [String] = []
        for convert in [{ $0 }, Self.windows] as [(String) -> String] {
            let site = try SiteFixture(config: convert(config), pages: ["index.md": convert(page)])
            defer { site.remove() }
            try Publisher(siteFolder: site.root, root: RepositorySite.repository).publish()
            published.append(try site.read("public/index.html"))
        }
        #expect(published[0].contains("Field site") && published[0].contains("<pre><code>code\nblock\n</code></pre>"))
        #expect(published[0] == published[1])
    }

    @Test func aCardReadsAsOnLinux() throws {
        let card = "---\nowners:\n  - research team\nlicense: CC0\n---\n\n# Card\n\nProse.\n"
        var read: [CardDocument?] = []
        for convert in [{ $0 }, Self.windows] as [(String) -> String] {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("card-\(UUID())")
            defer { try? FileManager.default.removeItem(at: root) }
            let file = root.appendingPathComponent(RepositoryLayout.card(endpoint: "e", model: "m"))
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(convert(card).utf8).write(to: file)
            read.append(try PublishingStep.readCard(endpoint: "e", model: "m", root: root))
        }
        #expect(read[0]?.owners == ["research team"] && read[0]?.license == "CC0")
        #expect(read[0] == read[1])
    }
}
