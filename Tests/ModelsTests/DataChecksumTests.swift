import Foundation
import Testing

@testable import Models

@Suite struct DataChecksumTests {
    /// research/data/adult/, found from this file's place in the repository.
    static let adultFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("research/data/adult")

    @Test func adultFilesMatchTheirSums() throws {
        let sums = try Checksums(folder: Self.adultFolder)
        #expect(sums.expected.keys.sorted() == ["adult.data", "adult.names", "adult.test"])
        for name in ["adult.data", "adult.test", "adult.names"] {
            let digest = try sums.verify(Self.adultFolder.appendingPathComponent(name))
            #expect(digest == sums.expected[name])
        }
    }

    @Test func knownDigest() {
        #expect(Digest.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// A copy of the folder's sums beside files we control.
    func scratchFolder(files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sums-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    @Test func sumsSavedOnWindowsRead() throws {
        let abc = Digest.sha256(Data("abc".utf8))
        let sums = "\u{FEFF}\(abc)  data.csv\r\n\(abc) *copy.csv\r\n"
        let folder = try scratchFolder(files: ["SHA256SUMS": sums, "data.csv": "abc", "copy.csv": "abc"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let checksums = try Checksums(folder: folder)
        #expect(checksums.expected == ["data.csv": abc, "copy.csv": abc])
        #expect(try checksums.verify(folder.appendingPathComponent("data.csv")) == abc)
    }

    @Test func alteredFileIsNamed() throws {
        let abc = Digest.sha256(Data("abc".utf8))
        let folder = try scratchFolder(files: ["SHA256SUMS": "\(abc)  data.csv\n", "data.csv": "abd"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: DataFileError.self) {
            try Checksums(folder: folder).verify(folder.appendingPathComponent("data.csv"))
        }
        #expect(
            error.description.hasSuffix(
                "data.csv: file was altered: SHA-256 is \(Digest.sha256(Data("abd".utf8))), expected \(abc); if the "
                    + "change is a mistake, restore the file (`git checkout -- data.csv` in its folder); to train on "
                    + "new data, save it as a new file (such as data-2.csv), add it to SHA256SUMS (`sha256sum "
                    + "data-2.csv >> SHA256SUMS`) and point a new pipeline version at it: registered versions need "
                    + "the old bytes to be evaluated and verified"))
    }

    /// A file the sums list was committed once: its absence is a deletion, said with how to get
    /// it back from git (trial24 #9), not "check the path".
    @Test func aMissingFileTheSumsListIsNamedAsDeleted() throws {
        let abc = Digest.sha256(Data("abc".utf8))
        let folder = try scratchFolder(files: ["SHA256SUMS": "\(abc) *data.csv\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.csv")
        let error = try #require(throws: DataFileError.self) { try Checksums(folder: folder).verify(file) }
        let sums = folder.appendingPathComponent("SHA256SUMS").path
        #expect(error.reason == DataFileError.Reason.deleted(listedIn: sums))
        #expect(
            error.description
                == "\(file.path): no such file, though \(sums) lists it: it was deleted or moved (by `git rm`?); "
                + "`git log --oneline -- \(file.path)` shows the commits that touched it, the newest first (the one "
                + "that removed it), and `git checkout COMMIT~1 -- \(file.path)` brings it back from just before that "
                + "commit; registered versions need it to be evaluated and verified")
    }

    @Test func aMissingFileTheSumsDoNotListIsReportedAsMissing() throws {
        let folder = try scratchFolder(files: ["SHA256SUMS": "\(Digest.sha256(Data("abc".utf8)))  other.csv\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: DataFileError.self) {
            try Checksums(folder: folder).verify(folder.appendingPathComponent("typo.csv"))
        }
        #expect(error.reason == DataFileError.Reason.missing)
        #expect(error.description.contains("typo.csv: no such file"))
    }

    @Test func undeclaredFileAndBadSumsLine() throws {
        let folder = try scratchFolder(files: ["SHA256SUMS": "# sums\nnot-a-digest  x\n", "x": ""])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: DataFileError.self) { try Checksums(folder: folder) }
        #expect(error.description.hasSuffix("SHA256SUMS:2: expected '<sha256>  <file name>'"))

        try Data("\n".utf8).write(to: folder.appendingPathComponent("SHA256SUMS"))
        let undeclared = try #require(throws: DataFileError.self) {
            try Checksums(folder: folder).verify(folder.appendingPathComponent("x"))
        }
        #expect(undeclared.description.contains("is not listed in"))
    }

    /// Two branches each declaring a data file append to the same SHA256SUMS; the
    /// `.gitattributes` that `declare` writes makes git keep both lines instead of a conflict.
    @Test func twoBranchesDeclaringFilesMergeWithoutAConflict() throws {
        let folder = try scratchFolder(files: ["a.csv": "x\n1\n", "b.csv": "x\n2\n", "base.csv": "x\n0\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        @discardableResult
        func git(_ arguments: String...) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                ["git", "-C", folder.path, "-c", "user.name=t", "-c", "user.email=t@example.org"]
                + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        try git("init", "-q", "-b", "main")
        #expect(try Checksums.declare(folder.appendingPathComponent("base.csv")))
        #expect(
            try String(contentsOf: folder.appendingPathComponent(".gitattributes"), encoding: .utf8)
                == "SHA256SUMS merge=union\n")
        try git("add", "SHA256SUMS", ".gitattributes", "base.csv")
        try git("commit", "-q", "-m", "base")
        try git("checkout", "-q", "-b", "other")
        #expect(try Checksums.declare(folder.appendingPathComponent("b.csv")))
        try git("add", "SHA256SUMS", "b.csv")
        try git("commit", "-q", "-m", "b")
        try git("checkout", "-q", "main")
        #expect(try Checksums.declare(folder.appendingPathComponent("a.csv")))
        try git("add", "SHA256SUMS", "a.csv")
        try git("commit", "-q", "-m", "a")
        #expect(try git("merge", "-q", "--no-edit", "other") == 0)
        #expect(try Checksums(folder: folder).expected.keys.sorted() == ["a.csv", "b.csv", "base.csv"])
        #expect(
            try String(contentsOf: folder.appendingPathComponent(".gitattributes"), encoding: .utf8)
                == "SHA256SUMS merge=union\n", "written once")

        // Both sides changing one file's sum keeps both lines: that is refused, naming both.
        let sums = folder.appendingPathComponent("SHA256SUMS")
        let text = try String(contentsOf: sums, encoding: .utf8)
        try Data((text + String(repeating: "0", count: 64) + "  a.csv\n").utf8).write(to: sums)
        let error = try #require(throws: DataFileError.self) { try Checksums(folder: folder) }
        #expect(error.description.contains("SHA256SUMS:4: 'a.csv' is listed again with another sum (line "))
    }
}
