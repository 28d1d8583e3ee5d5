import Foundation
import JobsPostgres
import Models
import Testing

@testable import Serving

/// The lease rules of batch jobs in a PostgreSQL database that several hosts share, called in
/// the orders that broke them (a review of the multi-host job path), against a real PostgreSQL
/// server: a worker that lost its lease writes, fails and removes nothing of the attempt that
/// took over, and leases are timed by the database's clock, not a host's.
@Suite(
    .serialized, .enabled(if: PostgresCluster.isInstalled, Comment(rawValue: PostgresCluster.missingMessage)))
struct PostgresJobLeaseTests {
    func job() -> JobRecord {
        JobRecord(
            id: JobID.make(), endpoint: "income", schemaSHA256: "", statusPin: nil, modelPin: nil, versionPin: nil,
            skipInvalid: false, explain: false, status: .pending, submittedAt: 1000, rowsTotal: 2, rowsDone: 0,
            rowsSkipped: 0, skippedErrors: "[]", input: "row\n1\n2\n", attempts: 0)
    }

    func rows(_ count: Int, of job: JobRecord) -> [LoggedRequest] {
        (0..<count).map { index in
            LoggedRequest(
                createdAt: "2026-12-03T00:00:0\(index).000Z", endpoint: "income", model: "rf", version: "1.0.0",
                abTestID: nil, abArm: nil, clientID: nil, input: "{\"age\":\(index)}", label: ">50K",
                probability: 0.75, positiveProbability: 0.75, latencyMicroseconds: 1, source: job.logSource,
                tokenSHA256: Digest.sha256(Array("t\(index)".utf8)))
        }
    }

    /// A migrated database with one pending job, and a store on it.
    func withSubmittedJob(_ body: (PostgresCluster, PostgresJobStore, JobRecord) throws -> Void) throws {
        try PostgresCluster.with { cluster in
            try PostgresServingTests().migrate(cluster)
            let results = try TemporaryFolder("lease-results")
            defer { results.remove() }
            let store = try PostgresJobStore(url: cluster.url, results: results.url.path)
            let submitted = job()
            try store.submit(submitted)
            try body(cluster, store, submitted)
        }
    }

    /// A (stopped past its lease), then B claims the job and logs its chunk; A wakes: its chunk
    /// is refused and writes nothing, its failure neither fails the job nor removes B's rows.
    @Test func aWorkerThatLostItsLeaseLeavesTheNewAttemptAlone() throws {
        try withSubmittedJob { cluster, store, submitted in
            let a = try #require(try store.claim(owner: "hostA:1", lease: 0.05, maxAttempts: 3))
            #expect(a.attempts == 1)
            #expect(try store.append(contentsOf: rows(2, of: a), whileHolding: a.id, owner: "hostA:1")?.count == 2)
            usleep(200_000)
            let b = try #require(try store.claim(owner: "hostB:1", lease: 60, maxAttempts: 3))
            #expect(b.id == submitted.id && b.attempts == 2)
            // B's attempt starts by removing A's rows, then logs its own.
            #expect(try store.removeRows(source: b.logSource) == 2)
            let logged = try #require(
                try store.append(contentsOf: rows(2, of: b), whileHolding: b.id, owner: "hostB:1"))
            // A's late chunk: refused in its own transaction, nothing written.
            #expect(try store.append(contentsOf: rows(3, of: a), whileHolding: a.id, owner: "hostA:1") == nil)
            // A's failure: the job is not A's to fail, and B's rows stay.
            #expect(
                try !store.finish(
                    a.id, owner: "hostA:1", resultFile: nil, error: "A failed", rowsDone: 0, rowsSkipped: 0,
                    skippedErrors: "[]"))
            #expect(!(try store.renew(a.id, owner: "hostA:1", rowsDone: 2, lease: 60)))
            let ids = logged.compactMap(\.id).map(String.init).joined(separator: ",")
            #expect(
                try cluster.psql(
                    "SELECT string_agg(id::text, ',' ORDER BY id) FROM request WHERE source = '\(b.logSource)'") == ids)
            let now = try #require(try store.job(b.id))
            #expect(now.status == .running && now.leaseOwner == "hostB:1" && now.error == nil)
            // B's own failure removes its rows with the job's end, in one transaction.
            #expect(
                try store.finish(
                    b.id, owner: "hostB:1", resultFile: nil, error: "B failed", rowsDone: 0, rowsSkipped: 0,
                    skippedErrors: "[]"))
            #expect(try cluster.psql("SELECT count(*) FROM request WHERE source = '\(b.logSource)'") == "0")
            #expect(try store.job(b.id)?.status == .failure)
        }
    }

    /// A host whose clock is a day off still takes a lease that ends a lease after the database's
    /// now, and a live lease is not taken by it.
    @Test func leasesAreTimedByTheDatabasesClock() throws {
        try withSubmittedJob { cluster, store, submitted in
            let day = 86_400.0
            let claimed = try #require(
                try store.claim(owner: "slow", lease: 60, maxAttempts: 3, now: JobQueue.now() - day, givenUp: { _ in }))
            let databaseNow = try #require(Double(try cluster.psql("SELECT extract(epoch from clock_timestamp())")))
            let until = try #require(claimed.leaseUntil)
            #expect(abs(until - (databaseNow + 60)) < 10, "lease until \(until), database now \(databaseNow)")
            // A host a day ahead finds nothing to claim: the lease is live by the database's clock.
            #expect(!(try store.hasClaimableJob(now: JobQueue.now() + day)))
            #expect(
                try store.claim(owner: "fast", lease: 60, maxAttempts: 3, now: JobQueue.now() + day, givenUp: { _ in })
                    == nil)
            #expect(try store.renew(claimed.id, owner: "slow", rowsDone: 1, lease: 60, now: 0))
            #expect(abs((try store.job(claimed.id)?.leaseUntil ?? 0) - (databaseNow + 60)) < 10)
        }
    }
}
