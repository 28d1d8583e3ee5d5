import Basics

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
        package init?(sorted: [Int]) {
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
    /// The log it was read from (`RequestLogReader.place`: a file's path, or a PostgreSQL URI
    /// without its password).
    public var path: String

    package init(versions: [VersionID: Version], path: String) {
        self.versions = versions
        self.path = path
    }
}
