import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `modelpress worker` processes against one queue: jobs are claimed exactly once, a killed
/// worker's job is finished by another, and results expire.
@Suite(.serialized) struct JobsWorkerTests {
    @Test func twoWorkersRunTwentyJobsEachExactlyOnce() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0, "job_chunk_rows": 10}"#)
        defer { deployment.remove() }
        let csv = try JobDeployment.adultCSV(rows: 30)
        let ids = try (0..<20).map { _ in try deployment.submit(csv) }
        #expect(Set(ids).count == 20)
        #expect(try deployment.sql("jobs.sqlite", "select count(*) from job where status = 'PENDING'") == "20")

        let workers = try (0..<2).map { _ in try deployment.startWorker(["--once"]) }
        let outputs = workers.map { process, pipe in
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        let finished = outputs.map { output in
            output.split(separator: "\n").filter { $0.hasSuffix("SUCCESS, 30 rows") }.map {
                String($0.dropFirst(4).prefix(32))
            }
        }
        // Between them the two workers ended every job, and no job twice.
        #expect(finished[0].count + finished[1].count == 20, "\(outputs)")
        #expect(Set(finished[0]).isDisjoint(with: finished[1]))
        #expect(Set(finished[0] + finished[1]) == Set(ids))
        #expect(
            try deployment.sql("jobs.sqlite", "select count(*) from job where status = 'SUCCESS' and attempts = 1")
                == "20")
        #expect(
            try deployment.sql("requests.sqlite", "select count(distinct source) || ' ' || count(*) from request")
                == "20 600")
        #expect(
            try deployment.sql(
                "requests.sqlite",
                "select count(*) from (select source from request group by source having count(*) <> 30)")
                == "0")
    }

    @Test func aKilledWorkersJobIsFinishedByAnotherWithNothingLostOrDuplicated() throws {
        let deployment = try JobDeployment(
            settings: #"{"spawn_workers": 0, "job_chunk_rows": 20, "job_lease_seconds": 8}"#)
        defer { deployment.remove() }
        let id = try deployment.submit(try JobDeployment.adultCSV(rows: 200))

        // A slow worker (10 chunks, 0.4 s apart) is killed once it has logged part of the job.
        let done = try deployment.killWorkerMidJob(id, pause: 0.4)
        #expect(done > 0 && done < 200, "the slow worker had done \(done) rows when killed")
        #expect(try deployment.sql("jobs.sqlite", "select status from job where id = '\(id)'") == "RUNNING")
        let partial = Int(
            try deployment.sql("requests.sqlite", "select count(*) from request where source = 'job:\(id)'"))
        #expect((partial ?? 0) > 0 && (partial ?? 0) < 200)

        // Until the lease expires no one takes the job; then the next worker does.
        let early = try deployment.runWorkerOnce()
        #expect(!early.contains("job \(id)"), "\(early)")
        usleep(8_200_000)
        let late = try deployment.runWorkerOnce()
        #expect(late.contains("job \(id): 200 rows for income_classifier, attempt 2"), "\(late)")
        #expect(late.contains("job \(id): SUCCESS, 200 rows"), "\(late)")

        let status = try deployment.waitForEnd(id, seconds: 1)
        #expect(status["status"] as? String == "SUCCESS")
        #expect(status["attempts"] as? Int == 2)
        let result = try deployment.request("GET", "/jobs/\(id)/result", query: "format=csv")
        let (header, rows) = csvRows(result.body)
        #expect(rows.map { Int($0[0]) } == Array(1...200))
        let requestID = try #require(header.firstIndex(of: "request_id"))
        let logged = try deployment.sql(
            "requests.sqlite",
            "select group_concat(id) from (select id from request where source = 'job:\(id)' order by id)")
        #expect(logged == rows.map { $0[requestID] }.joined(separator: ","))
    }

    @Test func pollingAJobLeftByADeadWorkerStartsANewOne() throws {
        let deployment = try JobDeployment(
            settings: #"{"spawn_workers": 0, "job_chunk_rows": 10, "job_lease_seconds": 2}"#)
        defer { deployment.remove() }
        let id = try deployment.submit(try JobDeployment.adultCSV(rows: 100))
        #expect(try deployment.killWorkerMidJob(id, pause: 0.5) > 0)
        // From now on predict.cgi starts workers; a client's polling is all it takes.
        try Data(#"{"spawn_workers": 1, "job_chunk_rows": 10, "job_lease_seconds": 2}"#.utf8).write(
            to: deployment.root.appendingPathComponent("deployment.json"))
        let status = try deployment.waitForEnd(id, seconds: 30)
        #expect(status["status"] as? String == "SUCCESS", "\(status)")
        #expect(status["attempts"] as? Int == 2)
        #expect(
            try deployment.sql("requests.sqlite", "select count(*) from request where source = 'job:\(id)'") == "100")
    }

    @Test func rowsAreValidatedAgainWhenTheSchemaChangedAfterSubmission() throws {
        let deployment = try JobDeployment(
            settings: #"{"spawn_workers": 0, "snapshot": "serving.json", "job_chunk_rows": 1}"#)
        defer { deployment.remove() }
        let snapshot = deployment.root.appendingPathComponent("serving.json")
        let original = try String(
            contentsOf: deployment.root.appendingPathComponent("research/registry/serving.json"), encoding: .utf8)
        try Data(original.utf8).write(to: snapshot)
        let csv = try JobDeployment.adultCSV(rows: 20)
        let strict = try deployment.submit(csv)
        let skipping = try deployment.submit(csv, query: "skip_invalid=true")
        // The endpoint now takes ages up to 30 only: the queued rows of older people are no longer valid.
        let changed = original.replacingOccurrences(
            of: #""maximum":120,"minimum":0,"name":"age""#, with: #""maximum":30,"minimum":0,"name":"age""#)
        #expect(changed != original)
        try Data(changed.utf8).write(to: snapshot)
        _ = try deployment.runWorkerOnce()

        let failed = try deployment.waitForEnd(strict, seconds: 1)
        #expect(failed["status"] as? String == "FAILURE")
        #expect(
            (failed["error"] as? String)?.hasPrefix(
                "row 2 is no longer valid for income_classifier; row 2: age: must be at most 30, got 38") == true,
            "\(failed)")
        // Row 1 was scored and logged before row 2 failed the job: a failed job leaves no rows.
        #expect(
            try deployment.sql("requests.sqlite", "select count(*) from request where source = 'job:\(strict)'") == "0")
        let skipped = try deployment.waitForEnd(skipping, seconds: 1)
        #expect(skipped["status"] as? String == "SUCCESS")
        let young = csv.split(separator: "\n").dropFirst().filter { Int($0.prefix { $0 != "," }) ?? 99 <= 30 }.count
        let progress = try #require(skipped["progress"] as? [String: Int])
        #expect(progress["rows_done"] == young && progress["rows_skipped"] == 20 - young)
        #expect(young > 0 && young < 20)
    }

    @Test func resultsAreRemovedAfterTheRetentionPeriod() throws {
        let deployment = try JobDeployment(settings: #"{"spawn_workers": 0, "job_retention_seconds": 4}"#)
        defer { deployment.remove() }
        let id = try deployment.submit(try JobDeployment.adultCSV(rows: 5))
        #expect(try deployment.request("GET", "/jobs/\(id)/result").status == 409)
        _ = try deployment.runWorkerOnce()
        let fresh = try deployment.request("GET", "/jobs/\(id)/result")
        #expect(fresh.status == 200)
        #expect(csvRows(fresh.body).rows.count == 5)
        let file = try deployment.sql("jobs.sqlite", "select result_file from job where id = '\(id)'")
        let csv = deployment.root.appendingPathComponent("var/jobs/results/\(file).csv")
        #expect(FileManager.default.fileExists(atPath: csv.path))

        usleep(4_300_000)
        let gone = try deployment.request("GET", "/jobs/\(id)/result")
        #expect(gone.status == 410)
        #expect(gone.body.contains("was removed"))
        let sweep = try deployment.runWorkerOnce()
        #expect(sweep.contains("job \(id): result expired and removed"))
        #expect(!FileManager.default.fileExists(atPath: csv.path))
        let status = try parseJSON(try deployment.request("GET", "/jobs/\(id)").body)
        #expect((status["timestamps"] as? [String: Any])?["expired_at"] is String)
    }

    /// A mistyped --deployment, or a worker started in a folder that is not a deployment, is
    /// refused naming the folder, and leaves no queue behind.
    @Test func aFolderThatIsNotADeploymentIsRefusedAndLeftAlone() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let typo = folder.url.appendingPathComponent("srv-modelpres")
        let missing = try run(Executables.modelpress, ["worker", "--once", "--deployment", typo.path])
        #expect(missing.status == 1)
        #expect(
            missing.errorOutput.contains("\(typo.path) is not a folder; pass --deployment"), "\(missing.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: typo.path))

        let here = try run(Executables.modelpress, ["worker", "--once"], environment: [:], in: folder.url)
        #expect(here.status == 1)
        let path = folder.url.resolvingSymlinksInPath().path
        #expect(
            here.errorOutput.contains(
                "\(path) is not a serving deployment: it has no deployment.json and no serving snapshot "
                    + "(\(path)/research/registry/serving.json); pass --deployment"),
            "\(here.errorOutput)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }
}
