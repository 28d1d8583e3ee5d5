import Basics
import GRDB

/// What the request log says about each version it served: requests per day, latency of
/// single predictions, and how often the feedback agreed with the answer.
public struct ServingStatistics: Equatable, Sendable {
    /// Requests logged on one UTC day.
    public struct Day: Equatable, Sendable {
        /// `YYYY-MM-DD`.
        public var day: String
        public var requests: Int
        public var feedback: Int

        public init(day: String, requests: Int, feedback: Int) {
            self.day = day
            self.requests = requests
            self.feedback = feedback
        }
    }

    /// Latency percentiles of single predictions (batch rows are left out: their latency is
    /// the job's, not a client's wait), nearest-rank, in microseconds.
    public struct Latency: Equatable, Sendable {
        public var count: Int
        public var p50: Int
        public var p90: Int
        public var p99: Int
        public var maximum: Int

        /// nil for no values. `sorted` must be ascending.
        init?(sorted: [Int]) {
            guard let maximum = sorted.last else { return nil }
            func rank(_ p: Double) -> Int {
                sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
            }
            count = sorted.count
            p50 = rank(0.5)
            p90 = rank(0.9)
            p99 = rank(0.99)
            self.maximum = maximum
        }
    }

    /// One version's figures.
    public struct Version: Equatable, Sendable {
        public var requests = 0
        /// Rows that came from batch jobs (`source` = `job:<id>`).
        public var jobRows = 0
        /// Requests served as an arm of an A/B test.
        public var abTestRequests = 0
        /// Requests that received feedback, and of those, how many the label matched (classification).
        public var feedback = 0
        public var correct = 0
        /// Regression: the sum of |true value − predicted value| over the predictions with
        /// feedback (the mean absolute error is this over `feedback`); 0 for classification.
        public var absoluteErrorTotal = 0.0
        /// Regression: the sum of (true value − predicted value)² over the same predictions
        /// (for the root mean squared error and the variance of the absolute errors).
        public var squaredErrorTotal = 0.0
        /// Oldest day first.
        public var days: [Day] = []
        public var latency: Latency?
    }

    /// Versions by key; a version that was never served is absent.
    public var versions: [VersionID: Version]
    /// The log it was read from.
    public var path: String

    /// Reads the whole log (two queries: one grouped by version and day, one over latencies).
    /// - Throws: `ServingError` 503 naming the file when it cannot be read.
    public static func read(_ log: RequestLog) throws(ServingError) -> ServingStatistics {
        do {
            return try log.read { db in
                var versions: [VersionID: Version] = [:]
                let days = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT endpoint, model, version, substr(created_at, 1, 10) AS day, COUNT(*) AS requests,
                               SUM(source LIKE 'job:%') AS job_rows, SUM(ab_test_id IS NOT NULL) AS ab_rows,
                               SUM(feedback IS NOT NULL) AS feedback,
                               SUM(feedback IS NOT NULL AND feedback = label AND value IS NULL) AS correct,
                               TOTAL(abs(CAST(feedback AS REAL) - value)) AS absolute_errors,
                               TOTAL((CAST(feedback AS REAL) - value) * (CAST(feedback AS REAL) - value))
                                   AS squared_errors
                        FROM request GROUP BY endpoint, model, version, day ORDER BY endpoint, model, version, day
                        """)
                while let row = try days.next() {
                    let key = VersionID(endpoint: row["endpoint"], model: row["model"], version: row["version"])
                    var version = versions[key] ?? Version()
                    let requests: Int = row["requests"], feedback: Int = row["feedback"]
                    version.requests += requests
                    version.jobRows += row["job_rows"] as Int
                    version.abTestRequests += row["ab_rows"] as Int
                    version.feedback += feedback
                    version.correct += row["correct"] as Int
                    version.absoluteErrorTotal += row["absolute_errors"] as Double
                    version.squaredErrorTotal += row["squared_errors"] as Double
                    version.days.append(Day(day: row["day"], requests: requests, feedback: feedback))
                    versions[key] = version
                }
                let latencies = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT endpoint, model, version, latency_us FROM request WHERE source = 'api'
                        ORDER BY endpoint, model, version, latency_us
                        """)
                var current: VersionID?
                var values: [Int] = []
                func close() {
                    if let current { versions[current]?.latency = Latency(sorted: values) }
                    values.removeAll(keepingCapacity: true)
                }
                while let row = try latencies.next() {
                    let key = VersionID(endpoint: row["endpoint"], model: row["model"], version: row["version"])
                    if key != current {
                        close()
                        current = key
                    }
                    values.append(row["latency_us"])
                }
                close()
                return ServingStatistics(versions: versions, path: log.path)
            }
        } catch {
            throw ServingError(
                .unavailable, "the request log cannot be read", detail: "\(log.path): \(RequestLog.explain(error))")
        }
    }
}
