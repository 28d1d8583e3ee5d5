import Basics
import Foundation
import Testing

@testable import Models

/// `DataText`: files of other bytes with the same text as modelpress reads it.
@Suite struct DataTextTests {
    @Test func lineEndsAndAByteOrderMarkAreTheSameTextAndAChangedFileSaysNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modelpress-text-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "x,y\n1,2\n3,\"a\nb\"\n"
        let files = [
            "lf.csv": Array(text.utf8), "crlf.csv": Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8),
            "bom.csv": TextFile.byteOrderMark + Array(text.utf8), "other.csv": Array("x,y\n1,3\n".utf8),
        ]
        var recorded: [String: TrainingRecord.DataFile] = [:]
        for (name, bytes) in files {
            try Data(bytes).write(to: folder.appendingPathComponent(name))
            recorded[name] = .init(path: name, sha256: Digest.sha256(bytes))
        }
        let texts = DataText(root: folder)
        let lf = try #require(recorded["lf.csv"]), crlf = try #require(recorded["crlf.csv"])
        #expect(lf.sha256 != crlf.sha256)
        #expect(texts.same(lf, crlf))
        #expect(texts.same(lf, try #require(recorded["bom.csv"])))
        #expect(!texts.same(lf, try #require(recorded["other.csv"])))
        #expect(texts.textSHA256(path: "lf.csv", sha256: lf.sha256) == Digest.sha256(Array(text.utf8)))
        // A file that no longer has the recorded bytes, or is gone, does not speak for the version.
        let changed = TrainingRecord.DataFile(path: "lf.csv", sha256: String(repeating: "0", count: 64))
        #expect(!DataText(root: folder).same(changed, crlf))
        let gone = TrainingRecord.DataFile(path: "gone.csv", sha256: crlf.sha256)
        #expect(DataText(root: folder).identity(path: gone.path, sha256: gone.sha256) == crlf.sha256)
        // The same bytes are the same file without reading anything.
        #expect(DataText(root: folder).same(gone, gone))
    }
}
