import Foundation
import Testing

/// A registered version's data file removed (`git rm`): `verify` and `explain --test-sample` say
/// it was deleted and how to get it back from git, not "check the path" (trial24 #9).
@Suite struct DeletedDataTests {
    @Test(arguments: [false, true])
    func aDeletedDataFileIsNamedAsDeleted(sumsLineRemovedToo: Bool) throws {
        let folder = try TemporaryFolder("modelpress-deleted")
        defer { folder.remove() }
        _ = try TaskTrainingTests.regressionEndpoint(in: folder)
        let trained = try run(
            Executables.modelpress, ["train", "research/pipelines/toy_random_forest.toml", "--threads", "1"],
            in: folder.url)
        #expect(trained.status == 0, "\(trained.errorOutput)")
        let data = folder.url.appendingPathComponent("research/data/toy")
        try FileManager.default.removeItem(at: data.appendingPathComponent("values.csv"))
        if sumsLineRemovedToo { try Data().write(to: data.appendingPathComponent("SHA256SUMS")) }
        let listedIn = sumsLineRemovedToo ? "the version's training.json" : "SHA256SUMS"
        for command in [
            ["verify", "toy/random_forest@1.0.0"], ["explain", "toy/random_forest@1.0.0", "--test-sample", "3"],
        ] {
            let ran = try run(Executables.modelpress, command, in: folder.url)
            #expect(ran.status != 0, "\(command)")
            let said = ran.output + ran.errorOutput
            #expect(said.contains("values.csv: no such file, though "), "\(command): \(said)")
            #expect(said.contains("\(listedIn) lists it: it was deleted or moved"), "\(command): \(said)")
            #expect(said.contains("`git log --oneline -- "), "\(command): \(said)")
            #expect(!said.contains("check the path"), "\(command): \(said)")
        }
    }
}
