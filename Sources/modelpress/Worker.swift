import ArgumentParser
import Foundation
import JobsPostgres
import Serving

extension ModelPress {
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the queued batch prediction jobs of a serving deployment.",
            discussion: """
                Clients submit jobs to predict.cgi (POST /{endpoint}/jobs); they wait in the \
                deployment's SQLite queue (var/jobs.sqlite) — or, when the deployment's request log \
                is in PostgreSQL, in that database, shared by every host — until a worker claims one. predict.cgi \
                starts a worker itself after each submission (up to spawn_workers at once); run \
                this command as a service instead, or as well, when jobs should not depend on \
                requests (set "spawn_workers": 0 in deployment.json to leave them all to it).

                A worker owns a job through a lease it renews after every chunk of rows \
                (job_lease_seconds, job_chunk_rows). Any number of workers may run: two never \
                take the same job, and a job whose worker died (killed, host rebooted) is taken \
                again from its start once the lease expires, with the rows the dead attempt \
                logged removed first. Results go to var/jobs/results/YYYY-MM-DD/<task_id>.csv \
                and .json (with PostgreSQL: into the database, so every host serves them) and \
                are removed after job_retention_seconds; each worker pass removes \
                what has expired.

                While the queue cannot be reached (its database restarting, say), the worker says \
                why on standard error and tries again after 1 s, then 2, 4, … up to a minute \
                between tries; with --once it exits with the error instead.

                A folder without deployment.json and without a serving snapshot \
                (research/registry/serving.json) is refused, so a mistyped --deployment cannot \
                wait on an empty queue of its own.

                Examples:
                  # a service, looking at an empty queue every second:
                  modelpress worker --deployment /srv/modelpress
                  # run what is queued, then exit (cron):
                  modelpress worker --deployment /srv/modelpress --once
                  MODELPRESS_DEPLOYMENT=/srv/modelpress modelpress worker --poll 5
                """
        )

        @Option(
            help:
                "The deployment folder, with deployment.json or a serving snapshot (default: $MODELPRESS_DEPLOYMENT, else the current folder)."
        )
        var deployment: String?

        @Flag(help: "Run the jobs that can be claimed now, then exit (for cron or a test).")
        var once = false

        @Option(help: "Seconds between looks at an empty queue.")
        var poll: Double = 1

        @Option(help: "Seconds to rest after each chunk of rows, to leave a busy host room.")
        var pauseBetweenChunks: Double = 0

        func validate() throws {
            guard poll > 0 && poll <= 3600 else { throw ValidationError("--poll must be between 0 and 3600 seconds") }
            guard pauseBetweenChunks >= 0 && pauseBetweenChunks <= 60 else {
                throw ValidationError("--pause-between-chunks must be between 0 and 60 seconds")
            }
        }

        func run() throws {
            let folder = deployment ?? ProcessInfo.processInfo.environment[Deployment.variable] ?? "."
            let failure = serve(folder: folder)
            if let failure {
                throw CommandFailure(failure.description)
            }
        }

        /// Runs jobs until `--once` is done; an error that stops the worker is returned.
        private func serve(folder: String) -> ServingError? {
            let outcome = Result { () throws(ServingError) -> Void in
                let settings = try Deployment.load(folder: folder)
                try Self.checkIsDeployment(settings, folder: folder)
                guard pauseBetweenChunks < settings.jobs.leaseSeconds else {
                    throw ServingError(
                        .badRequest,
                        "--pause-between-chunks (\(pauseBetweenChunks) s) must be shorter than job_lease_seconds "
                            + "(\(settings.jobs.leaseSeconds) s), or other workers would take the job during the pause")
                }
                let worker = JobWorker(
                    deployment: settings, storage: .withPostgreSQL, pauseBetweenChunks: pauseBetweenChunks,
                    report: { print($0) })
                var announced = false
                var wait = Self.firstRetry
                while true {
                    do throws(ServingError) {
                        if !announced {
                            print(
                                "worker \(worker.owner): queue \(try JobStorage.withPostgreSQL.queue(settings).place)")
                            announced = true
                        }
                        try worker.drain()
                        wait = Self.firstRetry
                    } catch  where error.reason == .unavailable && !once {
                        // The queue or the request log cannot be reached (the database restarting,
                        // a disk remounted): wait and try again, as a service should, rather than
                        // exit and leave the jobs to a restart policy (trial29 #10). A job this
                        // worker held is taken again once its lease expires.
                        printError("worker \(worker.owner): \(error.description); trying again in \(Int(wait)) s")
                        Thread.sleep(forTimeInterval: wait)
                        wait = min(wait * 2, Self.lastRetry)
                        continue
                    }
                    if once { return }
                    Thread.sleep(forTimeInterval: poll)
                }
            }
            if case .failure(let error) = outcome { return error }
            return nil
        }

        /// The wait before the first try again after the queue could not be reached, doubled
        /// after each failure up to `lastRetry` (seconds).
        static let firstRetry = 1.0
        static let lastRetry = 60.0

        /// A worker started on the wrong folder (a typo, or no deployment named in another
        /// working folder) would create an empty queue there and wait on it forever while the
        /// real jobs wait: refused unless the folder is one predict.cgi could serve from, with
        /// its serving snapshot.
        /// - Throws: `ServingError` naming the folder, what it lacks and what to pass.
        static func checkIsDeployment(_ settings: Deployment, folder: String) throws(ServingError) {
            let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
            let advice =
                "pass --deployment (or set \(Deployment.variable)) with the folder predict.cgi serves from: "
                + "a bundle's folder, or the repository after `modelpress registry snapshot`"
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ServingError(.notFound, "\(absolute) is not a folder; \(advice)")
            }
            guard FileManager.default.fileExists(atPath: settings.snapshotPath) else {
                let snapshot = URL(fileURLWithPath: settings.snapshotPath).standardizedFileURL.path
                let hasSettings = FileManager.default.fileExists(
                    atPath: Deployment.resolve("deployment.json", in: folder))
                throw ServingError(
                    .notFound,
                    "\(absolute) is not a serving deployment: "
                        + (hasSettings
                            ? "the serving snapshot its deployment.json names, \(snapshot), is missing; "
                            : "it has no deployment.json and no serving snapshot (\(snapshot)); ")
                        + advice)
            }
        }
    }
}
