import PredictCGICore
import Serving

/// Finds the job a status or result route names.
enum JobLookup {
    /// The job `id`, checked to be a job id before the deployment is read.
    /// - Throws: `ServingError` 404 for a malformed or unknown id, 503 without a deployment or
    ///   when its job store cannot be reached (`JobStorage`).
    static func find(
        _ id: String, for request: CGIRequest, storage: JobStorage
    ) throws(ServingError) -> (Deployment, JobRecord, any JobStore) {
        guard JobID.isValid(id) else {
            throw ServingError(.notFound, "'\(id.prefix(64))' is not a job id (a task_id is 32 characters of 0-9a-f)")
        }
        let deployment = try request.deployment()
        let store = try storage.queue(deployment)
        guard let job = try store.job(id) else {
            throw ServingError(.notFound, "there is no job \(id)")
        }
        return (deployment, job, store)
    }
}
