import Foundation
import Testing

/// Slips a user makes on the command line and in a pipeline, answered with what was meant
/// (trial20 #8, #9, #11).
@Suite struct CommandMistakeTests {
    /// An endpoint name in another letter case gets the registry's "did you mean" from every
    /// command that names one, and `train` refuses it before writing an artifact, registered or
    /// not (its folder would collide with the endpoint's on macOS and Windows).
    @Test func anEndpointInAnotherCaseIsMeantAsTheRegisteredOne() throws {
        let (folder, _) = try DataCommandsTests().scratchWithEndpoint()
        defer { folder.remove() }
        let trained = try run(
            Executables.modelpress, ["train", "research/pipelines/birds_random_forest.toml", "--by", "tester"],
            in: folder.url)
        #expect(trained.status == 0, "\(trained.errorOutput)")
        let pipelines = folder.url.appendingPathComponent("research/pipelines")
        let text = try String(contentsOf: pipelines.appendingPathComponent("birds_random_forest.toml"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: #"endpoint = "birds""#, with: #"endpoint = "Birds""#).utf8)
            .write(to: pipelines.appendingPathComponent("typo.toml"))
        for extra in [[], ["--no-register"]] {
            let trained = try run(
                Executables.modelpress, ["train", "research/pipelines/typo.toml"] + extra, in: folder.url)
            #expect(trained.status == 1, "\(extra): \(trained.output)")
            #expect(
                trained.errorOutput.contains("the registry has no endpoint 'Birds'; did you mean 'birds'?"),
                "\(extra): \(trained.errorOutput)")
            #expect(!trained.errorOutput.contains("modelpress new Birds"), "\(trained.errorOutput)")
            #expect(
                !FileManager.default.fileExists(
                    atPath: folder.url.appendingPathComponent("research/artifacts/Birds").path))
        }
        let input = folder.url.appendingPathComponent("rows.csv")
        try Data("a\n1\n".utf8).write(to: input)
        for (command, meant) in [
            (["ls", "BIRDS"], "did you mean 'birds'?"),
            (
                ["predict", "Birds/random_forest@1.0.0", "--input", input.path],
                "did you mean 'birds/random_forest@1.0.0'?"
            ),
            (
                ["diff", "birds/Random_Forest@1.0.0", "birds/random_forest@1.0.0"],
                "did you mean 'birds/random_forest@1.0.0'?"
            ),
            (["status", "Birds/random_forest@1.0.0", "archived"], "did you mean 'birds/random_forest@1.0.0'?"),
            (["history", "BIRDS"], "unknown endpoint 'BIRDS'; did you mean 'birds'?"),
            (
                ["register", "Birds/random_forest@1.1.0"],
                "unknown endpoint 'Birds' in Birds/random_forest@1.1.0; did you mean 'birds'?"
            ),
        ] {
            let ran = try run(Executables.modelpress, command, in: folder.url)
            #expect(ran.status == 1, "\(command)")
            #expect(ran.errorOutput.contains(meant), "\(command): \(ran.errorOutput)")
            #expect(!ran.errorOutput.contains("modelpress evaluate"), "\(command): \(ran.errorOutput)")
            // The likely name, not the list of every endpoint (trial21 #4).
            #expect(!ran.errorOutput.contains("the registry's endpoints are"), "\(command): \(ran.errorOutput)")
            #expect(!ran.errorOutput.contains("train the version first"), "\(command): \(ran.errorOutput)")
        }
    }

    /// `--keep` with `--ignore` of the same column, or of the label, is refused, not settled
    /// silently one way.
    @Test func newRefusesContradictoryKeeps() throws {
        let folder = try DataCommandsTests().scratch()
        defer { folder.remove() }
        let base = ["new", "birds", "--data", "research/data/birds/birds.csv", "--label", "label"]
        let both = try run(Executables.modelpress, base + ["--keep", "island", "--ignore", "island"], in: folder.url)
        #expect(both.status == 64, "\(both.errorOutput)")
        #expect(
            both.errorOutput.contains("--keep island and --ignore island contradict each other"), "\(both.errorOutput)")
        let label = try run(Executables.modelpress, base + ["--keep", "label"], in: folder.url)
        #expect(label.status == 64, "\(label.errorOutput)")
        #expect(label.errorOutput.contains("--keep label names the label"), "\(label.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("research/registry").path))
    }

    /// Several columns' stray values end with one line that declares them all missing
    /// (trial20 #9), in the pipeline's form and the options' form.
    @Test func missingMarkersOfSeveralColumnsAreAdvisedTogether() throws {
        var text = "a,b,label\n"
        for i in 0..<60 {
            text += "\(i % 11 == 0 ? "--1" : "\(i % 9).5"),\(i % 13 == 0 ? "unknown" : "\(i % 7).25"),\(i % 2)\n"
        }
        let folder = try DataCommandsTests().scratch(text)
        defer { folder.remove() }
        let inspected = try run(
            Executables.modelpress, ["data", "inspect", "research/data/birds/birds.csv"], in: folder.url)
        #expect(inspected.status == 0, "\(inspected.errorOutput)")
        let together =
            "to declare the values of the 2 columns above missing at once: missing = [\"\", \"NA\", \"N/A\", \"?\", "
            + "\"null\", \"--1\", \"unknown\"] in [data] (the whole list), or --missing=--1 --missing unknown with data "
            + "inspect and new"
        #expect((inspected.output + inspected.errorOutput).contains(together), "\(inspected.output)")
    }
}
