import JSONWriting
import Serving

/// `POST /{endpoint}/jobs`, `GET /jobs/{task_id}` and `GET /jobs/{task_id}/result`.
enum JobsRoute {
    /// Validates the upload, queues it, starts a worker and answers 202 at once.
    static func submit(_ request: CGIRequest, endpoint: String) throws(ServingError) -> CGIResponse {
        let deployment = try Deployment.fromEnvironment()
        let settings = deployment.jobs
        var upload = try Upload(request, limit: settings.maxBodyBytes)
        if let flag = request.query("skip_invalid") { upload.skipInvalid = try isTrue(flag) }
        let service = try PredictionService(deployment: deployment)
        let input = try JobInput(
            bytes: upload.bytes, format: upload.format, schema: try service.endpoint(endpoint).schema,
            maxRows: settings.maxRows)
        let pins = PredictionService.Pins(
            status: request.query("status"), model: request.query("model"), version: request.query("version"))
        let queue = try JobQueue(path: settings.databasePath)
        let job = try JobSubmission(service: service, queue: queue).submit(
            input, endpoint: endpoint, pins: pins, skipInvalid: upload.skipInvalid)
        WorkerLauncher.start(deployment)
        let links = job.links(scriptName: request.scriptName)
        if request.wantsHTML {
            return .html(202, "Accepted", JobPages.submitted(job, links: links))
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
                $0.field("result", links.result)
            }
        }
        return .json(202, "Accepted", writer.text, extraHeaders: [("Location", links.status)])
    }

    /// The job's status; a job left by a dead worker gets a new worker started.
    static func status(_ request: CGIRequest, id: String) throws(ServingError) -> CGIResponse {
        let (deployment, job) = try find(id)
        let now = JobQueue.now()
        let abandoned =
            (job.status == .running && (job.leaseUntil ?? 0) < now)
            || (job.status == .pending && job.submittedAt + 2 < now)
        if abandoned { WorkerLauncher.start(deployment) }
        if request.wantsHTML {
            return .html(
                200, "OK",
                JobPages.status(
                    job, links: job.links(scriptName: request.scriptName), retention: deployment.jobs.retentionSeconds))
        }
        return .json(200, "OK", job.json(scriptName: request.scriptName, retention: deployment.jobs.retentionSeconds))
    }

    /// The result as CSV or JSON (`?format=`, else the Accept header, else CSV).
    static func result(_ request: CGIRequest, id: String) throws(ServingError) -> CGIResponse {
        let (deployment, job) = try find(id)
        let format: String
        switch request.query("format")?.lowercased() {
        case "csv"?: format = "csv"
        case "json"?: format = "json"
        case nil: format = (request.accept ?? "").contains("application/json") ? "json" : "csv"
        case let other?:
            throw ServingError(
                .badRequest, "unknown format '\(other)'; use csv or json",
                errors: [.init(field: "format", message: "must be csv or json")])
        }
        let bytes = try job.resultBytes(deployment: deployment, format: format)
        let type = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
        return CGIResponse(
            status: 200, reason: "OK",
            headers: [
                ("Content-Type", type), ("Content-Disposition", "attachment; filename=\"\(job.id).\(format)\""),
            ] + CGIResponse.securityHeaders,
            body: String(decoding: bytes, as: UTF8.self))
    }

    /// The job `id`, checked to be a job id before anything else.
    private static func find(_ id: String) throws(ServingError) -> (Deployment, JobRecord) {
        guard JobID.isValid(id) else {
            throw ServingError(.notFound, "'\(id.prefix(64))' is not a job id (a task_id is 32 characters of 0-9a-f)")
        }
        let deployment = try Deployment.fromEnvironment()
        guard let job = try JobQueue(path: deployment.jobs.databasePath).job(id) else {
            throw ServingError(.notFound, "there is no job \(id)")
        }
        return (deployment, job)
    }

    private static func isTrue(_ flag: String) throws(ServingError) -> Bool {
        switch flag.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            throw ServingError(
                .badRequest, "skip_invalid must be true or false, got '\(flag.prefix(40))'",
                errors: [.init(field: "skip_invalid", message: "must be true or false")])
        }
    }
}

/// A job's rows as uploaded: a CSV or JSON body, or a file in a browser's form.
struct Upload {
    var bytes: [UInt8]
    var format: JobInput.Format
    var skipInvalid = false

    /// - Throws: `ServingError` 415 for other media types, 413 past `limit`, 400 for a form
    ///   without a file.
    init(_ request: CGIRequest, limit: Int) throws(ServingError) {
        guard let mediaType = request.mediaType else {
            throw ServingError(.unsupportedMediaType, "a job needs a Content-Type: \(JobInput.Format.accepted)")
        }
        if let format = JobInput.Format(mediaType: mediaType) {
            bytes = try request.readBody(limit: limit)
            self.format = format
            return
        }
        guard mediaType == "multipart/form-data" else {
            throw ServingError(
                .unsupportedMediaType, "Content-Type \(mediaType) is not accepted; use \(JobInput.Format.accepted)")
        }
        guard let boundary = MultipartForm.parameter("boundary", in: request.contentType ?? "") else {
            throw ServingError(.badRequest, "the multipart Content-Type has no boundary")
        }
        let form = try MultipartForm(body: try request.readBody(limit: limit), boundary: boundary)
        guard let file = form.part("file") else {
            throw ServingError(
                .badRequest, "the form has no file; send it as the field 'file'",
                errors: [.init(field: "file", message: "is required")])
        }
        bytes = file.bytes
        let name = file.filename?.lowercased() ?? ""
        format =
            name.hasSuffix(".json") ? .json : name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") ? .jsonLines : .csv
        skipInvalid = form.part("skip_invalid").map { !$0.bytes.isEmpty } ?? false
    }
}
