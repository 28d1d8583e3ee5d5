import JSONWriting
import PredictCGICore
import Serving

/// `POST /{endpoint}/jobs[?skip_invalid=…&status=…&model=…&version=…&explain=true]`: validates
/// the upload, queues it, starts a worker and answers 202 at once.
enum JobSubmitRoute {
    static func respond(to request: CGIRequest, endpoint: String) throws(ServingError) -> CGIResponse {
        let deployment = try request.deployment()
        let settings = deployment.jobs
        var upload = try Upload(request, limit: settings.maxBodyBytes)
        if let skip = try request.givenFlag("skip_invalid") { upload.skipInvalid = skip }
        let explain = try request.flag("explain") || upload.explain
        let service = try PredictionService(deployment: deployment)
        let served = try service.endpoint(endpoint)
        let input = try JobInput(
            bytes: upload.bytes, format: upload.format, schema: served.schema,
            reading: VersionCSVReading.of(artifacts: served.versions.map(\.artifact), root: deployment.root),
            maxRows: settings.maxRows)
        let pins = PredictionService.Pins(
            status: try request.query("status"), model: try request.query("model"),
            version: try request.query("version"))
        let queue = try JobQueue(path: settings.databasePath)
        let job = try JobSubmission(service: service, queue: queue).submit(
            input, endpoint: endpoint, pins: pins, skipInvalid: upload.skipInvalid, explain: explain)
        WorkerLauncher.start(deployment)
        let links = job.links(scriptName: request.scriptPath(in: deployment))
        if request.wantsHTML {
            return .html(
                202, "Accepted", JobPages.submitted(job, links: links, deployment: deployment),
                extraHeaders: [("Location", links.status)])
        }
        var writer = JSONWriter()
        writer.object {
            $0.field("task_id", job.id)
            $0.field("status", job.status.rawValue)
            $0.field("rows", job.rowsTotal)
            $0.field("rows_skipped", job.rowsSkipped)
            $0.raw("skipped", job.skippedErrors)
            $0.object("links") {
                $0.field("status", links.status)
                JobRecord.writeResultLinks(links, into: &$0)
            }
        }
        return .json(202, "Accepted", writer.text, extraHeaders: [("Location", links.status)])
    }
}
