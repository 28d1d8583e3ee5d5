import Serving

extension Deployment {
    /// The deployment's job queue (`jobs_database`).
    /// - Throws: `ServingError` 503 when the request log is in PostgreSQL: the queue and the
    ///   rows its worker logs are still one host's SQLite files, which would split a log that
    ///   several hosts share, so batch jobs wait for the PostgreSQL job queue; or when the queue
    ///   cannot be opened.
    func jobQueue() throws(ServingError) -> JobQueue {
        if case .postgresql = requestStore {
            throw ServingError(
                .unavailable, "batch jobs are not available on this deployment yet",
                detail: "the deployment keeps its request log in PostgreSQL (\(requestStore.description)); batch jobs "
                    + "still keep their queue and logged rows in this host's SQLite files, which would split the "
                    + "shared log, so they are refused until the job queue moves to PostgreSQL too; serve batch jobs "
                    + "from a deployment with a SQLite log meanwhile")
        }
        return try JobQueue(path: jobs.databasePath)
    }
}
