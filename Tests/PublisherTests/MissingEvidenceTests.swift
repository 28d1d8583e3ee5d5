import Foundation
import Testing

@testable import Publisher

@Suite struct MissingEvidenceTests {
    @Test func versionsWithoutReportsStillGetPages() throws {
        let copy = try CopiedRepository(linkArtifacts: false)
        defer { copy.remove() }
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        let card = try site.read("public/endpoints/income_classifier/random_forest/1.0.0/index.html")
        #expect(
            card.contains(
                "No evaluation report was found for this version: <code>modelpress evaluate "
                    + "income_classifier/random_forest@1.0.0</code> writes it"))
        #expect(!card.contains("<svg"))
        let page = try site.read("public/endpoints/income_classifier/index.html")
        #expect(page.contains("<td>random_forest</td><td>—</td><td>—</td>"))
        #expect(!page.contains("id=\"comparison\""))
    }

    /// A version tested on rows split from its training file lists that file's hash line once in
    /// Reproducibility (`sha256sum -c` would check it twice); one with a test file lists both.
    @Test func reproducibilityListsEachFileOnce() throws {
        let copy = try CopiedRepository()
        defer { copy.remove() }
        let site = try SiteFixture()
        defer { site.remove() }
        try Publisher(siteFolder: site.root, root: copy.root).publish()
        func hashLines(_ card: String) throws -> [Substring] {
            let block = try #require(card.components(separatedBy: "<h2 id=\"reproducibility\">").last)
            return block.split(separator: "\n").filter { $0.firstMatch(of: #/^[0-9a-f]{64}  /#) != nil }
        }
        let split = try hashLines(site.read("public/endpoints/penguin_species/random_forest/1.0.0/index.html"))
        #expect(split.count == 2, "\(split)")
        #expect(split.first?.hasSuffix("  research/data/penguins/penguins.csv") == true)
        let tested = try hashLines(site.read("public/endpoints/income_classifier/random_forest/1.0.0/index.html"))
        #expect(tested.count == 3, "\(tested)")
    }

    @Test func aBrokenReportNamesItsFile() throws {
        let copy = try CopiedRepository(linkArtifacts: false)
        defer { copy.remove() }
        let folder = copy.root.appendingPathComponent("research/artifacts/income_classifier/extra_trees/1.0.0")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{\"schema_version\": 1".utf8).write(to: folder.appendingPathComponent("evaluation.json"))
        let site = try SiteFixture()
        defer { site.remove() }
        let error = try #require(throws: PublishingError.self) {
            try Publisher(siteFolder: site.root, root: copy.root).publish()
        }
        #expect(
            error.description.hasPrefix("[read evaluations] \(folder.path)/evaluation.json: not an evaluation report"))
        guard case .invalidData = error.reason else {
            Issue.record("a broken report is a data error, got \(error.reason)")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public").path))
    }

    /// A training.json that exists but cannot be read (here a folder in its place) fails the
    /// build naming it, rather than leaving the training time out silently.
    @Test func anUnreadableTrainingRecordNamesItsFile() throws {
        let copy = try CopiedRepository(linkArtifacts: false)
        defer { copy.remove() }
        let folder = copy.root.appendingPathComponent("research/artifacts/income_classifier/extra_trees/1.0.0")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("training.json"), withIntermediateDirectories: true)
        let site = try SiteFixture()
        defer { site.remove() }
        let error = try #require(throws: PublishingError.self) {
            try Publisher(siteFolder: site.root, root: copy.root).publish()
        }
        #expect(
            error.description
                == "[read evaluations] \(folder.path)/training.json: file is missing or unreadable")
    }
}
