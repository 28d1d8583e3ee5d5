import Foundation
import Models
import Testing

@testable import Publisher

/// Properties of the whole generated site: deterministic, under its base path, escaped.
@Suite struct SiteInvariantsTests {
    /// Every file of a published site, by path.
    static func contents(of folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let walker = try #require(FileManager.default.enumerator(atPath: folder.path))
        for case let path as String in walker {
            var isDirectory: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[path] = try Data(contentsOf: url)
            }
        }
        return out
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let first = try RepositorySite()
        defer { first.site.remove() }
        let second = try RepositorySite()
        defer { second.site.remove() }
        let a = try Self.contents(of: first.summary.outputFolder)
        let b = try Self.contents(of: second.summary.outputFolder)
        #expect(a.count > 10)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, data) in a { #expect(b[path] == data, "\(path) differs between builds") }
    }

    @Test func manifestHashesEveryOtherFile() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let files = try Self.contents(of: built.summary.outputFolder)
        let manifest = String(decoding: try #require(files["SHA256SUMS"]), as: UTF8.self)
        let lines = manifest.split(separator: "\n")
        #expect(lines.count == files.count - 1)
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 1)
            let path = String(parts[1].dropFirst())
            let data = try #require(files[path], "manifest names a missing file \(path)")
            #expect(String(parts[0]) == Digest.sha256(data), "\(path) hash differs")
        }
    }

    @Test func everyInternalLinkStartsWithTheBasePath() throws {
        let built = try RepositorySite()
        defer { built.site.remove() }
        let files = try Self.contents(of: built.summary.outputFolder)
        var checked = 0
        for (path, data) in files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            for attribute in ["href", "src", "action"] {
                for chunk in html.components(separatedBy: " \(attribute)=\"").dropFirst() {
                    let target = String(chunk.prefix { $0 != "\"" })
                    checked += 1
                    let fine =
                        target.hasPrefix("/models/") || target.hasPrefix("#") || target.hasPrefix("https://")
                        || target.hasPrefix("/cgi-bin/predict.cgi/")
                    #expect(fine, "\(path): \(attribute)=\"\(target)\" is outside /models/")
                    if target.hasPrefix("/models/") {
                        let file = String(target.dropFirst("/models/".count).prefix { $0 != "#" })
                        let resolved = file.isEmpty || file.hasSuffix("/") ? file + "index.html" : file
                        #expect(files[resolved] != nil, "\(path): link to \(target) has no page")
                    }
                }
            }
        }
        #expect(checked > 50)
    }

    @Test func authoredAndRecordedTextIsEscaped() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("modelpress-hostile-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let repository = RepositorySite.repository
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("research/cards/income_classifier"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repository.appendingPathComponent("research/registry"),
            to: root.appendingPathComponent("research/registry"))
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("research/artifacts"),
            withDestinationURL: repository.appendingPathComponent("research/artifacts"))
        // A migrated event (its id is its number, not a digest of its content), so the edit stands.
        let events = root.appendingPathComponent("research/registry/events/20261122T044337Z-5.json")
        let log = try String(contentsOf: events, encoding: .utf8)
        try Data(
            log.replacingOccurrences(
                of: "reviewed evaluation report and slices", with: "<script>alert(1)</script> & \\\"q\\\""
            ).utf8
        ).write(to: events)
        try Data(
            "---\nlicense: <b>MIT</b>\nlimitations:\n  - <img src=x onerror=alert(1)>\n---\n<script>bad()</script>\n"
                .utf8
        ).write(to: root.appendingPathComponent("research/cards/income_classifier/random_forest.md"))
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: root).publish()
        let card = try site.read("public/endpoints/income_classifier/random_forest/1.0.0/index.html")
        #expect(card.contains("<dd>&lt;b&gt;MIT&lt;/b&gt;</dd>"))
        #expect(card.contains("<li>&lt;img src=x onerror=alert(1)&gt;</li>"))
        #expect(card.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"))
        for page in ["endpoints/income_classifier/index.html", "history.html", "feed.xml"] {
            let text = try site.read("public/\(page)")
            #expect(!text.contains("<script"), "\(page) lets a script through")
            #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page) lost the note")
        }
        #expect(!card.contains("<script") && !card.contains("<img"))
    }
}
