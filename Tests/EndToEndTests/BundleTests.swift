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

    /// With --database, the bundle ships predict.cgi's PostgreSQL build and its jobs executable
    /// (stand-ins here: bundle only copies them, and tells the builds apart by the libpq they
    /// link), names the database in deployment.json and installs libpq5 in the Containerfile;
    /// what would not serve is refused.
    @Test func aSharedPostgreSQLDatabaseShipsThePostgreSQLBuildAndNamesIt() throws {
        let folder = try TemporaryFolder("modelpress-bundle")
        defer { folder.remove() }
        let fileManager = FileManager.default
        var builds: [String: URL] = [:]
        let postgreSQL = "#!/bin/sh\n# NEEDED libpq.so.5\n"
        let sqlite = "#!/bin/sh\n"
        // "mixed": the PostgreSQL predict.cgi with the SQLite predict.cgi-jobs beside it.
        for (name, cgiText, jobsText) in [
            ("postgresql", postgreSQL, postgreSQL), ("sqlite", sqlite, sqlite), ("mixed", postgreSQL, sqlite),
        ] {
            let tools = folder.url.appendingPathComponent(name)
            try fileManager.createDirectory(at: tools, withIntermediateDirectories: true)
            builds[name] = tools.appendingPathComponent("predict.cgi")
            for (file, text) in [("predict.cgi", cgiText), ("predict.cgi-jobs", jobsText)] {
                try Data(text.utf8).write(to: tools.appendingPathComponent(file))
                try fileManager.setAttributes(
                    [.posixPermissions: 0o755], ofItemAtPath: tools.appendingPathComponent(file).path)
            }
        }
        let url = "postgresql://app@db.internal/modelpress"
        let out = folder.url.appendingPathComponent("bundle")
        func bundle(_ database: String, cgi: String) throws -> ProcessResult {
            try run(
                Executables.modelpress,
                ["bundle", "--out", out.path, "--database", database, "--cgi", try #require(builds[cgi]).path],
                in: Executables.repositoryRoot)
        }
        let password = try bundle("postgresql://app:hunter2@db.internal/modelpress", cgi: "postgresql")
        #expect(password.status == 64 && password.errorOutput.contains("~/.pgpass"), "\(password.errorOutput)")
        #expect(!password.errorOutput.contains("hunter2"))
        let file = try bundle("var/requests.sqlite", cgi: "postgresql")
        #expect(file.status == 64 && file.errorOutput.contains("--database takes a PostgreSQL URI"))
        for name in ["sqlite", "mixed"] {
            let refused = try bundle(url, cgi: name)
            let named = try #require(builds[name]).path + (name == "mixed" ? "-jobs" : "")
            #expect(refused.status == 1, "\(name): \(refused.errorOutput)")
            #expect(refused.errorOutput.contains("\(named) is a SQLite build"), "\(name): \(refused.errorOutput)")
            #expect(refused.errorOutput.contains("scripts/build-cgi --postgresql"))
            #expect(!fileManager.fileExists(atPath: out.path))
        }

        let result = try bundle(url, cgi: "postgresql")
        try #require(result.status == 0, "\(result.errorOutput)")
        let settings =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("deployment.json"))) as? [String: Any]
        #expect(settings?["database"] as? String == url)
        #expect(
            try Data(contentsOf: out.appendingPathComponent("cgi-bin/predict.cgi"))
                == Data(contentsOf: try #require(builds["postgresql"])))
        #expect(
            try Data(contentsOf: out.appendingPathComponent("cgi-bin/predict.cgi-jobs"))
                == Data(contentsOf: URL(fileURLWithPath: try #require(builds["postgresql"]).path + "-jobs")))
        let containerfile = try String(contentsOf: out.appendingPathComponent("Containerfile"), encoding: .utf8)
        #expect(containerfile.contains("lighttpd libsqlite3-0 libpq5 "))
        let readme = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("    modelpress db migrate --database '\(url)'\n"), "\(readme)")
        #expect(readme.contains("predict.cgi's PostgreSQL build"))
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
