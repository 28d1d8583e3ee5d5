import Foundation
import Testing

@testable import Publisher

/// The published folder is replaced in one step: at every moment a process could be killed,
/// the output folder is there with a whole site, old or new.
@Suite struct FolderSwapTests {
    /// A scratch folder with `old/index.html` ("old") and `new/index.html` ("new").
    static func folders() throws -> (root: URL, place: URL, new: URL, aside: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("modelpress-swap-\(UUID())")
        for (name, text) in [("public", "old"), (".public.new", "new")] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: folder.appendingPathComponent("index.html"))
        }
        return (
            root, root.appendingPathComponent("public"), root.appendingPathComponent(".public.new"),
            root.appendingPathComponent(".public.old")
        )
    }

    static func index(_ place: URL) -> String? {
        FileManager.default.contents(atPath: place.appendingPathComponent("index.html").path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    @Test func killedAfterAnyStepTheOutputIsThere() throws {
        let (root, place, new, aside) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        var seen: [String: String?] = [:]
        let method = try FolderSwap.replace(place, with: new, aside: aside) { step in seen[step] = Self.index(place) }
        #expect(method == .exchanged)
        #expect(seen == ["exchanged": "new", "removed the old folder": "new"])
        #expect(Self.index(place) == "new")
        #expect(!FileManager.default.fileExists(atPath: new.path))
    }

    @Test func theFallbackHasTheDocumentedMomentWithoutTheOutput() throws {
        let (root, place, new, aside) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        var seen: [String: String?] = [:]
        let method = try FolderSwap.replace(place, with: new, aside: aside, exchanging: false) { step in
            seen[step] = Self.index(place)
        }
        #expect(method == .twoRenames)
        #expect(seen["moved the old folder aside"] == .some(nil))
        #expect(Self.index(place) == "new")
    }

    @Test func aFirstPublishRenames() throws {
        let (root, place, new, aside) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: place)
        #expect(try FolderSwap.replace(place, with: new, aside: aside) == .renamed)
        #expect(Self.index(place) == "new")
    }

    /// A reader polling index.html while the site is published again and again never finds it
    /// missing (with two renames it did in about a third of the publishes).
    @Test func aReaderNeverFindsTheIndexMissing() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let publisher = Publisher(siteFolder: site.root)
        try publisher.publish()
        let index = site.root.appendingPathComponent("public/index.html").path
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var reads = 0
            var missing = 0
            var done = false
        }
        let tally = Tally()
        let reader = Thread {
            while !tally.lock.withLock({ tally.done }) {
                let found = FileManager.default.contents(atPath: index) != nil
                tally.lock.withLock {
                    tally.reads += 1
                    if !found { tally.missing += 1 }
                }
            }
        }
        reader.start()
        for _ in 0..<40 { try publisher.publish() }
        tally.lock.withLock { tally.done = true }
        while !reader.isFinished { usleep(1000) }
        #expect(tally.reads > 100)
        #expect(tally.missing == 0)
    }
}
