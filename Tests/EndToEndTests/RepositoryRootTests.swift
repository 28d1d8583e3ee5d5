import Foundation
import RegistryTestSupport
import Testing

/// Commands find the repository root (the folder holding research/) from any folder under it,
/// as git finds .git, and fail saying where they looked outside one; commands that read the
/// registry fail when there is none instead of printing nothing.
@Suite struct RepositoryRootTests {
    @Test func commandsFindTheRootFromASubfolder() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        let subfolder = scratch.root.appendingPathComponent("research/artifacts/income_classifier")
        let ls = try run(Executables.modelpress, ["ls"], in: subfolder)
        #expect(ls.status == 0, "\(ls.errorOutput)")
        #expect(ls.output.contains("random_forest@1.0.0  testing"))
        let check = try run(Executables.modelpress, ["registry", "check"], in: subfolder)
        #expect(check.status == 0, "\(check.errorOutput)")
        #expect(check.output == "\(scratch.root.standardizedFileURL.path)/research/registry: ok\n")
    }

    @Test(arguments: [["ls"], ["history"], ["registry", "check"], ["evaluate", "e/m@1"], ["publish"]])
    func outsideARepositoryCommandsFailSayingWhereTheyLooked(arguments: [String]) throws {
        let folder = try TemporaryFolder("modelpress-no-repository")
        defer { folder.remove() }
        let inner = folder.url.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        let result = try run(Executables.modelpress, arguments, in: inner)
        #expect(result.status == 1)
        let path = inner.standardizedFileURL.path
        #expect(
            result.errorOutput.hasPrefix("error: not inside a modelpress repository: no research/ folder in \(path), "))
        #expect(result.output.isEmpty)
    }

    /// `new` starts a repository: run first in a fresh git work tree (here from a subfolder of
    /// it), it takes the work tree as the root instead of asking for research/.
    @Test func newStartsARepositoryAtTheGitWorkTree() throws {
        let folder = try TemporaryFolder("modelpress-fresh")
        defer { folder.remove() }
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let data = folder.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var rows = "size,colour,kind\n"
        for index in 0..<40 {
            rows += "\(index % 7),\(index % 2 == 0 ? "red" : "blue"),\(index % 3 == 0 ? "a" : "b")\n"
        }
        try Data(rows.utf8).write(to: data.appendingPathComponent("things.csv"))
        let created = try run(
            Executables.modelpress, ["new", "things", "--data", "things.csv", "--label", "kind", "--by", "tester"],
            in: data)
        #expect(created.status == 0, "\(created.errorOutput)")
        // The next step says where to run it: the data folder is not the repository's root.
        let root = folder.url.standardizedFileURL.path
        #expect(
            created.output.contains(
                "next (the repository is \(root)): cd \(root) && modelpress train research/pipelines/things_random_forest.toml"
            ),
            "\(created.output)")
        for file in ["research/pipelines/things_random_forest.toml", "research/registry/endpoints/things.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(file).path), "\(file)")
        }
        let listed = try run(Executables.modelpress, ["ls"], in: data)
        #expect(listed.output.contains("things  (owner"), "\(listed.output)\(listed.errorOutput)")
    }

    @Test func aMissingRegistryIsNotOK() throws {
        let folder = try TemporaryFolder("modelpress-no-registry")
        defer { folder.remove() }
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("research"), withIntermediateDirectories: true)
        for arguments in [["registry", "check"], ["ls"], ["history"]] {
            let result = try run(Executables.modelpress, arguments, in: folder.url)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.errorOutput.contains("research/registry: there is no registry (no such folder)"))
            #expect(!result.output.contains("ok"))
        }
    }

    @Test func aWrongReferenceSaysTheExpectedForm() throws {
        for (reference, detail) in [
            ("income_classifier", "no '/' after the endpoint"), ("income_classifier/random_forest", "no '@' before"),
            ("income_classifier/random forest@1", "the model 'random forest' is not a name"),
        ] {
            let result = try run(Executables.modelpress, ["status", reference, "production"])
            #expect(result.status != 0)
            #expect(result.errorOutput.contains("expected endpoint/model@version, such as"), "\(reference)")
            #expect(result.errorOutput.contains(detail))
        }
    }

    @Test func anUnknownEndpointIsNamedNotSentToTraining() throws {
        let scratch = try Scratch().withEndpoint()
        defer { scratch.remove() }
        _ = try scratch.registered("income_classifier/random_forest@1.0.0")
        for command in ["evaluate", "predict"] {
            let extra = command == "predict" ? ["--input", "rows.csv"] : []
            let unknown = try run(
                Executables.modelpress, [command, "income_clasifier/random_forest@1.0.0"] + extra,
                in: scratch.root)
            #expect(unknown.status == 1)
            #expect(
                unknown.errorOutput
                    == "error: unknown endpoint 'income_clasifier' in income_clasifier/random_forest@1.0.0: "
                    + "the registry's endpoints are income_classifier\n")
            let version = try run(
                Executables.modelpress, [command, "income_classifier/forest@1.0.0"] + extra,
                in: scratch.root)
            #expect(
                version.errorOutput.contains("is not a registered version (income_classifier has random_forest@1.0.0)"))
        }
    }
}
