import Foundation
import Testing

/// modelpress installed by copying one file: the default theme travels inside the executable.
@Suite struct StandaloneBinaryTests {
    /// The built `modelpress` (the release one when `MODELPRESS_BUILD_DIR` names it, as
    /// scripts/deploy-test does) copied alone into an empty folder publishes a site from there.
    @Test func aCopiedBinaryPublishesWithItsTheme() throws {
        let folder = try TemporaryFolder("modelpress-alone")
        defer { folder.remove() }
        let binary = folder.url.appendingPathComponent("modelpress")
        try FileManager.default.copyItem(at: Executables.modelpress, to: binary)
        let site = folder.url.appendingPathComponent("site")
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent("pages"), withIntermediateDirectories: true)
        try Data("title = \"Alone\"\n".utf8).write(to: site.appendingPathComponent("site.toml"))
        try Data("# Hello\n".utf8).write(to: site.appendingPathComponent("pages/index.md"))
        let published = try run(binary, ["publish", "--site", "site"], environment: [:], in: folder.url)
        #expect(published.status == 0, "\(published.errorOutput)")
        let index = try String(contentsOf: site.appendingPathComponent("public/index.html"), encoding: .utf8)
        #expect(index.contains("<title>Hello · Alone</title>"))
        let css = try String(contentsOf: site.appendingPathComponent("public/assets/style.css"), encoding: .utf8)
        #expect(css.contains("prefers-color-scheme: dark"))
        let ejected = try run(binary, ["theme", "eject", "layout", "--site", "site"], environment: [:], in: folder.url)
        #expect(ejected.status == 0, "\(ejected.errorOutput)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("templates/layout.mustache").path))
    }

    /// A debug build finds a bundle at the absolute path it was built at, so copying it proves
    /// little on this machine: the theme's module must not ask for a bundle at all.
    @Test func theExecutableNamesNoResourceBundleOfTheTheme() throws {
        let bytes = try Data(contentsOf: Executables.modelpress)
        #expect(bytes.range(of: Data("_Templates.resources".utf8)) == nil)
    }
}
