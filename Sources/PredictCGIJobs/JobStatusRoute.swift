import PredictCGICore
import Serving

/// `GET /jobs/{task_id}`: the job's status; a job left by a dead worker gets a new worker
/// started.
enum JobStatusRoute {
    static func respond(to request: CGIRequest, id: String, storage: JobStorage) throws(ServingError) -> CGIResponse {
        let (deployment, job, _) = try JobLookup.find(id, for: request, storage: storage)
        let now = JobQueue.now()
        let abandoned =
            (job.status == .running && (job.leaseUntil ?? 0) < now)
            || (job.status == .pending && job.submittedAt + 2 < now)
        if abandoned { WorkerLauncher.start(deployment) }
        let scriptPath = request.scriptPath(in: deployment)
        if request.wantsHTML {
            return .html(
                200, "OK",
                JobPages.status(job, links: job.links(scriptName: scriptPath), deployment: deployment),
                extraHeaders: JobPages.reloads(job) ? [("Refresh", "2")] : [])
        }
        return .json(200, "OK", job.json(scriptName: scriptPath, retention: deployment.jobs.retentionSeconds))
    }
}
