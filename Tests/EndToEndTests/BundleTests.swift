import Foundation
import Testing

/// `modelpress bundle`'s refusals; a whole bundle is deployed under lighttpd and Apache 2 by
/// scripts/deploy-test (`make test-deploy`), which needs the release build.
@Suite struct BundleTests {
    @Test func saysToRunMakeBuildWhenTheReleaseCGIIsMissing() throws {
        let folder = try TemporaryFolder("modelpress-bundle")
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("bundle")
        let result = try run(
            Executables.modelpress,
            ["bundle", "--out", out.path, "--cgi", folder.url.appendingPathComponent("missing/PredictCGI").path],
            in: Executables.repositoryRoot)
        #expect(result.status != 0)
        #expect(result.errorOutput.contains("`make build` in modelpress's source tree builds it"))
        #expect(result.errorOutput.contains("name the file with --cgi PATH"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func refusesACGIThatNeedsTheSwiftRuntimeInstalled() throws {
        let folder = try TemporaryFolder("modelpress-bundle")
        defer { folder.remove() }
        // The debug build links the Swift runtime dynamically; a serving host has no Swift.
        let result = try run(
            Executables.modelpress,
            [
                "bundle", "--out", folder.url.appendingPathComponent("bundle").path, "--cgi",
                Executables.predictCGI.path,
            ],
            in: Executables.repositoryRoot)
        #expect(result.status != 0)
        #expect(result.errorOutput.contains("links the Swift runtime dynamically"))
    }

    @Test func refusesAFolderThatIsNotEmpty() throws {
        let folder = try TemporaryFolder("modelpress-bundle")
        defer { folder.remove() }
        try Data("keep me".utf8).write(to: folder.url.appendingPathComponent("notes.txt"))
        let result = try run(
            Executables.modelpress, ["bundle", "--out", folder.url.path], in: Executables.repositoryRoot)
        #expect(result.status != 0)
        #expect(result.errorOutput.contains("exists and is not empty"))
        #expect(try String(contentsOf: folder.url.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
    }

    @Test func aFailedBundleLeavesNothingBehind() throws {
        let folder = try TemporaryFolder("modelpress-bundle")
        defer { folder.remove() }
        let work = folder.url.appendingPathComponent("work")
        let out = folder.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // Stand-ins for the release predict.cgi and predict.cgi-jobs (bundle only copies them), and a
        // site whose layout template does not parse, so the bundle fails at the site, which comes first:
        // before predict.cgi and the model files are copied (trial24 #9: 140 MB, then the error).
        let site = work.appendingPathComponent("site")
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Executables.repositoryRoot.appendingPathComponent("site/site.toml"),
            to: site.appendingPathComponent("site.toml"))
        try Data("{{#unclosed}}".utf8).write(to: site.appendingPathComponent("templates/layout.mustache"))
        let cgi = work.appendingPathComponent("predict.cgi")
        for name in ["predict.cgi", "predict.cgi-jobs"] {
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: "/bin/true"), to: work.appendingPathComponent(name))
        }
        let result = try run(
            Executables.modelpress,
            ["bundle", "--out", out.appendingPathComponent("bundle").path, "--cgi", cgi.path, "--site", site.path],
            in: Executables.repositoryRoot)
        #expect(result.status != 0)
        #expect(result.output.hasPrefix("[1/5] site for "), "\(result.output)")
        #expect(!result.output.contains("[2/5]") && !result.output.contains("[3/5]"), "\(result.output)")
        #expect(result.errorOutput.contains("layout"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [])
    }

    /// A repository whose only version is in testing bundles, saying that every request must pin a
    /// version, and names both executables it ships with their sizes.
    @Test func notesAnEndpointWithoutAProductionVersion() throws {
        let folder = try TemporaryFolder("modelpress-bundle")
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data(DataCommandsTests.csv().utf8).write(to: data.appendingPathComponent("birds.csv"))
        for arguments in [
            ["new", "birds", "--data", "data/birds.csv", "--label", "label", "--by", "tester"],
            ["train", "--threads", "1"],
        ] {
            let result = try run(Executables.modelpress, arguments, in: folder.url)
            try #require(result.status == 0, "\(arguments): \(result.errorOutput)")
        }
        let tools = try TemporaryFolder("modelpress-bundle-cgi")
        defer { tools.remove() }
        for name in ["predict.cgi", "predict.cgi-jobs"] {
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: "/bin/true"), to: tools.url.appendingPathComponent(name))
        }
        let out = folder.url.appendingPathComponent("dist")
        let result = try run(
            Executables.modelpress,
            ["bundle", "--out", out.path, "--cgi", tools.url.appendingPathComponent("predict.cgi").path],
            in: folder.url)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("predict.cgi-jobs (\(tools.url.path)/predict.cgi-jobs, "), "\(result.output)")
        #expect(
            result.output.contains(
                "note: birds has no version in production: every request must pin one "
                    + "(?model=random_forest&version=1.0.0 or ?status=…)"), "\(result.output)")
        #expect(
            FileManager.default.isExecutableFile(atPath: out.appendingPathComponent("cgi-bin/predict.cgi-jobs").path))
    }
}
