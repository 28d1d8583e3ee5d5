import Foundation
import Testing

/// The request log in PostgreSQL, against a real PostgreSQL 15 server the tests start and stop
/// (`PostgresCluster`): the schema's migrations, two serving hosts sharing one log, feedback
/// across hosts, and the database stopped under load.
@Suite(
    .serialized, .enabled(if: PostgresCluster.isInstalled, Comment(rawValue: PostgresCluster.missingMessage)))
struct PostgresServingTests {
    static let predictPath = "/cgi-bin/predict.cgi/income_classifier/predict"

    /// What a load run (or the stop beside it) on another thread came to.
    final class Outcome: @unchecked Sendable {
        var result: Result<(summary: [String: Any], ids: [Int]), any Error>?
    }

    /// Migrates the cluster's database with the CLI, as an operator does.
    func migrate(_ cluster: PostgresCluster) throws {
        let result = try run(Executables.modelpress, ["db", "migrate", "--database", cluster.url])
        try #require(result.status == 0, "db migrate: \(result.errorOutput)")
    }

    /// A host of the shared deployment: the research folder, a var/ of its own, predict.cgi's
    /// PostgreSQL build; the database named in deployment.json (`byEnvironment` false) or in the
    /// web server's MODELPRESS_DATABASE_URL over a deployment.json that names none.
    func withHost<T>(
        _ cluster: PostgresCluster, byEnvironment: Bool = false, _ body: (LighttpdServer) throws -> T
    ) throws -> T {
        try withHost(cluster, byEnvironment: byEnvironment) { server, _ in try body(server) }
    }

    /// `withHost`, also giving `body` the host's deployment folder; `settings` are more
    /// deployment.json keys (`"job_chunk_rows": 7`) beside the database.
    func withHost<T>(
        _ cluster: PostgresCluster, byEnvironment: Bool = false, settings: String = "",
        _ body: (LighttpdServer, URL) throws -> T
    ) throws -> T {
        let extra = settings.isEmpty ? "" : ", " + settings
        return try LighttpdServer.with(
            research: try DeploymentFixture.url().appendingPathComponent("research"),
            cgi: Executables.predictCGIPostgreSQL, jobs: Executables.predictCGIPostgreSQLJobs,
            settings: byEnvironment
                ? (settings.isEmpty ? nil : "{\(settings)}") : #"{"database": "\#(cluster.url)"\#(extra)}"#,
            environment: byEnvironment ? ["MODELPRESS_DATABASE_URL": cluster.url] : [:]
        ) { server, log in try body(server, log.deletingLastPathComponent().deletingLastPathComponent()) }
    }

    /// Sends `count` predictions at `concurrency` to `server` with scripts/e2e/load.py, and more
    /// until the file `until` exists when given; returns its summary and the request ids of the
    /// 200 answers.
    static func load(
        _ server: LighttpdServer, count: Int, concurrency: Int, until: URL? = nil
    ) throws -> (summary: [String: Any], ids: [Int]) {
        let folder = try TemporaryFolder("modelpress-load")
        defer { folder.remove() }
        let body = folder.url.appendingPathComponent("body.json")
        try Data(DeploymentFixture.referenceRecord.utf8).write(to: body)
        let idsFile = folder.url.appendingPathComponent("ids.txt")
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                Executables.repositoryRoot.appendingPathComponent("scripts/e2e/load.py").path,
                server.baseURL + predictPath, body.path, "\(count)", "\(concurrency)", "--ids", idsFile.path,
            ] + (until.map { ["--until", $0.path] } ?? []))
        guard result.status == 0,
            let summary = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        else { throw LighttpdServer.ServerError(message: "load.py failed: \(result.errorOutput)") }
        let ids = try String(contentsOf: idsFile, encoding: .utf8).split(separator: "\n").compactMap { Int($0) }
        return (summary, ids)
    }

    @Test func migratingTwiceChangesNothingAndTheTableHasTheLogsColumns() throws {
        try PostgresCluster.with { cluster in
            let first = try run(Executables.modelpress, ["db", "migrate", "--database", cluster.url])
            #expect(first.status == 0, "\(first.errorOutput)")
            #expect(first.output.contains("applied migration 'v1 requests'"), "\(first.output)")
            #expect(first.output.contains("applied migration 'v2 jobs'"), "\(first.output)")
            // The environment names the database as well as --database does.
            var environment = ProcessInfo.processInfo.environment
            environment["MODELPRESS_DATABASE_URL"] = cluster.url
            environment["MODELPRESS_DEPLOYMENT"] = nil
            let second = try run(Executables.modelpress, ["db", "migrate"], environment: environment)
            #expect(second.status == 0, "\(second.errorOutput)")
            #expect(second.output.contains("up to date, 2 of 2 migrations applied before (v1 requests, v2 jobs)"))
            #expect(!second.output.contains("applied migration"))
            #expect(try cluster.psql("SELECT count(*) FROM modelpress_migration") == "2")
            // The job table has the SQLite queue's columns in the same order (JobRecord.columnNames,
            // checked against the SQLite table in JobRecordTextTests).
            let jobColumns = try cluster.psql(
                "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns "
                    + "WHERE table_name = 'job'")
            #expect(
                jobColumns
                    == "id, endpoint, schema_sha256, status_pin, model_pin, version_pin, skip_invalid, status, "
                    + "submitted_at, started_at, finished_at, expired_at, rows_total, rows_done, rows_skipped, "
                    + "skipped_errors, input, result_file, error, lease_owner, lease_until, attempts, explain")
            // The same columns in the same order as the SQLite log (LoggedRequest.CodingKeys).
            let columns = try cluster.psql(
                "SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' "
                    + "ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'request'")
            #expect(
                columns
                    == "id bigint NO, created_at text NO, endpoint text NO, model text NO, version text NO, "
                    + "ab_test_id bigint YES, ab_arm text YES, client_id text YES, input text NO, label text NO, "
                    + "probability double precision NO, positive_probability double precision NO, "
                    + "latency_us bigint NO, source text NO, token_sha256 text NO, feedback text YES, "
                    + "feedback_at text YES, value double precision YES, probabilities text YES")
        }
    }

    @Test func migrateRefusesWhatIsNoPostgreSQLDatabaseAndSaysWhy() throws {
        let sqlite = try run(Executables.modelpress, ["db", "migrate", "--database", "var/requests.sqlite"])
        #expect(sqlite.status == 64)
        #expect(sqlite.errorOutput.contains("--database must be a PostgreSQL URI"), "\(sqlite.errorOutput)")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var environment = ProcessInfo.processInfo.environment
        environment["MODELPRESS_DATABASE_URL"] = nil
        let none = try run(
            Executables.modelpress, ["db", "migrate", "--deployment", folder.url.path], environment: environment)
        #expect(none.status == 1)
        #expect(
            none.errorOutput.contains(
                "the deployment \(folder.url.path) has no deployment.json, so it names no database: pass --database "
                    + "postgresql://HOST/DATABASE"), "\(none.errorOutput)")
        // No such folder, a deployment.json without a database, and one naming a SQLite log
        // are each told as such (trial25 #9: all three were "keeps its request log in SQLite").
        let missing = folder.url.appendingPathComponent("nonexist").path
        let nowhere = try run(
            Executables.modelpress, ["db", "migrate", "--deployment", missing], environment: environment)
        #expect(nowhere.status == 1)
        #expect(
            nowhere.errorOutput.contains("there is no deployment folder \(missing): check the path"),
            "\(nowhere.errorOutput)")
        let settings = folder.url.appendingPathComponent("deployment.json")
        try Data(#"{"max_body_bytes": 65536}"#.utf8).write(to: settings)
        let unnamed = try run(
            Executables.modelpress, ["db", "migrate", "--deployment", folder.url.path], environment: environment)
        #expect(
            unnamed.errorOutput.contains(
                "\(settings.path) names no database, so predict.cgi keeps its request log in SQLite"),
            "\(unnamed.errorOutput)")
        try Data(#"{"database": "logs/requests.sqlite"}"#.utf8).write(to: settings)
        let named = try run(
            Executables.modelpress, ["db", "migrate", "--deployment", folder.url.path], environment: environment)
        #expect(named.status == 1)
        #expect(
            named.errorOutput.contains("\(settings.path) names a SQLite log as its database ("), "\(named.errorOutput)")
        #expect(named.errorOutput.contains("which needs no migration (predict.cgi sets it up)"))
        // A server that is not there: libpq's reason, and the URI without its password.
        let absent = try run(
            Executables.modelpress,
            ["db", "migrate", "--database", "postgresql://app:secret@127.0.0.1:1/modelpress?connect_timeout=2"])
        #expect(absent.status == 1)
        #expect(absent.errorOutput.contains("PostgreSQL at postgresql://app:…@127.0.0.1:1/modelpress"))
        #expect(!absent.errorOutput.contains("secret"), "\(absent.errorOutput)")
    }

    /// Two hosts, one database: every 200 has its row, ids are unique across the hosts, and
    /// feedback for host A's request is taken by host B, once.
    @Test func twoHostsShareOneLog() throws {
        try PostgresCluster.with { cluster in
            try migrate(cluster)
            try withHost(cluster) { hostA in
                try withHost(cluster, byEnvironment: true) { hostB in
                    let outcomes = [Outcome(), Outcome()]
                    DispatchQueue.concurrentPerform(iterations: 2) { index in
                        outcomes[index].result = Result {
                            try Self.load(index == 0 ? hostA : hostB, count: 600, concurrency: 8)
                        }
                    }
                    let a = try #require(outcomes[0].result).get()
                    let b = try #require(outcomes[1].result).get()
                    #expect(a.summary["ok"] as? Int == 600, "host A: \(a.summary)")
                    #expect(b.summary["ok"] as? Int == 600, "host B: \(b.summary)")
                    let ids = a.ids + b.ids
                    #expect(Set(ids).count == ids.count, "a request id was answered twice")
                    #expect(try cluster.psql("SELECT count(*) FROM request") == "\(ids.count)")
                    #expect(try cluster.psql("SELECT count(DISTINCT id) FROM request") == "\(ids.count)")
                    let answered = Set(ids)
                    let stored = Set(
                        try cluster.psql("SELECT id FROM request").split(separator: "\n").compactMap { Int($0) })
                    #expect(stored == answered, "rows and answers differ")

                    // Feedback for A's request, posted to B: taken once; another label refused.
                    let answer = try hostA.post(Self.predictPath, body: DeploymentFixture.referenceRecord)
                    try #require(answer.status == 200, "\(answer.body)")
                    let json = try #require(
                        try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
                    let id = try #require(json["request_id"] as? Int)
                    let token = try #require(json["feedback_token"] as? String)
                    let path = "/cgi-bin/predict.cgi/requests/\(id)/feedback"
                    let first = try hostB.post(path, body: #"{"feedback": ">50K.", "token": "\#(token)"}"#)
                    #expect(first.status == 200, "\(first.body)")
                    #expect(first.body.contains(#""recorded":true"#), "\(first.body)")
                    let again = try hostB.post(path, body: #"{"feedback": ">50K", "token": "\#(token)"}"#)
                    #expect(again.status == 200)
                    #expect(again.body.contains(#""recorded":false"#), "\(again.body)")
                    let other = try hostA.post(path, body: #"{"feedback": "<=50K", "token": "\#(token)"}"#)
                    #expect(other.status == 409, "\(other.body)")
                    #expect(other.body.contains("the first feedback wins"))
                    let wrong = try hostA.post(path, body: #"{"feedback": "<=50K", "token": "0000"}"#)
                    #expect(wrong.status == 403)
                    let missing = try hostB.post(
                        "/cgi-bin/predict.cgi/requests/\(id + 1_000_000)/feedback",
                        body: #"{"feedback": "<=50K", "token": "\#(token)"}"#)
                    #expect(missing.status == 404)
                    #expect(try cluster.psql("SELECT feedback FROM request WHERE id = \(id)") == ">50K")
                    // The token is stored as its SHA-256, never as sent.
                    #expect(try cluster.psql("SELECT count(*) FROM request WHERE token_sha256 = '\(token)'") == "0")
                    #expect(try cluster.psql("SELECT length(token_sha256) FROM request WHERE id = \(id)") == "64")
                }
            }
        }
    }

    /// PostgreSQL stopped in the middle of a load run: every answer is a 200 whose row is
    /// committed, or a 503; once it is back, serving recovers.
    @Test func stoppingTheDatabaseUnderLoadNeverAnswers200WithoutARow() throws {
        try PostgresCluster.with { cluster in
            try migrate(cluster)
            try withHost(cluster) { host in
                let load = Outcome()
                let restarted = Outcome()
                // The run goes on until the database is back, so that the stop falls inside it
                // however fast the requests go (a busy machine's run once ended before the stop).
                let back = FileManager.default.temporaryDirectory.appendingPathComponent("back-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: back) }
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    guard index == 1 else {
                        load.result = Result { try Self.load(host, count: 600, concurrency: 8, until: back) }
                        return
                    }
                    // Stopped once the run is under way, started again a second later.
                    restarted.result = Result {
                        defer { FileManager.default.createFile(atPath: back.path, contents: Data()) }
                        let deadline = Date().addingTimeInterval(60)
                        while Date() < deadline,
                            (Int((try? cluster.psql("SELECT count(*) FROM request")) ?? "") ?? 0) < 200
                        {
                            usleep(50_000)
                        }
                        try cluster.stop()
                        usleep(1_000_000)
                        try cluster.start()
                        return (summary: [:], ids: [])
                    }
                }
                _ = try #require(restarted.result).get()
                let (summary, ids) = try #require(load.result).get()
                let errors = summary["errors"] as? [String: Int] ?? [:]
                #expect(Set(errors.keys).isSubset(of: ["503"]), "answers other than 200 and 503: \(summary)")
                #expect((errors["503"] ?? 0) > 0, "the stop fell outside the run: \(summary)")
                #expect(summary["ok"] as? Int == ids.count)
                let stored = Set(
                    try cluster.psql("SELECT id FROM request").split(separator: "\n").compactMap { Int($0) })
                let unlogged = Set(ids).subtracting(stored)
                #expect(unlogged.isEmpty, "200 answers without a row: \(unlogged.sorted().prefix(10))")
                // Back: the next request is served and logged.
                let after = try host.post(Self.predictPath, body: DeploymentFixture.referenceRecord)
                #expect(after.status == 200, "\(after.body)")
            }
        }
    }

    /// An A/B test's counts, read by `ab show` from the database, hold both hosts' requests and
    /// the feedback either host took.
    @Test func abShowCountsBothHosts() throws {
        try PostgresCluster.with { cluster in
            try migrate(cluster)
            let folder = try TemporaryFolder("modelpress-pg-ab")
            defer { folder.remove() }
            // A repository of this test's own, so the A/B test does not reach the shared fixture.
            try FileManager.default.copyItem(
                at: try DeploymentFixture.url().appendingPathComponent("research"),
                to: folder.url.appendingPathComponent("research"))
            let start = try run(
                Executables.modelpress,
                [
                    "ab", "start", "income_classifier", "--a", "random_forest@1.0.0", "--b", "gradient_boosting@1.0.0",
                    "--split", "50", "--title", "two hosts", "--by", "e2e",
                ], in: folder.url)
            try #require(start.status == 0, "ab start: \(start.errorOutput)")
            let started = try #require(start.output.split(separator: "\n").first { $0.hasPrefix("started A/B test ") })
            let id = try #require(started.split(separator: " ").dropFirst(3).first.map(String.init))
            let research = folder.url.appendingPathComponent("research")
            var feedbackGiven: [String: Int] = [:]
            var served: [String: Int] = [:]
            try LighttpdServer.with(
                research: research, cgi: Executables.predictCGIPostgreSQL, jobs: Executables.predictCGIPostgreSQLJobs,
                settings: #"{"database": "\#(cluster.url)"}"#
            ) { hostA, _ in
                try LighttpdServer.with(
                    research: research, cgi: Executables.predictCGIPostgreSQL,
                    jobs: Executables.predictCGIPostgreSQLJobs,
                    environment: ["MODELPRESS_DATABASE_URL": cluster.url]
                ) { hostB, _ in
                    for index in 0..<40 {
                        let (host, other) = index % 2 == 0 ? (hostA, hostB) : (hostB, hostA)
                        let answer = try host.post(Self.predictPath, body: DeploymentFixture.referenceRecord)
                        try #require(answer.status == 200, "\(answer.body)")
                        let json = try #require(
                            try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
                        let arm = try #require((json["ab_test"] as? [String: Any])?["arm"] as? String)
                        served[arm, default: 0] += 1
                        guard index % 4 < 2 else { continue }
                        // Feedback on every other pair, posted to the host that did not answer.
                        let token = try #require(json["feedback_token"] as? String)
                        let requestID = try #require(json["request_id"] as? Int)
                        let feedback = try other.post(
                            "/cgi-bin/predict.cgi/requests/\(requestID)/feedback",
                            body: #"{"feedback": "<=50K", "token": "\#(token)"}"#)
                        try #require(feedback.status == 200, "\(feedback.body)")
                        feedbackGiven[arm, default: 0] += 1
                    }
                }
            }
            let show = try run(
                Executables.modelpress, ["ab", "show", id, "--requests", cluster.url, "--json"], in: folder.url)
            try #require(show.status == 0, "ab show: \(show.errorOutput)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any])
            let arms = try #require((document["interim"] as? [String: Any])?["arms"] as? [[String: Any]])
            for arm in arms {
                let name = try #require(arm["arm"] as? String)
                #expect(arm["requests"] as? Int == served[name, default: 0], "arm \(name): \(arm)")
                #expect(arm["with_feedback"] as? Int == feedbackGiven[name, default: 0], "arm \(name): \(arm)")
            }
            #expect(served.values.reduce(0, +) == 40)
            // The deployment's database, named in the environment, is read the same way.
            var environment = ProcessInfo.processInfo.environment
            environment["MODELPRESS_DATABASE_URL"] = cluster.url
            environment["MODELPRESS_DEPLOYMENT"] = nil
            let fromEnvironment = try run(
                Executables.modelpress, ["ab", "show", id, "--json"], environment: environment, in: folder.url)
            #expect(fromEnvironment.status == 0, "\(fromEnvironment.errorOutput)")
            #expect(fromEnvironment.output == show.output)
        }
    }

    /// A deployment whose log is in PostgreSQL, given the SQLite build of predict.cgi (which does
    /// not link libpq), or a batch job: 503, saying what to install or use instead; nothing is
    /// connected to.
    @Test func whatCannotServeAPostgreSQLLogRefusesWith503() throws {
        let fixture = try DeploymentFixture.url()
        let body = DeploymentFixture.referenceRecord
        let variables = [
            "REQUEST_METHOD": "POST", "PATH_INFO": "/income_classifier/predict", "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": "\(body.utf8.count)", "MODELPRESS_DEPLOYMENT": fixture.path,
            // No server: a socket folder that does not exist, so connecting fails at once.
            "MODELPRESS_DATABASE_URL": "postgresql://app:secret@/modelpress?host=/nonexistent-modelpress",
        ]
        let sqliteBuild = try run(Executables.predictCGI, environment: variables, input: Data(body.utf8))
        #expect(sqliteBuild.output.hasPrefix("Status: 503 Service Unavailable\r\n"), "\(sqliteBuild.output)")
        #expect(sqliteBuild.output.contains("the request log is not available, so nothing is served"))
        #expect(sqliteBuild.errorOutput.contains("install the PostgreSQL build (PredictCGI-postgresql)"))
        #expect(!sqliteBuild.errorOutput.contains("secret"))
        // A job reaching the SQLite build of predict.cgi-jobs is refused once the rows are read,
        // before any queue is opened, saying which build to install.
        var job = variables
        job["PATH_INFO"] = "/income_classifier/jobs"
        let rows = "[\(body)]"
        job["CONTENT_LENGTH"] = "\(rows.utf8.count)"
        let jobs = try run(Executables.predictCGIJobs, environment: job, input: Data(rows.utf8))
        #expect(jobs.output.hasPrefix("Status: 503 Service Unavailable\r\n"), "\(jobs.output)")
        #expect(jobs.output.contains("batch jobs are not available on this deployment"))
        #expect(
            jobs.errorOutput.contains("install the PostgreSQL build (PredictCGI-postgresql-jobs)"),
            "\(jobs.errorOutput)")
        #expect(!jobs.errorOutput.contains("secret"))
        // Its PostgreSQL build, with no server there: 503, the cause in the error log.
        let noServer = try run(Executables.predictCGIPostgreSQLJobs, environment: job, input: Data(rows.utf8))
        #expect(noServer.output.hasPrefix("Status: 503 Service Unavailable\r\n"), "\(noServer.output)")
        #expect(noServer.output.contains("the job queue cannot be opened"), "\(noServer.output)")
        #expect(noServer.errorOutput.contains("cannot connect to PostgreSQL at postgresql://app:…@/modelpress"))
        #expect(!noServer.errorOutput.contains("secret"))
        // A PostgreSQL that is not there: 503 with the SQLite path's message, the cause in the log.
        let absent = try run(Executables.predictCGIPostgreSQL, environment: variables, input: Data(body.utf8))
        #expect(absent.output.hasPrefix("Status: 503 Service Unavailable\r\n"), "\(absent.output)")
        #expect(absent.output.contains("the request log cannot be opened"), "\(absent.output)")
        #expect(
            absent.errorOutput.contains(
                "cannot connect to PostgreSQL at postgresql://app:…@/modelpress?host=/nonexistent-modelpress"),
            "\(absent.errorOutput)")
        #expect(!absent.errorOutput.contains("secret"))
    }
}
