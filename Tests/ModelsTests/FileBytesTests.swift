import Basics
import Foundation
import Parallelism
import Scoring
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `FileBytes.read`: a large file read in parts on several threads is the file, as one read
/// gives it; a small file, a pipe (no size known) and a missing file are read as before.
@Suite struct FileBytesTests {
    static func parallel(_ count: Int, _ body: (Int) -> Bool) -> [Bool] { Parallel.map(count: count, threads: 3, body) }

    @Test func aLargeFileReadInPartsIsTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("filebytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: 4)
        for size in [0, 100, 2 * FileBytes.partBytes, 3 * FileBytes.partBytes + 12_345] {
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let file = folder.appendingPathComponent("\(size).bin")
            try Data(bytes).write(to: file)
            #expect(FileBytes.read(file.path, partsOn: Self.parallel) == bytes, "\(size) bytes in parts")
            #expect(FileBytes.read(file.path) == bytes, "\(size) bytes in one piece")
            // A map that runs no part, or leaves one unread, does not pass for a file read.
            #expect(FileBytes.read(file.path, partsOn: { _, _ in [] }) == bytes, "\(size) bytes, no parts")
            #expect(
                FileBytes.read(file.path, partsOn: { count, body in (0..<count).map { $0 == 0 ? false : body($0) } })
                    == bytes, "\(size) bytes, a part short")
        }
        #expect(FileBytes.read(folder.appendingPathComponent("none.bin").path, partsOn: Self.parallel) == nil)
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
        #expect(FileBytes.read(fifo.path, partsOn: Self.parallel) == text)
    }
}
