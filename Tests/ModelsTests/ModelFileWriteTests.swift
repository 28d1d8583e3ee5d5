import Basics
import Foundation
import Testing

@testable import Models

/// `TreeEnsemble.write(to:)` writes a model file a piece at a time (issue 26: a million-row
/// forest's bytes no longer lie whole beside its trees): the file must be `serialized()`'s bytes,
/// checksum included, whatever the model holds.
@Suite struct ModelFileWriteTests {
    @Test(arguments: [Algorithm.randomForest, .extraTrees, .gradientBoosting], ForestBytesTests.tasks)
    func theFileWrittenIsTheSerializedBytes(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let values = algorithm == .gradientBoosting ? ["max_iterations": "4"] : ["trees": "3", "min_samples_leaf": "3"]
        let ensemble = try Trainer.train(
            ForestBytesTests.data(task), algorithm: algorithm, hyperparameters: values, seed: 5, threads: 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("write-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.bin")
        try Data("an older model".utf8).write(to: url)
        try ensemble.write(to: url)
        let written = try #require(FileManager.default.contents(atPath: url.path))
        #expect(Array(written) == (try ensemble.serialized()))
        // Replaced whole, nothing temporary left beside it, and it loads (its checksum holds).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.bin"])
        #expect(try TreeModel(contentsOf: url).treeCount == ensemble.roots.count)
    }

    @Test func aFileThatCannotBeWrittenIsAnErrorAndLeavesNothing() throws {
        let ensemble = try Trainer.train(
            ForestBytesTests.data(.binary), algorithm: .decisionTree, hyperparameters: [:], seed: 5, threads: 1)
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString)")
        #expect(throws: (any Error).self) { try ensemble.write(to: missing.appendingPathComponent("model.bin")) }
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    /// The checksum of a file given in pieces of any sizes is the checksum of the whole.
    @Test(arguments: [32, 33, 63, 64, 95, 100, 1000, 4099])
    func theChecksumOfPiecesIsTheWholeFilesChecksum(_ length: Int) {
        var generator = SplitMix64(seed: UInt64(length))
        let bytes = (0..<length).map { _ in UInt8(generator.below(256)) }
        let whole = bytes.withUnsafeBytes { ModelFileLayout.fileChecksum($0) }
        for maximumPiece in [1, 7, 32, 45, length] {
            var checksum = ModelFileLayout.FileChecksum()
            var start = 0
            while start < length {
                let end = min(length, start + 1 + generator.below(maximumPiece))
                bytes[start..<end].withUnsafeBytes { checksum.add($0) }
                start = end
            }
            #expect(checksum.value == whole, "pieces of at most \(maximumPiece) bytes")
        }
    }
}
