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

    /// Every subcommand that needs a repository, with arguments that parse: outside one, a bad
    /// option is reported first (64, `Unknown option`, as JSON with --json), and the command
    /// line alone fails saying it is not in a repository (trial16 #4, #5: validate() found the
    /// repository before argument parser reported `--bogus`; diff invented a research/ path).
    static let needingARepository: [(command: [String], arguments: [String])] = [
        (["train"], []), (["import"], ["m.txt", "--pipeline", "p.toml"]), (["evaluate"], ["e/m@1"]),
        (["register"], ["e/m@1"]), (["status"], ["e/m@1", "production"]), (["ls"], []), (["history"], []),
        (["diff"], ["e/m@1", "e/m@2"]), (["registry", "check"], []), (["registry", "add-endpoint"], ["e.json"]),
        (["registry", "snapshot"], []), (["registry", "migrate"], []),
        (["ab", "start"], ["e", "--a", "m@1", "--b", "n@1", "--title", "t"]), (["ab", "stop"], ["1"]),
        (["ab", "abort"], ["1", "--note", "n"]), (["ab", "ls"], []), (["ab", "show"], ["1"]),
        (["ab", "simulate"], ["1"]),
        (["predict"], ["e/m@1", "--input", "x.csv"]), (["explain"], ["e/m@1", "--input", "x.csv"]),
        (["monitor"], ["e"]), (["publish"], []), (["theme", "eject"], []), (["verify"], []),
        (["bundle"], ["--out", "out"]),
    ]

    /// The subcommands that need none: `new` starts one, `data inspect` reads a file, `worker` a
    /// deployment, `db migrate` a database, `requests copy` two logs.
    static let needingNoRepository: Set<[String]> = [
        ["new"], ["data", "inspect"], ["worker"], ["db", "migrate"], ["requests", "copy"],
    ]

    @Test func outsideARepositoryABadOptionIsReportedFirstByEveryCommand() throws {
        let folder = try TemporaryFolder("modelpress-no-repository")
        defer { folder.remove() }
        // The table names every subcommand `--help` lists, so that a new one is checked too.
        var listed: [[String]] = []
        var groups: [[String]] = [[]]
        while let group = groups.popLast() {
            let help = try run(Executables.modelpress, group + ["--help"]).output
            let names = help.components(separatedBy: "SUBCOMMANDS:").dropFirst().first.map { section in
                // The names, up to the blank line before "See 'modelpress help <subcommand>'".
                section.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
                    .prefix { !$0.isEmpty }.compactMap { line -> String? in
                        guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                        return line.split(separator: " ").first.map(String.init)
                    }
            }
            guard let names else {
                listed.append(group)
                continue
            }
            groups += names.map { group + [$0] }
        }
        let tabled = Set(Self.needingARepository.map(\.command))
        #expect(tabled.isDisjoint(with: Self.needingNoRepository))
        #expect(Set(listed) == tabled.union(Self.needingNoRepository), "\(listed)")

        let here = folder.url.standardizedFileURL.path
        for (command, rest) in Self.needingARepository {
            let arguments = command + rest
            let bogus = try run(Executables.modelpress, arguments + ["--bogus"], in: folder.url)
            #expect(bogus.status == 64, "\(arguments): \(bogus.errorOutput)")
            #expect(bogus.errorOutput.contains("Error: Unknown option '--bogus'"), "\(arguments): \(bogus.errorOutput)")
            let help = try run(Executables.modelpress, command + ["--help"]).output
            if help.contains("--json") {
                let json = try run(Executables.modelpress, arguments + ["--json", "--bogus"], in: folder.url)
                #expect(json.status == 64, "\(arguments)")
                let object = try JSONSerialization.jsonObject(with: json.stdout) as? [String: String]
                #expect(object == ["error": "Unknown option '--bogus'"], "\(arguments): \(json.output)")
            }
            let plain = try run(Executables.modelpress, arguments, in: folder.url)
            #expect(plain.status == 1, "\(arguments): \(plain.errorOutput)")
            #expect(
                plain.errorOutput.hasPrefix(
                    "error: not inside a modelpress repository: no research/ folder in \(here), "),
                "\(arguments): \(plain.errorOutput)")
        }
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
                    == "error: unknown endpoint 'income_clasifier' in income_clasifier/random_forest@1.0.0; "
                    + "did you mean 'income_classifier/random_forest@1.0.0'?\n")
            let version = try run(
                Executables.modelpress, [command, "income_classifier/forest@1.0.0"] + extra,
                in: scratch.root)
            #expect(
                version.errorOutput.contains("is not a registered version (income_classifier has random_forest@1.0.0)"))
        }
    }
}
