/// One arm's counts from the request log: predictions the split served it, how many got
/// feedback, and how many of those the model got right; for regression, the absolute error of
/// each prediction with feedback instead. The request log (Serving) counts them; the registry
/// decides an A/B test from them.
public struct ABArmTally: Equatable, Sendable {
    public var requests: Int
    public var withFeedback: Int
    public var correct: Int
    /// |true value − predicted value| of each regression prediction with feedback, in log
    /// order; empty for classification.
    public var absoluteErrors: [Double]

    public init(requests: Int, withFeedback: Int, correct: Int, absoluteErrors: [Double] = []) {
        self.requests = requests
        self.withFeedback = withFeedback
        self.correct = correct
        self.absoluteErrors = absoluteErrors
    }
}
