import Basics
import JSONWriting
import Models

/// What clients are told about a job.
extension JobRecord {
    /// The links of a job under predict.cgi's URL path `scriptName`.
    public func links(scriptName: String) -> (status: String, result: String) {
        let status = scriptName + "/jobs/" + id
        return (status, status + "/result")
    }

    /// Whether the result files are gone (removed, or past the retention period already).
    public func isExpired(retention: Int, now: Double = JobQueue.now()) -> Bool {
        expiredAt != nil || (finishedAt.map { $0 + Double(retention) < now } ?? false)
    }

    /// The answer to `GET /jobs/{id}` (and, PENDING, to the submission): the status, the time
    /// of each stage, progress, skipped rows, the error if any, and links.
    public func json(scriptName: String, retention: Int) -> String {
        let links = links(scriptName: scriptName)
        var writer = JSONWriter()
        writer.object {
            $0.field("task_id", id)
            $0.field("status", status.rawValue)
            $0.field("endpoint", endpoint)
            $0.object("timestamps") {
                $0.field("submitted_at", Self.format(submittedAt))
                for (key, time) in [("started_at", startedAt), ("finished_at", finishedAt), ("expired_at", expiredAt)] {
                    if let time { $0.field(key, Self.format(time)) } else { $0.null(key) }
                }
                if let finishedAt, expiredAt == nil {
                    $0.field("expires_at", Self.format(finishedAt + Double(retention)))
                }
            }
            $0.object("progress") {
                $0.field("rows_done", rowsDone)
                $0.field("rows_total", rowsTotal)
                $0.field("rows_skipped", rowsSkipped)
            }
            $0.raw("skipped", skippedErrors)
            if let error { $0.field("error", error) } else { $0.null("error") }
            $0.field("attempts", attempts)
            $0.object("links") {
                $0.field("status", links.status)
                if status == .success && !isExpired(retention: retention) { Self.writeResultLinks(links, into: &$0) }
            }
        }
        return writer.text
    }

    /// The result's links, the same in the submission's answer and the status: `result` (CSV
    /// unless the Accept header asks for JSON), `result_csv` and `result_json`.
    public static func writeResultLinks(_ links: (status: String, result: String), into object: inout JSONWriter) {
        object.field("result", links.result)
        object.field("result_csv", links.result + "?format=csv")
        object.field("result_json", links.result + "?format=json")
    }

    /// The result's bytes in `format` (`csv` or `json`), from `store`; `statusLink` is the address
    /// the 409's message tells a client to poll.
    /// - Throws: `ServingError` 409 while the job has not succeeded (saying how far it is),
    ///   410 once the result was removed after the retention period, 503 when it is missing.
    public func resultBytes(
        from store: any JobStore, retention: Int, format: String, statusLink: String
    ) throws(ServingError) -> [UInt8] {
        switch status {
        case .pending, .running:
            throw ServingError(
                .conflict,
                "job \(id) is \(status.rawValue) (\(rowsDone) of \(rowsTotal) rows done); poll GET \(statusLink) until it is SUCCESS"
            )
        case .failure:
            throw ServingError(.conflict, "job \(id) failed, so it has no result: \(error ?? "no reason recorded")")
        case .success:
            break
        }
        guard !isExpired(retention: retention) else {
            let removed = Self.format(expiredAt ?? (finishedAt ?? 0) + Double(retention))
            throw ServingError(
                .gone,
                "the result of job \(id) was removed at \(removed): results are kept \(retention / 3600) hours; submit the job again"
            )
        }
        return try store.resultBytes(of: self, format: format)
    }

    /// Unix seconds as the log's ISO 8601 UTC timestamps.
    static func format(_ time: Double) -> String {
        let seconds = Int(time.rounded(.down))
        return Timestamp(secondsSince1970: Int64(seconds))
            .formatted(milliseconds: min(999, Int((time - Double(seconds)) * 1000)))
    }
}
