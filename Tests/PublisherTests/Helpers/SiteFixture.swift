import Foundation

/// A throw-away site folder with a config and pages.
struct SiteFixture {
    let root: URL

    init(
        config: String = "title = \"Test site\"\n", pages: [String: String] = ["index.md": "# Home\n\nHello.\n"]
    ) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("modelpress-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("pages"), withIntermediateDirectories: true)
        try write("site.toml", config)
        for (name, text) in pages { try write("pages/\(name)", text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
