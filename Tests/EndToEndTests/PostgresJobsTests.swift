import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Batch jobs of a deployment whose hosts share one PostgreSQL database, against a real
/// PostgreSQL 15 server the tests start and stop (`PostgresCluster`) and two lighttpd hosts with
/// var/ folders of their own: jobs submitted to either host are worked once each by the workers
/// the hosts start, and each result downloads from either host.
@Suite(
    .serialized, .enabled(if: PostgresCluster.isInstalled, Comment(rawValue: PostgresCluster.missingMessage)))
struct PostgresJobsTests {
    static let jobsPath = "/cgi-bin/predict.cgi/income_classifier/jobs"

    @Test func jobsSubmittedToTwoHostsAreWorkedOnceEachAndDownloadFromEither() throws {
        let serving = PostgresServingTests()
        try PostgresCluster.with { cluster in
            try serving.migrate(cluster)
            // Host A scores in chunks of 7 rows (so a job renews its lease many times); host B
            // names the database only in the web server's environment.
            try serving.withHost(cluster, settings: #""job_chunk_rows": 7"#) { hostA, folderA in
                try serving.withHost(cluster, byEnvironment: true) { hostB, folderB in
                    var jobs: [(id: String, rows: Int, submittedToA: Bool)] = []
                    for index in 0..<20 {
                        let rows = 10 + index
                        let host = index % 2 == 0 ? hostA : hostB
                        let answer = try host.post(
                            Self.jobsPath, body: try JobDeployment.adultCSV(rows: rows), contentType: "text/csv")
                        try #require(answer.status == 202, "job \(index): \(answer.body)")
                        let id = try #require(try parseJSON(answer.body)["task_id"] as? String)
                        jobs.append((id, rows, index % 2 == 0))
                    }
                    // Each job's status is polled on the host it was not submitted to.
                    let deadline = Date().addingTimeInterval(180)
                    var statuses: [String: [String: Any]] = [:]
                    for job in jobs {
                        let other = job.submittedToA ? hostB : hostA
                        while Date() < deadline {
                            let status = try parseJSON(try other.get("/cgi-bin/predict.cgi/jobs/\(job.id)").body)
                            statuses[job.id] = status
                            if ["SUCCESS", "FAILURE"].contains(status["status"] as? String) { break }
                            usleep(100_000)
                        }
                    }
                    var loggedTotal = 0
                    for job in jobs {
                        let status = try #require(statuses[job.id])
                        #expect(status["status"] as? String == "SUCCESS", "\(job.id): \(status)")
                        // Worked once: one claim, every row done.
                        #expect(status["attempts"] as? Int == 1, "\(job.id): \(status)")
                        let progress = try #require(status["progress"] as? [String: Int])
                        #expect(progress["rows_done"] == job.rows && progress["rows_total"] == job.rows)
                        let result = "/cgi-bin/predict.cgi/jobs/\(job.id)/result"
                        let fromA = try hostA.get(result + "?format=csv")
                        let fromB = try hostB.get(result + "?format=csv")
                        #expect(fromA.status == 200 && fromB.status == 200, "\(fromA.body) \(fromB.body)")
                        #expect(fromA.body == fromB.body, "the two hosts serve different results for \(job.id)")
                        let (header, rows) = csvRows(fromA.body)
                        #expect(rows.map { Int($0[0]) } == Array(1...job.rows))
                        // Every row logged once, under the ids the result gives.
                        let requestID = try #require(header.firstIndex(of: "request_id"))
                        let logged = try cluster.psql(
                            "SELECT string_agg(id::text, ',' ORDER BY id) FROM request WHERE source = 'job:\(job.id)'")
                        #expect(logged == rows.map { $0[requestID] }.joined(separator: ","), "\(job.id)")
                        loggedTotal += rows.count
                        let json = try hostB.get(result + "?format=json")
                        let items = try #require(
                            try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [[String: Any]])
                        #expect(items.count == job.rows)
                    }
                    #expect(loggedTotal == jobs.map(\.rows).reduce(0, +))
                    #expect(
                        try cluster.psql("SELECT count(*) FROM request WHERE source LIKE 'job:%'") == "\(loggedTotal)")
                    #expect(try cluster.psql("SELECT count(*) FROM job WHERE status = 'SUCCESS'") == "20")
                    #expect(try cluster.psql("SELECT count(*) FROM job_result") == "40")
                    // The results live in the database: no host keeps a file of them.
                    for folder in [folderA, folderB] {
                        let files = FileManager.default.enumerator(
                            at: folder.appendingPathComponent("var/jobs/results"), includingPropertiesForKeys: nil)?
                            .compactMap { ($0 as? URL)?.pathExtension }.filter { ["csv", "json", "tmp"].contains($0) }
                        #expect(files ?? [] == [], "\(folder.path) keeps result files")
                    }

                    // `modelpress worker` on a third folder with a one-second retention removes the
                    // results from the database; every host then answers 410.
                    let third = try TemporaryFolder("modelpress-pg-worker")
                    defer { third.remove() }
                    try FileManager.default.createSymbolicLink(
                        at: third.url.appendingPathComponent("research"),
                        withDestinationURL: try DeploymentFixture.url().appendingPathComponent("research"))
                    try Data(#"{"database": "\#(cluster.url)", "job_retention_seconds": 1}"#.utf8).write(
                        to: third.url.appendingPathComponent("deployment.json"))
                    sleep(2)
                    let worker = try run(
                        Executables.modelpress, ["worker", "--once", "--deployment", third.url.path], environment: [:])
                    #expect(worker.status == 0, "\(worker.errorOutput)")
                    #expect(worker.output.contains("queue postgresql://"), "\(worker.output)")
                    #expect(
                        worker.output.components(separatedBy: "result expired and removed").count - 1 == 20,
                        "\(worker.output)")
                    #expect(try cluster.psql("SELECT count(*) FROM job_result") == "0")
                    let gone = try hostB.get("/cgi-bin/predict.cgi/jobs/\(jobs[0].id)/result")
                    #expect(gone.status == 410, "\(gone.body)")
                }
            }
        }
    }

    /// A worker killed mid-job leaves the job RUNNING under its lease; once the lease has expired
    /// the next worker takes it again, removes the rows the dead attempt logged and finishes it:
    /// every row logged once, under the ids the result gives.
    @Test func aKilledWorkersJobIsTakenAgainWithItsRowsLoggedOnce() throws {
        try PostgresCluster.with { cluster in
            try PostgresServingTests().migrate(cluster)
            var deployment = try JobDeployment(
                settings:
                    #"{"database": "\#(cluster.url)", "spawn_workers": 0, "job_chunk_rows": 20, "job_lease_seconds": 4}"#
            )
            defer { deployment.remove() }
            deployment.cgi = Executables.predictCGIPostgreSQL
            let id = try deployment.submit(try JobDeployment.adultCSV(rows: 200))
            let done = try deployment.killWorkerMidJob(id, pause: 0.4, rowsDone: { try cluster.psql($0) })
            #expect(done > 0 && done < 200, "the slow worker had done \(done) rows when killed")
            #expect(try cluster.psql("SELECT status FROM job WHERE id = '\(id)'") == "RUNNING")
            let partial = Int(try cluster.psql("SELECT count(*) FROM request WHERE source = 'job:\(id)'")) ?? 0
            #expect(partial > 0 && partial < 200, "\(partial) rows logged")

            // Until the lease expires no one takes the job; then the next worker does.
            let early = try deployment.runWorkerOnce()
            #expect(!early.contains("job \(id)"), "\(early)")
            usleep(4_200_000)
            let late = try deployment.runWorkerOnce()
            #expect(late.contains("job \(id): removed \(partial) rows logged by an unfinished attempt"), "\(late)")
            #expect(late.contains("job \(id): SUCCESS, 200 rows"), "\(late)")

            let status = try deployment.waitForEnd(id, seconds: 1)
            #expect(status["status"] as? String == "SUCCESS", "\(status)")
            #expect(status["attempts"] as? Int == 2)
            let result = try deployment.request("GET", "/jobs/\(id)/result", query: "format=csv")
            #expect(result.status == 200, "\(result.body)")
            let (header, rows) = csvRows(result.body)
            #expect(rows.map { Int($0[0]) } == Array(1...200))
            let requestID = try #require(header.firstIndex(of: "request_id"))
            let logged = try cluster.psql(
                "SELECT string_agg(id::text, ',' ORDER BY id) FROM request WHERE source = 'job:\(id)'")
            #expect(logged == rows.map { $0[requestID] }.joined(separator: ","))
        }
    }

    /// The database stopped for a second in the middle of a job ends the worker predict.cgi
    /// started for it, leaving the job RUNNING under a lease nobody renews. A client that only
    /// polls is all it takes: once the lease has expired, a status request starts a worker,
    /// which takes the job again and finishes it with every row logged once (trial29 #10).
    @Test func aJobWhoseWorkerDiedWithTheDatabaseIsFinishedByPollingAlone() throws {
        let serving = PostgresServingTests()
        try PostgresCluster.with { cluster in
            try serving.migrate(cluster)
            try serving.withHost(cluster, settings: #""job_chunk_rows": 2, "job_lease_seconds": 3"#) { host, _ in
                let rows = 1000
                let answer = try host.post(
                    Self.jobsPath, body: try JobDeployment.adultCSV(rows: rows), contentType: "text/csv")
                try #require(answer.status == 202, "\(answer.body)")
                let id = try #require(try parseJSON(answer.body)["task_id"] as? String)
                let progress = "SELECT rows_done FROM job WHERE id = '\(id)'"
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline, (Int((try? cluster.psql(progress)) ?? "") ?? 0) == 0 { usleep(20_000) }
                try cluster.stop()
                usleep(1_000_000)
                try cluster.start()
                let stopped = try cluster.psql("SELECT status || ' ' || rows_done || ' ' || attempts FROM job")
                #expect(stopped.hasPrefix("RUNNING "), "\(stopped)")
                #expect(!stopped.hasPrefix("RUNNING \(rows) "), "the job had ended before the stop: \(stopped)")

                var status: [String: Any] = [:]
                let end = Date().addingTimeInterval(90)
                while Date() < end {
                    status = try parseJSON(try host.get("/cgi-bin/predict.cgi/jobs/\(id)").body)
                    if ["SUCCESS", "FAILURE"].contains(status["status"] as? String) { break }
                    usleep(200_000)
                }
                #expect(status["status"] as? String == "SUCCESS", "\(status)")
                #expect((status["attempts"] as? Int ?? 0) >= 2, "\(status)")
                #expect(try cluster.psql("SELECT count(*) FROM request WHERE source = 'job:\(id)'") == "\(rows)")
            }
        }
    }

    /// `modelpress worker` as a service outlives a database restart: while PostgreSQL is down it
    /// says why and tries again, then runs the job submitted once it is back (trial29 #10: it
    /// exited, and a restart policy had to bring it back).
    @Test func theWorkerServiceWaitsOutADatabaseRestart() throws {
        try PostgresCluster.with { cluster in
            try PostgresServingTests().migrate(cluster)
            var deployment = try JobDeployment(
                settings: #"{"database": "\#(cluster.url)", "spawn_workers": 0}"#)
            defer { deployment.remove() }
            deployment.cgi = Executables.predictCGIPostgreSQL
            let (worker, output) = try deployment.startWorker(["--poll", "0.2"])
            defer {
                if worker.isRunning { kill(worker.processIdentifier, SIGKILL) }
            }
            usleep(1_000_000)
            try cluster.stop()
            usleep(3_500_000)
            #expect(worker.isRunning, "the worker exited while the database was down")
            try cluster.start()
            let id = try deployment.submit(try JobDeployment.adultCSV(rows: 30))
            let status = try deployment.waitForEnd(id, seconds: 90)
            #expect(status["status"] as? String == "SUCCESS", "\(status)")
            #expect(worker.isRunning)
            // SIGKILL: a process the test runner starts inherits its blocked SIGTERM.
            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(text.contains("; trying again in 1 s"), "\(text)")
            #expect(text.contains("; trying again in 2 s"), "\(text)")
            #expect(text.contains("job \(id): SUCCESS, 30 rows"), "\(text)")
        }
    }
}
