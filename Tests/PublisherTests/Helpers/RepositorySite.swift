import Foundation

@testable import Publisher

/// The repository's committed registry, published under the base path `/models/`.
struct RepositorySite {
    let site: SiteFixture
    let summary: Publisher.Summary

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    init(output: String = "public") throws {
        site = try SiteFixture(config: "title = \"Models\"\nbase_url = \"https://example.org/models/\"\n")
        summary = try Publisher(
            siteFolder: site.root, outputFolder: site.root.appendingPathComponent(output), root: Self.repository
        ).publish()
    }

    func page(_ path: String) throws -> String { try site.read("public/\(path)") }
}
