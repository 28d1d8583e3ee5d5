import PredictCGICore
import Serving

/// `GET /jobs/{task_id}/result[?format=csv|json]`: the result as CSV or JSON (`format`, else
/// JSON when the Accept header prefers it to CSV, q-values read: `CGIRequest.prefers`; else CSV).
enum JobResultRoute {
    static func respond(to request: CGIRequest, id: String, storage: JobStorage) throws(ServingError) -> CGIResponse {
        let (deployment, job, store) = try JobLookup.find(id, for: request, storage: storage)
        let format: String
        let query = try request.query(accepting: ["format"], route: "GET /jobs/{task_id}/result")
        switch try query.value("format")?.lowercased() {
        case "csv"?: format = "csv"
        case "json"?: format = "json"
        case nil: format = request.prefers("application/json", to: "text/csv") ? "json" : "csv"
        case let other?:
            throw ServingError(
                .badRequest, "unknown format '\(other)'; use csv or json",
                errors: [.init(field: "format", message: "must be csv or json")])
        }
        let statusLink = job.links(scriptName: request.scriptPath(in: deployment)).status
        let bytes = try job.resultBytes(
            from: store, retention: deployment.jobs.retentionSeconds, format: format, statusLink: statusLink)
        let type = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
        return CGIResponse(
            status: 200, reason: "OK",
            headers: [
                ("Content-Type", type), ("Content-Disposition", "attachment; filename=\"\(job.id).\(format)\""),
            ] + CGIResponse.securityHeaders,
            body: String(decoding: bytes, as: UTF8.self))
    }
}
