import JSONWriting
import PredictCGICore
import Serving

/// `POST /{endpoint}/jobs[?skip_invalid=…&status=…&model=…&version=…&explain=true]`: validates
/// the upload, queues it, starts a worker and answers 202 at once.
enum JobSubmitRoute {
    /// The query parameters it reads; any other is refused (`QueryParameters`).
    static let queryParameters = RouteQuery.jobs

    static func respond(
        to request: CGIRequest, endpoint: String, storage: JobStorage
    ) throws(ServingError) -> CGIResponse {
        let query = try request.query(accepting: queryParameters, route: "POST /{endpoint}/jobs")
        let deployment = try request.deployment()
        let settings = deployment.jobs
        let upload = try Upload(request, limit: settings.maxBodyBytes)
        let skipInvalid = try query.flag("skip_invalid", form: upload.skipInvalid)
        let explain = try query.flag("explain", form: upload.explain)
        let service = try PredictionService(deployment: deployment)
        let served = try service.endpoint(endpoint)
        let input = try JobInput(
            bytes: upload.bytes, format: upload.format, schema: served.schema,
            reading: VersionCSVReading.of(artifacts: served.versions.map(\.artifact), root: deployment.root),
            maxRows: settings.maxRows)
        let pins = PredictionService.Pins(
            status: try query.value("status"), model: try query.value("model"), version: try query.value("version"))
        let queue = try storage.queue(deployment)
        let job = try JobSubmission(service: service, queue: queue).submit(
            input, endpoint: endpoint, pins: pins, skipInvalid: skipInvalid, explain: explain)
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
