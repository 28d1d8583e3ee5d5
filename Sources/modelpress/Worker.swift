import ArgumentParser
import Foundation
import Serving

extension ModelPress {
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the queued batch prediction jobs of a serving deployment.",
            discussion: """
                Clients submit jobs to predict.cgi (POST /{endpoint}/jobs); they wait in the \
                deployment's SQLite queue (var/jobs.sqlite) until a worker claims one. predict.cgi \
                starts a worker itself after each submission (up to spawn_workers at once); run \
                this command as a service instead, or as well, when jobs should not depend on \
                requests (set "spawn_workers": 0 in deployment.json to leave them all to it).

                A worker owns a job through a lease it renews after every chunk of rows \
                (job_lease_seconds, job_chunk_rows). Any number of workers may run: two never \
                take the same job, and a job whose worker died (killed, host rebooted) is taken \
                again from its start once the lease expires, with the rows the dead attempt \
                logged removed first. Results go to var/jobs/results/YYYY-MM-DD/<task_id>.csv \
                and .json and are removed after job_retention_seconds; each worker pass removes \
                what has expired.

                Examples:
                  # a service, looking at an empty queue every second:
                  modelpress worker --deployment /srv/modelpress
                  # run what is queued, then exit (cron):
                  modelpress worker --deployment /srv/modelpress --once
                  MODELPRESS_DEPLOYMENT=/srv/modelpress modelpress worker --poll 5
                """
        )

        @Option(help: "The deployment folder (default: $MODELPRESS_DEPLOYMENT, else the current folder).")
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
                printError("error: \(failure.description)")
                throw ExitCode.failure
            }
        }

        /// Runs jobs until `--once` is done; an error that stops the worker is returned.
        private func serve(folder: String) -> ServingError? {
            let outcome = Result { () throws(ServingError) -> Void in
                let settings = try Deployment.load(folder: folder)
                guard pauseBetweenChunks < settings.jobs.leaseSeconds else {
                    throw ServingError(
                        .badRequest,
                        "--pause-between-chunks (\(pauseBetweenChunks) s) must be shorter than job_lease_seconds "
                            + "(\(settings.jobs.leaseSeconds) s), or other workers would take the job during the pause")
                }
                let worker = JobWorker(
                    deployment: settings, pauseBetweenChunks: pauseBetweenChunks, report: { print($0) })
                print("worker \(worker.owner): queue \(settings.jobs.databasePath)")
                while true {
                    try worker.drain()
                    if once { return }
                    Thread.sleep(forTimeInterval: poll)
                }
            }
            if case .failure(let error) = outcome { return error }
            return nil
        }
    }
}
