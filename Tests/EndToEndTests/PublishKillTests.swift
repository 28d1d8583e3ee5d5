import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `modelpress publish` killed (SIGKILL) at moments spread over its whole run, the end
/// included, never leaves the output without a whole site, and the next publish cleans up.
@Suite struct PublishKillTests {
    @Test func aKilledPublishLeavesTheOldSiteOrTheNew() throws {
        let folder = try TemporaryFolder("modelpress-publish-kill")
        defer { folder.remove() }
        let output = folder.url.appendingPathComponent("public")
        let arguments = ["publish", "--site", "site", "--out", output.path]
        let started = Date()
        let first = try run(Executables.modelpress, arguments, in: Executables.repositoryRoot)
        #expect(first.status == 0, "\(first.errorOutput)")
        let duration = Date().timeIntervalSince(started)
        let index = output.appendingPathComponent("index.html").path
        let rounds = 12
        var killed = 0
        for round in 0..<rounds {
            let process = Process()
            process.executableURL = Executables.modelpress
            process.arguments = arguments
            process.currentDirectoryURL = Executables.repositoryRoot
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // Spread over the run, most of it late, where the output is replaced.
            let fraction = 0.3 + 0.8 * Double(round) / Double(rounds)
            usleep(UInt32(duration * fraction * 1_000_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            #expect(FileManager.default.fileExists(atPath: index), "round \(round): no index.html")
        }
        #expect(killed > 0)
        let last = try run(Executables.modelpress, arguments, in: Executables.repositoryRoot)
        #expect(last.status == 0, "\(last.errorOutput)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        #expect(left == ["public"])
    }
}
