import Foundation
import Pipelines
import Testing

@Suite struct PipelineTextTests {
    static let committed = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("research/pipelines/income_random_forest.toml")

    /// A pipeline saved on Windows (a byte order mark, CRLF) reads as the committed one.
    @Test func aPipelineSavedOnWindowsReads() throws {
        let text = try String(contentsOf: Self.committed, encoding: .utf8)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID()).toml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")).utf8).write(to: file)
        let windows = try Pipeline(contentsOf: file)
        let linux = try Pipeline(contentsOf: Self.committed)
        #expect(windows.endpoint == linux.endpoint && windows.model == linux.model && windows.version == linux.version)
        #expect(windows.algorithm == linux.algorithm && windows.seed == linux.seed)
        #expect(windows.data == linux.data)
        #expect(windows.hyperparameters == linux.hyperparameters && !linux.hyperparameters.isEmpty)
    }
}
