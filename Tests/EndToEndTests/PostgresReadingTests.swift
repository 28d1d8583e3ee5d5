import Foundation
import RegistryTestSupport
import ServingCore
import Testing

/// The commands that read a request log — `monitor`, `publish --requests` — on a PostgreSQL log
/// against the same rows in SQLite, and `requests copy` between the two both ways, against a real
/// PostgreSQL server the tests start and stop (`PostgresCluster`).
@Suite(
    .serialized, .enabled(if: PostgresCluster.isInstalled, Comment(rawValue: PostgresCluster.missingMessage)))
struct PostgresReadingTests {
    static let root = Executables.repositoryRoot

    func modelpress(_ arguments: [String], in folder: URL? = nil) throws -> ProcessResult {
        try run(Executables.modelpress, arguments, in: folder)
    }

    func migrate(_ url: String) throws {
        let result = try modelpress(["db", "migrate", "--database", url])
        try #require(result.status == 0, "db migrate: \(result.errorOutput)")
    }

    /// monitor's JSON without the key that names the log.
    func monitorJSON(_ log: String, _ options: [String] = []) throws -> (status: Int32, report: NSDictionary) {
        let result = try modelpress(
            [
                "monitor", "penguin_species", "--requests", log, "--min-requests", "20", "--json", "--root",
                Self.root.path,
            ]
                + options)
        var object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(object["log"] as? String == RequestStore(naming: log).description)
        object["log"] = nil
        return (result.status, object as NSDictionary)
    }

    @Test func monitorAndPublishReadPostgreSQLAsTheyReadTheSameRowsInSQLite() throws {
        let folder = try TemporaryFolder("modelpress-pg-reading")
        defer { folder.remove() }
        let sqlite = try MonitorCLITests.log(in: folder, shift: 8)
        try PostgresCluster.with { cluster in
            try migrate(cluster.url)
            let copy = try modelpress(["requests", "copy", "--from", sqlite, "--to", cluster.url])
            #expect(copy.status == 0, "\(copy.errorOutput)")
            #expect(
                copy.output
                    == "copied 69 requests from \(URL(fileURLWithPath: sqlite).resolvingSymlinksInPath().path) to "
                    + "\(cluster.url) (ids kept)\n")
            #expect(try cluster.psql("SELECT count(*) FROM request") == "69")

            // monitor: the same verdict, windows and figures from either log; exit 2 (drift) both.
            for (options, requests) in [
                (["--window", "1d"], 69),
                // Times compared as text in byte order on both (PostgreSQL's default collation follows the locale).
                (["--window", "12h", "--since", "2026-11-02T00:30:00Z"], 39),
            ] {
                let fromSQLite = try monitorJSON(sqlite, options)
                let fromPostgreSQL = try monitorJSON(cluster.url, options)
                #expect(fromSQLite.status == 2 && fromPostgreSQL.status == 2, "\(options)")
                #expect(fromSQLite.report == fromPostgreSQL.report, "\(options)")
                #expect((fromPostgreSQL.report["requests"] as? Int) == requests, "\(options)")
            }

            // publish --requests: the same serving statistics and monitoring section.
            var pages: [String] = []
            for (name, log) in [("sqlite", sqlite), ("postgresql", cluster.url)] {
                let out = folder.url.appendingPathComponent("site-\(name)")
                let published = try modelpress(["publish", "--out", out.path, "--requests", log], in: Self.root)
                #expect(published.status == 0, "\(published.errorOutput)")
                let card = try String(
                    contentsOf: out.appendingPathComponent("endpoints/penguin_species/random_forest/1.0.0/index.html"),
                    encoding: .utf8)
                pages.append(card)
            }
            #expect(pages[0].contains("id=\"monitoring\"") && pages[0].contains("requests.sqlite"))
            #expect(pages[1].contains("modelpress (PostgreSQL)") && !pages[1].contains("host="))
            #expect(pages[0].replacingOccurrences(of: "requests.sqlite", with: "modelpress (PostgreSQL)") == pages[1])
        }
    }

    @Test func copyBothWaysKeepsEveryColumnAndMovesTheIdSequencePastTheCopiedIds() throws {
        let folder = try TemporaryFolder("modelpress-pg-copy")
        defer { folder.remove() }
        let sqlite = try MonitorCLITests.log(in: folder)
        let back = folder.url.appendingPathComponent("back/requests.sqlite").path
        try PostgresCluster.with { cluster in
            try migrate(cluster.url)
            #expect(try modelpress(["requests", "copy", "--from", sqlite, "--to", cluster.url]).status == 0)
            // Columns a served prediction leaves empty, filled as feedback, tests and regression fill them.
            _ = try cluster.psql(
                "UPDATE request SET feedback = 'Adelie', feedback_at = '2026-11-03T10:00:00Z', ab_test_id = 7, "
                    + "ab_arm = 'B', client_id = 'c-1', value = 0.1, probabilities = '{\"Adelie\":0.25}' WHERE id = 3")
            let result = try modelpress(["requests", "copy", "--from", cluster.url, "--to", back])
            #expect(result.status == 0, "\(result.errorOutput)")
            var expected = try RequestLogFile.rows(at: sqlite)
            expected[2].feedback = "Adelie"
            expected[2].feedbackAt = "2026-11-03T10:00:00Z"
            expected[2].abTestID = 7
            expected[2].abArm = "B"
            expected[2].clientID = "c-1"
            expected[2].value = 0.1
            expected[2].probabilities = "{\"Adelie\":0.25}"
            let copied = try RequestLogFile.rows(at: back)
            #expect(copied.count == 69 && copied.map(\.id) == (1...69).map { Int64($0) })
            // Every double as it was written (probabilities of the model, bit for bit).
            #expect(copied == expected)
            // The next request any host logs gets an id past the copied ones.
            #expect(try cluster.psql("SELECT nextval(pg_get_serial_sequence('request', 'id'))") == "70")
        }
    }

    @Test func copyRefusesWhatWouldLoseOrMixRowsAndChangesNothing() throws {
        let folder = try TemporaryFolder("modelpress-pg-refusals")
        defer { folder.remove() }
        let sqlite = try MonitorCLITests.log(in: folder)
        try PostgresCluster.with { cluster in
            func refused(_ arguments: [String], saying text: String) throws {
                let result = try modelpress(["requests", "copy"] + arguments)
                #expect(result.status == 1, "\(arguments)")
                #expect(result.errorOutput.contains(text), "\(arguments): \(result.errorOutput)")
                #expect(result.output.isEmpty)
            }
            // Not migrated yet: says what to run.
            try refused(["--from", sqlite, "--to", cluster.url], saying: "run `modelpress db migrate --database")
            try migrate(cluster.url)
            #expect(try modelpress(["requests", "copy", "--from", sqlite, "--to", cluster.url]).status == 0)
            // A destination with rows: refused both ways, nothing added.
            try refused(["--from", sqlite, "--to", cluster.url], saying: "already holds 69 requests")
            #expect(try cluster.psql("SELECT count(*) FROM request") == "69")
            try refused(["--from", cluster.url, "--to", sqlite], saying: "already holds 69 requests")
            // The same log twice, however spelled.
            try refused(
                ["--from", sqlite, "--to", folder.url.appendingPathComponent("./requests.sqlite").path],
                saying: "name the same log")
            // No source.
            let missing = folder.url.appendingPathComponent("none.sqlite").path
            try refused(["--from", missing, "--to", cluster.url], saying: "there is no request log at")
            #expect(!FileManager.default.fileExists(atPath: missing))
            // A SQLite file that is no request log: as a destination it is not touched.
            let other = folder.url.appendingPathComponent("other.sqlite")
            let made = try run(
                URL(fileURLWithPath: "/usr/bin/python3"),
                [
                    "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE notes (x)')",
                    other.path,
                ])
            try #require(made.status == 0, "\(made.errorOutput)")
            let before = try Data(contentsOf: other)
            try refused(["--from", cluster.url, "--to", other.path], saying: "is not a modelpress request log")
            #expect(try Data(contentsOf: other) == before)
            try refused(["--from", other.path, "--to", cluster.url], saying: "is not a modelpress request log")
            // A copy that fails half-way (a damaged row 40) into a new file leaves no file behind.
            let damaged = folder.url.appendingPathComponent("damaged.sqlite").path
            let broke = try run(
                URL(fileURLWithPath: "/usr/bin/python3"),
                [
                    "-c",
                    "import sqlite3, sys; d = sqlite3.connect(sys.argv[2]); sqlite3.connect(sys.argv[1]).backup(d); "
                        + "d.execute(\"UPDATE request SET probability = 'high' WHERE id = 40\"); d.commit()",
                    sqlite, damaged,
                ])
            try #require(broke.status == 0, "\(broke.errorOutput)")
            let fresh = folder.url.appendingPathComponent("fresh.sqlite").path
            try refused(
                ["--from", damaged, "--to", fresh], saying: "holds request 40 that is not what predict.cgi writes")
            #expect(!FileManager.default.fileExists(atPath: fresh))
        }
    }
}
