import Foundation
import Models
import Testing

@testable import Serving

#if canImport(Glibc)
    import Glibc
#endif

/// A deployment's prepared model files: a matching stamp lets predict.cgi skip the whole-file
/// checksum, anything that changes the file sends it back to the full check, and the format-3
/// copy of a format-2 file is exactly its in-memory upgrade.
@Suite struct PreparedModelTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let formatThree = "research/artifacts/penguin_species/random_forest/1.0.0/model.bin"

    /// The committed model files of format version 2, by path under the repository.
    static let formatTwo: [String] = {
        let root = repository.appendingPathComponent("research/artifacts")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix("model.bin") }.sorted().compactMap { file in
            let bytes = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) ?? Data()
            return bytes.count > 12 && bytes[8] == 2 ? "research/artifacts/" + file : nil
        }
    }()

    /// A deployment folder holding a copy of the committed `artifact` at its path.
    func withDeployment(copying artifact: String, _ body: (Deployment, PreparedModel) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("prepared-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent(artifact)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent(artifact), to: file)
        try body(Deployment(root: root.path), PreparedModel(artifact: artifact, root: root.path))
    }

    /// Overwrites the file's checksum in place: only the whole-file check can tell.
    func damageChecksum(_ path: String) throws {
        let descriptor = open(path, O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var zero: UInt64 = 0x0123_4567_89AB_CDEF
        #expect(pwrite(descriptor, &zero, 8, 24) == 8)
    }

    @Test func aMatchingStampSkipsTheChecksum() throws {
        try withDeployment(copying: Self.formatThree) { deployment, prepared in
            #expect(prepared.checkedFile() == nil)
            #expect(try prepared.prepare().copied == false)
            #expect(prepared.checkedFile() == prepared.artifactPath)
            #expect(!FileManager.default.fileExists(atPath: prepared.upgradedPath))
            // A stamp that vouches for a file whose checksum is wrong: the model is served, so
            // the checksum was not read.
            try damageChecksum(prepared.artifactPath)
            #expect(prepared.checkedFile() == nil)
            let stamp = ModelStamp(model: try #require(FileIdentity(path: prepared.artifactPath)), upgraded: nil)
            try Data(stamp.encoded()).write(to: URL(fileURLWithPath: prepared.stampPath))
            #expect(prepared.checkedFile() == prepared.artifactPath)
            let model = try ModelCache.model(of: "e/m@1.0.0", artifact: Self.formatThree, in: deployment)
            #expect(model.task == .multiclass)
            #expect(throws: ModelFileError.self) { try TreeModel(path: prepared.artifactPath) }
        }
    }

    /// The per-node structure checks read every node, as the checksum reads every byte: a
    /// matching stamp skips them too, and a file without one still gets them.
    @Test func aMatchingStampSkipsTheNodeChecks() throws {
        try withDeployment(copying: Self.formatThree) { _, prepared in
            let sound = try TreeModel(path: prepared.artifactPath)
            let link = ModelFileLayout.Sections(sound.counts).nodes + 4
            // The first node's left child far past the last node.
            var far = UInt32(0x7F_FFFF) << 9
            let descriptor = open(prepared.artifactPath, O_WRONLY)
            try #require(descriptor >= 0)
            #expect(pwrite(descriptor, &far, 4, off_t(link)) == 4)
            // A checksum that matches the damaged bytes, so that only the node checks can tell.
            let damaged = Array(try Data(contentsOf: URL(fileURLWithPath: prepared.artifactPath)))
            var checksum = damaged.withUnsafeBytes { ModelFileLayout.fileChecksum($0) }.littleEndian
            #expect(pwrite(descriptor, &checksum, 8, 24) == 8)
            close(descriptor)
            #expect {
                try TreeModel(path: prepared.artifactPath)
            } throws: { error in
                guard case .inconsistent = (error as? ModelFileError)?.reason else { return false }
                return true
            }
            #expect(throws: Never.self) { try TreeModel(checkedPath: prepared.artifactPath) }
        }
    }

    @Test func aTouchedOrReplacedFileIsCheckedInFull() throws {
        try withDeployment(copying: Self.formatThree) { _, prepared in
            try prepared.prepare()
            #expect(prepared.checkedFile() == prepared.artifactPath)
            // Touched: the same bytes, a new modification time.
            let later = timespec(tv_sec: time(nil) + 5, tv_nsec: 0)
            var times = [later, later]
            #expect(utimensat(AT_FDCWD, prepared.artifactPath, &times, 0) == 0)
            #expect(prepared.checkedFile() == nil)
            try prepared.prepare()
            #expect(prepared.checkedFile() == prepared.artifactPath)
            // Replaced by the same bytes under a new inode.
            let bytes = try Data(contentsOf: URL(fileURLWithPath: prepared.artifactPath))
            try bytes.write(to: URL(fileURLWithPath: prepared.artifactPath), options: .atomic)
            #expect(prepared.checkedFile() == nil)
            // A stamp that is not one is no stamp.
            try prepared.prepare()
            try Data("{\"model\":1}\n".utf8).write(to: URL(fileURLWithPath: prepared.stampPath))
            #expect(prepared.checkedFile() == nil)
        }
    }

    @Test func aCorruptedFileWithAStaleStampIsRefusedNamingIt() throws {
        try withDeployment(copying: Self.formatThree) { deployment, prepared in
            try prepared.prepare()
            try damageChecksum(prepared.artifactPath)
            let error = try #require(throws: ServingError.self) {
                try ModelCache.model(of: "e/m@1.0.0", artifact: Self.formatThree, in: deployment)
            }
            #expect(error.status.code == 503)
            // The answer names the version; the file and the cause are for the error log only.
            #expect(error.message == "the model of e/m@1.0.0 cannot be loaded")
            #expect(!error.json.contains(prepared.artifactPath) && !error.json.contains(deployment.root))
            #expect(error.detail?.contains(prepared.artifactPath) == true)
            #expect(error.detail?.contains("checksum") == true)
            // Preparing refuses it too, and leaves the stale stamp stale.
            let refused = try #require(throws: ServingError.self) { try prepared.prepare() }
            #expect(refused.status.code == 503 && refused.description.contains(prepared.artifactPath))
            #expect(prepared.checkedFile() == nil)
        }
    }

    @Test func aChangedUpgradedCopyIsNotUsed() throws {
        let artifact = try #require(Self.formatTwo.first)
        try withDeployment(copying: artifact) { _, prepared in
            #expect(try prepared.prepare().copied == true)
            #expect(prepared.checkedFile() == prepared.upgradedPath)
            try damageChecksum(prepared.upgradedPath)
            #expect(prepared.checkedFile() == nil)
        }
    }

    /// Every committed format-2 file: its prepared copy is the bytes the in-memory upgrade
    /// makes, and predicts the version's whole test set exactly as the file itself does.
    @Test(arguments: formatTwo)
    func theUpgradedCopyPredictsAsTheInMemoryUpgrade(_ artifact: String) throws {
        let folder = Self.repository.appendingPathComponent(artifact).deletingLastPathComponent()
        let record = try TrainingRecord.decode(Data(contentsOf: folder.appendingPathComponent("training.json")))
        let test = try record.testDataset(root: Self.repository)
        try withDeployment(copying: artifact) { deployment, prepared in
            #expect(try prepared.prepare().copied == true)
            #expect(prepared.checkedFile() == prepared.upgradedPath)
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: prepared.artifactPath)))
            let upgraded = try original.withUnsafeBytes { try LegacyModelFile.upgrade($0, path: artifact) }
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: prepared.upgradedPath))) == upgraded)
            let inMemory = try TreeModel(path: prepared.artifactPath)
            let served = try ModelCache.model(of: "e/m@1.0.0", artifact: artifact, in: deployment)
            #expect(served.predict(test) == inMemory.predict(test))
            #expect(served.positiveProbabilities(test) == inMemory.positiveProbabilities(test))
        }
    }

    /// Given the repository's data, a format-2 file's copy gets the cover counted from its
    /// training rows, and predict.cgi's model (the copy) can be explained from its own file.
    /// Prepared again where the data is not (a serving host), the copy is kept; a copy that is
    /// not these trees with a cover is not.
    @Test func aCoverlessFileGetsItsCoverWhereTheDataIs() throws {
        let artifact = try #require(Self.formatTwo.first)
        try withDeployment(copying: artifact) { deployment, prepared in
            let counted = try prepared.prepare(coverSource: PreparedModel.recountingCover(root: Self.repository.path))
            #expect(counted == .init(copied: true, cover: .counted))
            #expect(prepared.checkedFile() == prepared.upgradedPath)
            let served = try ModelCache.model(of: "e/m@1.0.0", artifact: artifact, in: deployment)
            let folder = Self.repository.appendingPathComponent(artifact).deletingLastPathComponent()
            let original = try TreeModel(path: prepared.artifactPath)
            let expected = try TreeExplainer.recountedCover(original, folder: folder, root: Self.repository, name: "m")
            let same = Array(served.cover) == expected
            #expect(same, "the served model's cover is not the one counted from the training rows")
            _ = try TreeExplainer(served)

            // On the serving host: no data, so the source fails; the copy with cover stays.
            let noData = PreparedModel.recountingCover(root: deployment.root)
            let kept = try prepared.prepare(coverSource: noData)
            #expect(kept == .init(copied: true, cover: .kept))
            #expect(try TreeModel(path: prepared.upgradedPath).cover.count == expected.count)
            #expect(prepared.checkedFile() == prepared.upgradedPath)

            // A copy of other trees with a cover is replaced by the plain upgrade.
            try Data(contentsOf: Self.repository.appendingPathComponent(Self.formatThree))
                .write(to: URL(fileURLWithPath: prepared.upgradedPath))
            let refused = try prepared.prepare(coverSource: noData)
            guard case .unavailable(let why) = try #require(refused.cover) else {
                Issue.record("expected no cover, got \(refused)")
                return
            }
            #expect(why.contains("cannot explain its predictions"), "\(why)")
            #expect(try TreeModel(path: prepared.upgradedPath).cover.isEmpty)
            #expect(
                try prepared.prepare()
                    == .init(copied: true, cover: .unavailable("no training data was given to count it from")))
        }
    }

    /// A file that records its cover is left as it is whatever the source says.
    @Test func aFileWithCoverAsksNoSource() throws {
        try withDeployment(copying: Self.formatThree) { _, prepared in
            let outcome = try prepared.prepare { _, _ in
                Issue.record("the source was asked")
                return []
            }
            #expect(outcome == .init(copied: false, cover: nil))
        }
    }

    @Test func committedFormatTwoFilesAreFound() {
        #expect(Self.formatTwo.count == 3)
    }
}
