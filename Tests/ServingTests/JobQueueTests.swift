import Foundation
import ServingCore
import Testing

@testable import Serving

@Suite struct JobQueueTests {
    func withQueue(_ body: (JobQueue, String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("var/jobs.sqlite").path
        try body(try JobQueue(path: path, results: folder.appendingPathComponent("var/jobs/results").path), path)
    }

    func job(submittedAt: Double = 1000) -> JobRecord {
        JobRecord(
            id: JobID.make(), endpoint: "income", schemaSHA256: "", statusPin: nil, modelPin: nil, versionPin: nil,
            skipInvalid: false, explain: false,
            status: .pending, submittedAt: submittedAt, rowsTotal: 1, rowsDone: 0, rowsSkipped: 0, skippedErrors: "[]",
            input: "row\n1\n", attempts: 0)
    }

    /// The submission's answer and the status hand out the same links; a result asked for too
    /// early names the status address to poll, script path included.
    @Test func linksAreTheSameEverywhereAndTheEarlyResultNamesWhereToPoll() throws {
        let pending = job()
        let links = pending.links(scriptName: "/models/predict.cgi")
        #expect(links.status == "/models/predict.cgi/jobs/\(pending.id)")
        var done = pending
        done.status = .success
        done.finishedAt = JobQueue.now()
        let answer = try #require(
            try JSONSerialization.jsonObject(
                with: Data(done.json(scriptName: "/models/predict.cgi", retention: 3600).utf8))
                as? [String: Any])
        #expect(
            answer["links"] as? [String: String] == [
                "status": links.status, "result": links.result, "result_csv": links.result + "?format=csv",
                "result_json": links.result + "?format=json",
            ])
        try withQueue { store, _ in
            let early = #expect(throws: ServingError.self) {
                try pending.resultBytes(from: store, retention: 3600, format: "csv", statusLink: links.status)
            }
            #expect(early?.reason == .conflict)
            #expect(
                early?.message.contains("poll GET /models/predict.cgi/jobs/\(pending.id) until it is SUCCESS") == true)
        }
    }

    @Test func idsAreRandomHexAndCheckedBeforeUse() {
        let ids = (0..<1000).map { _ in JobID.make() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy(JobID.isValid))
        for bad in ["", "../../etc/passwd", String(repeating: "A", count: 32), String(repeating: "0", count: 31)] {
            #expect(!JobID.isValid(bad), "\(bad)")
        }
    }

    @Test func theOldestPendingJobIsClaimedOnceAndItsLeaseGuardsIt() throws {
        try withQueue { queue, _ in
            let older = job(submittedAt: 1000)
            let newer = job(submittedAt: 2000)
            try queue.submit(newer)
            try queue.submit(older)
            let claimed = try #require(try queue.claim(owner: "a", lease: 10, maxAttempts: 3, now: 3000))
            #expect(claimed.id == older.id && claimed.status == .running && claimed.attempts == 1)
            #expect(claimed.leaseOwner == "a" && claimed.leaseUntil == 3010)
            #expect(try queue.claim(owner: "b", lease: 10, maxAttempts: 3, now: 3001)?.id == newer.id)
            #expect(try queue.claim(owner: "c", lease: 10, maxAttempts: 3, now: 3002) == nil)
            #expect(try queue.renew(older.id, owner: "a", rowsDone: 1, lease: 10, now: 3005))
            #expect(try !queue.renew(older.id, owner: "b", rowsDone: 1, lease: 10, now: 3005))

            // Once the lease has expired another worker takes the job, and the first one's lease is gone.
            let retaken = try #require(try queue.claim(owner: "c", lease: 10, maxAttempts: 3, now: 3016))
            #expect(retaken.id == older.id && retaken.attempts == 2 && retaken.rowsDone == 0)
            #expect(try !queue.renew(older.id, owner: "a", rowsDone: 1, lease: 10, now: 3017))
            #expect(
                try !queue.finish(
                    older.id, owner: "a", resultFile: nil, error: nil, rowsDone: 1, rowsSkipped: 0, skippedErrors: "[]")
            )
            #expect(
                try queue.finish(
                    older.id, owner: "c", resultFile: "2026-01-01/\(older.id)", error: nil, rowsDone: 1, rowsSkipped: 0,
                    skippedErrors: "[]", now: 3020))
            let ended = try #require(try queue.job(older.id))
            #expect(
                ended.status == .success && ended.finishedAt == 3020 && ended.input.isEmpty && ended.leaseOwner == nil)
        }
    }

    @Test func aJobWhoseWorkersKeepDyingFails() throws {
        try withQueue { queue, _ in
            let stuck = job()
            try queue.submit(stuck)
            for attempt in 1...2 {
                #expect(
                    try queue.claim(owner: "w\(attempt)", lease: 1, maxAttempts: 2, now: Double(attempt * 10))?.attempts
                        == attempt)
            }
            var givenUp: [String] = []
            #expect(
                try queue.claim(owner: "w3", lease: 1, maxAttempts: 2, now: 100, givenUp: { givenUp.append($0) }) == nil
            )
            #expect(givenUp == [stuck.id])
            let failed = try #require(try queue.job(stuck.id))
            #expect(failed.status == .failure)
            #expect(failed.error == "the job's worker stopped 2 times before finishing; it is not tried again")
        }
    }

    @Test func workersInManyThreadsNeverClaimTheSameJob() throws {
        try withQueue { _, path in
            let setup = try JobQueue(path: path, results: "/nonexistent")
            let ids = try (0..<40).map { index -> String in
                let record = job(submittedAt: Double(index))
                try setup.submit(record)
                return record.id
            }
            // Eight connections of their own, as eight processes would have.
            let claims = Claims()
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                guard let queue = try? JobQueue(path: path, results: "/nonexistent") else { return }
                while let claimed = try? queue.claim(owner: "w\(worker)", lease: 60, maxAttempts: 3) {
                    claims.add(claimed.id)
                }
            }
            #expect(claims.ids.count == 40)
            #expect(Set(claims.ids) == Set(ids))
        }
    }

    @Test func settingsComeFromDeploymentJSONWithDefaults() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let defaults = try Deployment.load(folder: folder.path)
        #expect(defaults.jobs.databasePath == folder.path + "/var/jobs.sqlite")
        #expect(defaults.jobs.resultsPath == folder.path + "/var/jobs/results")
        #expect(defaults.jobs.maxBodyBytes > defaults.maxBodyBytes)
        try Data(
            #"{"max_job_rows": 10, "job_lease_seconds": 2.5, "jobs_results": "/srv/results", "spawn_workers": 0}"#.utf8
        )
        .write(to: folder.appendingPathComponent("deployment.json"))
        let custom = try Deployment.load(folder: folder.path)
        #expect(custom.jobs.maxRows == 10 && custom.jobs.leaseSeconds == 2.5 && custom.jobs.spawnWorkers == 0)
        #expect(custom.jobs.resultsPath == "/srv/results")
        try Data(#"{"job_chunk_rows": 0}"#.utf8).write(to: folder.appendingPathComponent("deployment.json"))
        #expect(throws: ServingError.self) { try Deployment.load(folder: folder.path) }
        do {
            _ = try Deployment.load(folder: folder.path)
        } catch {
            #expect(error.description.contains("job_chunk_rows in \(folder.path)/deployment.json must be positive"))
        }
    }
}

/// Claimed ids gathered from many threads.
final class Claims: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var ids: [String] = []

    func add(_ id: String) {
        lock.lock()
        ids.append(id)
        lock.unlock()
    }
}
