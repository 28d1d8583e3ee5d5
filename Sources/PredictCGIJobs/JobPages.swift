import PredictCGICore
import Serving

/// The HTML answers for the site's job upload form when the browser runs no script: the
/// submission links to the status page, which reloads itself (`Refresh`) until the job has ended.
enum JobPages {
    static func submitted(_ job: JobRecord, links: (status: String, result: String), deployment: Deployment) -> String {
        let skipped = job.rowsSkipped > 0 ? " \(job.rowsSkipped) invalid rows are skipped." : ""
        return HTMLAnswer.job(
            endpoint: job.endpoint, heading: "Job accepted",
            details: """
                <p>\(job.rowsTotal) rows for <strong>\(HTMLAnswer.escape(job.endpoint))</strong> are queued.\(skipped)</p>
                <p>Task <code>\(job.id)</code>: <a href="\(HTMLAnswer.escape(links.status))">follow its progress</a>.</p>
                """,
            deployment: deployment)
    }

    /// Whether the status page of `job` reloads itself: until the job has ended.
    static func reloads(_ job: JobRecord) -> Bool {
        job.status != .success && job.status != .failure
    }

    /// The status page's heading: `Job pending`, `Job running`, `Job done`, `Job failed`.
    static func heading(_ status: JobRecord.Status) -> String {
        switch status {
        case .pending: "Job pending"
        case .running: "Job running"
        case .success: "Job done"
        case .failure: "Job failed"
        }
    }

    static func status(
        _ job: JobRecord, links: (status: String, result: String), deployment: Deployment
    ) -> String {
        var body = "<p>Task <code>\(job.id)</code> for <strong>\(HTMLAnswer.escape(job.endpoint))</strong>: "
        body += "<progress max=\"\(job.rowsTotal)\" value=\"\(job.rowsDone)\"></progress> "
        body += "\(job.rowsDone) of \(job.rowsTotal) rows.</p>\n"
        if let error = job.error { body += "<p>Error: \(HTMLAnswer.escape(error))</p>\n" }
        if job.status == .success {
            if job.isExpired(retention: deployment.jobs.retentionSeconds) {
                body += "<p>The result was removed after the retention period.</p>\n"
            } else {
                let result = HTMLAnswer.escape(links.result)
                body += "<p>Download the result: <a href=\"\(result)?format=csv\">CSV</a> · "
                body += "<a href=\"\(result)?format=json\">JSON</a></p>\n"
            }
        }
        if reloads(job) { body += "<p>This page reloads every two seconds until the job ends.</p>\n" }
        return HTMLAnswer.job(
            endpoint: job.endpoint, heading: heading(job.status), details: body,
            deployment: deployment)
    }
}
