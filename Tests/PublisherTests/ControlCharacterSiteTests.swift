import Basics
import Foundation
import Testing

@testable import Publisher

/// A registry written by hand (or by an older modelpress) with escape sequences and backspaces
/// in its actors and notes, and a page with them, still publish as valid HTML and XML: every
/// control character the formats forbid is replaced by U+FFFD.
@Suite struct ControlCharacterSiteTests {
    /// Whether `text` has a character HTML or XML forbids (controls but tab, LF and CR).
    static func hasForbidden(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value))
                || (0x7F...0x9F).contains(scalar.value)
        }
    }

    @Test func aHandWrittenRegistryPublishesWithoutControlCharacters() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let registry = copy.root.appendingPathComponent("research/registry")
        let files = FileManager.default.enumerator(atPath: registry.path)?.compactMap { $0 as? String } ?? []
        var edited = 0
        // An event named by its content's digest is refused once edited; the numbered ones of an
        // older registry are not, and are what a hand-written registry looks like.
        let digestNamed = #/-[0-9a-f]{16}\.json$/#
        for name in files
        where (name.hasSuffix(".json") || name.hasSuffix(".jsonl")) && !name.contains(digestNamed) {
            let url = registry.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            // Event files are indented (`"by" : "…"`); either spelling gets the characters.
            let hostile = text.replacingOccurrences(
                of: #"("by"\s*:\s*")"#, with: "$1\\\\u001b[31m", options: .regularExpression
            ).replacingOccurrences(of: #"("note"\s*:\s*")"#, with: "$1\\\\b\\\\u0085", options: .regularExpression)
            if hostile != text { edited += 1 }
            try Data(hostile.utf8).write(to: url)
        }
        #expect(edited > 0)
        let site = try SiteFixture(pages: ["index.md": "# Home\n\nA \u{1B}[1mbold\u{1B}[0m claim\u{08}.\n"])
        defer { site.remove() }
        let summary = try Publisher(siteFolder: site.root, root: copy.root).publish()
        let markup = summary.files.filter { $0.hasSuffix(".html") || $0.hasSuffix(".xml") || $0.hasSuffix(".svg") }
        #expect(markup.contains("feed.xml") && markup.contains("history.html"))
        for path in markup {
            let text = try site.read("public/\(path)")
            #expect(!Self.hasForbidden(text), "\(path) has a control character")
        }
        #expect(try site.read("public/history.html").contains("\u{FFFD}[31m"))
        #expect(try site.read("public/feed.xml").contains("<summary>\u{FFFD}\u{FFFD}"))
        #expect(try site.read("public/index.html").contains("\u{FFFD}[1mbold"))
    }
}
