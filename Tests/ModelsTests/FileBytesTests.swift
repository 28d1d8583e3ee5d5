import Basics
import Foundation
import Scoring
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `FileBytes.read`: a file is read whole, from empty to many times the size of one read; a pipe
/// (no size known) to its end; a missing file is nil.
@Suite struct FileBytesTests {
    @Test func aFileIsReadWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("filebytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: 4)
        for size in [0, 100, 3 << 20 + 12_345] {
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let file = folder.appendingPathComponent("\(size).bin")
            try Data(bytes).write(to: file)
            #expect(FileBytes.read(file.path) == bytes, "\(size) bytes")
        }
        #expect(FileBytes.read(folder.appendingPathComponent("none.bin").path) == nil)
    }

    @Test func aPipeIsReadToItsEnd() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("filebytes-\(UUID().uuidString).fifo")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(at: fifo) }
        let text = Array(String(repeating: "a,b,c\n1,2,3\n", count: 20_000).utf8)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: fifo.path) else { return }
            handle.write(Data(text))
            try? handle.close()
        }
        writer.start()
        #expect(FileBytes.read(fifo.path) == text)
    }
}
