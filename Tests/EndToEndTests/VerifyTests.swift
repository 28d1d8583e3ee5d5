import Foundation
import Testing

/// `modelpress verify` on a copy of the repository holding one tiny version trained there.
@Suite struct VerifyTests {
    static let version = "income_classifier/tiny_forest@0.0.1"

    /// A repository with the Adult data, the committed registry and a 3-tree forest trained and
    /// registered in it; returns the folder and the tiny version's artifact folder.
    func repositoryWithTinyVersion() throws -> (TemporaryFolder, URL) {
        let folder = try TemporaryFolder.repository("modelpress-verify", copying: ["data/adult", "registry"])
        let research = folder.url.appendingPathComponent("research")
        let pipeline = folder.url.appendingPathComponent("tiny.toml")
        try """
        endpoint = "income_classifier"
        model = "tiny_forest"
        version = "0.0.1"
        algorithm = "random_forest"
        seed = 7
        \(AdultPipeline.data)
        [hyperparameters]
        trees = 3
        max_depth = 4
        """.write(to: pipeline, atomically: true, encoding: .utf8)
        let trained = try run(
            Executables.modelpress, ["train", pipeline.path, "--by", "verify test", "--threads", "1"],
            in: folder.url)
        try #require(trained.status == 0, "train failed: \(trained.errorOutput)")
        return (folder, research.appendingPathComponent("artifacts/income_classifier/tiny_forest/0.0.1"))
    }

    @Test func reproducesItsOwnVersionsAndReportsTheirHash() throws {
        let (folder, artifacts) = try repositoryWithTinyVersion()
        defer { folder.remove() }
        let result = try run(Executables.modelpress, ["verify", Self.version, "--threads", "2"], in: folder.url)
        #expect(result.status == 0, "\(result.errorOutput)")
        let bytes = try Data(contentsOf: artifacts.appendingPathComponent("model.bin"))
        let hash = try #require(ShellHash.sha256(of: artifacts.appendingPathComponent("model.bin")))
        #expect(!bytes.isEmpty)
        #expect(result.output == "\(Self.version): reproduced byte for byte (sha256 \(hash))\n")
        #expect(result.errorOutput.contains("[1/1] \(Self.version)"))
    }

    @Test func failsOnATamperedArtifactNamingBothHashes() throws {
        let (folder, artifacts) = try repositoryWithTinyVersion()
        defer { folder.remove() }
        let model = artifacts.appendingPathComponent("model.bin")
        let original = try #require(ShellHash.sha256(of: model))
        var bytes = try Data(contentsOf: model)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: model)
        let tampered = try #require(ShellHash.sha256(of: model))
        let result = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.output
                == "\(Self.version): NOT reproduced: committed model.bin has sha256 \(tampered), "
                + "retraining gives \(original)\n")
        #expect(result.errorOutput.contains("1 of 1 version failed"))
    }

    /// Data overwritten with new rows and its SHA256SUMS line rewritten to match (`sha256sum
    /// adult.test > …`, trial24 #3): the version was trained on other bytes, which verify says
    /// as evaluate does, rather than retraining on the new rows and reporting "NOT reproduced".
    @Test func namesDataWhoseSumsWereRewrittenForNewRows() throws {
        let (folder, _) = try repositoryWithTinyVersion()
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("research/data/adult")
        let test = data.appendingPathComponent("adult.test")
        let recorded = try #require(ShellHash.sha256(of: test))
        let handle = try FileHandle(forWritingTo: test)
        try handle.seekToEnd()
        try handle.write(
            contentsOf: Data(
                "25, Private, 226802, 11th, 7, Never-married, Machine-op-inspct, Own-child, Black, Male, 0, 0, 40, United-States, <=50K.\n"
                    .utf8))
        try handle.close()
        let now = try #require(ShellHash.sha256(of: test))
        let sums = data.appendingPathComponent("SHA256SUMS")
        let text = try String(contentsOf: sums, encoding: .utf8)
        try #require(text.contains(recorded))
        try text.replacingOccurrences(of: recorded, with: now).write(to: sums, atomically: true, encoding: .utf8)
        let result = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.output.hasPrefix(
                "\(Self.version): cannot verify: \(test.path): file was altered: SHA-256 is \(now), expected \(recorded)"
            ),
            "\(result.output)")
        #expect(!result.output.contains("NOT reproduced"))

        // The file restored, the edited line left (trial25 #1): the file has the SHA-256
        // training.json records, so it reproduces and evaluates, with a note naming SHA256SUMS.
        let restored = try Data(contentsOf: test).dropLast(
            "25, Private, 226802, 11th, 7, Never-married, Machine-op-inspct, Own-child, Black, Male, 0, 0, 40, United-States, <=50K.\n"
                .utf8.count)
        try Data(restored).write(to: test)
        try #require(ShellHash.sha256(of: test) == recorded)
        let note =
            "note: \(sums.path) lists \(now) for adult.test, but the file and training.json have \(recorded): the file "
            + "is the one this version was trained on, and SHA256SUMS is what to fix; restore it (`git checkout -- "
            + "SHA256SUMS` in \(data.path))"
        let again = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(again.status == 0, "\(again.errorOutput)")
        #expect(again.output.contains("\(Self.version): reproduced byte for byte"), "\(again.output)")
        #expect(again.errorOutput.contains("\(Self.version): \(note)"), "\(again.errorOutput)")
        let evaluated = try run(Executables.modelpress, ["evaluate", Self.version], in: folder.url)
        #expect(evaluated.status == 0, "\(evaluated.errorOutput)")
        #expect(evaluated.errorOutput.contains("[\(Self.version)] \(note)"), "\(evaluated.errorOutput)")
    }

    @Test func reportsAnotherTrainersVersionWithoutFailing() throws {
        let (folder, artifacts) = try repositoryWithTinyVersion()
        defer { folder.remove() }
        let record = artifacts.appendingPathComponent("training.json")
        let text = try String(contentsOf: record, encoding: .utf8)
        try text.replacingOccurrences(
            of: #""modelpress-trees/\d+""#, with: "\"modelpress-trees/1\"", options: .regularExpression
        )
        .write(to: record, atomically: true, encoding: .utf8)
        let result = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("made by trainer modelpress-trees/1"))
        #expect(result.output.contains("not retrained"))
    }

    /// A forest of this trainer is retrained byte for byte; an earlier trainer's (whose forests'
    /// bins differ), a later trainer's, or one naming an algorithm this build does not know, is
    /// reported, not failed.
    @Test func retrainsThisTrainersForestAndReportsWhatItCannotReproduce() throws {
        let (folder, artifacts) = try repositoryWithTinyVersion()
        defer { folder.remove() }
        let record = artifacts.appendingPathComponent("training.json")
        let text = try String(contentsOf: record, encoding: .utf8)
        func recorded(trainer: String, algorithm: String = "random_forest") throws {
            try text.replacingOccurrences(
                of: #""modelpress-trees/\d+""#, with: "\"\(trainer)\"", options: .regularExpression
            )
            .replacingOccurrences(of: "\"random_forest\"", with: "\"\(algorithm)\"")
            .write(to: record, atomically: true, encoding: .utf8)
        }
        let same = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(same.status == 0, "\(same.errorOutput)")
        #expect(same.output.contains("reproduced byte for byte"), "\(same.output)")
        try recorded(trainer: "modelpress-trees/3")
        let earlier = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(earlier.status == 0, "\(earlier.errorOutput)")
        #expect(
            earlier.output.contains("made by trainer modelpress-trees/3, whose random_forest models"),
            "\(earlier.output)")
        // Trainer 12 keeps boosting's gradients in single precision, so a boosting version of 7
        // is another trainer's (ModelsTests' LearnerTests).
        try recorded(trainer: "modelpress-trees/7", algorithm: "gradient_boosting")
        let counted = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(counted.status == 0, "\(counted.errorOutput)")
        #expect(
            counted.output.contains("made by trainer modelpress-trees/7, whose gradient_boosting models"),
            "\(counted.output)")
        try recorded(trainer: "modelpress-trees/99")
        let later = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(later.status == 0, "\(later.errorOutput)")
        #expect(later.output.contains("made by trainer modelpress-trees/99, whose random_forest models"))
        try recorded(trainer: "modelpress-trees/99", algorithm: "quantum_forest")
        let unknown = try run(Executables.modelpress, ["verify", Self.version], in: folder.url)
        #expect(unknown.status == 0, "\(unknown.errorOutput)")
        #expect(unknown.output.contains("whose quantum_forest models"), "\(unknown.output)")
    }

    @Test func refusesAVersionTheRegistryDoesNotHave() throws {
        let (folder, _) = try repositoryWithTinyVersion()
        defer { folder.remove() }
        let result = try run(Executables.modelpress, ["verify", "income_classifier/nothing@9.9.9"], in: folder.url)
        #expect(result.status != 0)
        #expect(result.errorOutput.contains("income_classifier/nothing@9.9.9 is not registered"))
    }
}

/// SHA-256 by the system's `sha256sum`, independent of the code under test.
enum ShellHash {
    static func sha256(of file: URL) -> String? {
        guard let result = try? run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [file.path]), result.status == 0
        else { return nil }
        return result.output.split(separator: " ").first.map(String.init)
    }
}
