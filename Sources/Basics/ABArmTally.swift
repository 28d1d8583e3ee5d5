/// One arm's counts from the request log: predictions the split served it, how many got
/// feedback, and how many of those the model got right; for classification, those with
/// feedback by true and predicted label; for regression, the absolute error of each prediction
/// with feedback instead. The request log (Serving) counts them; the registry decides an A/B
/// test from them.
public struct ABArmTally: Equatable, Sendable {
    /// How many predictions with feedback had one true label (the feedback) and one predicted label.
    public struct Outcome: Equatable, Sendable {
        public var truth: String
        public var predicted: String
        public var count: Int

        public init(truth: String, predicted: String, count: Int) {
            self.truth = truth
            self.predicted = predicted
            self.count = count
        }
    }

    public var requests: Int
    public var withFeedback: Int
    public var correct: Int
    /// |true value − predicted value| of each regression prediction with feedback, in log
    /// order; empty for classification.
    public var absoluteErrors: [Double]
    /// Classification: the predictions with feedback by (true label, predicted label), sorted by
    /// both; empty for regression.
    public var outcomes: [Outcome]

    public init(
        requests: Int, withFeedback: Int, correct: Int, absoluteErrors: [Double] = [], outcomes: [Outcome] = []
    ) {
        self.requests = requests
        self.withFeedback = withFeedback
        self.correct = correct
        self.absoluteErrors = absoluteErrors
        self.outcomes = outcomes
    }

    /// Predictions with feedback whose true label is `label`.
    public func truths(_ label: String) -> Int {
        outcomes.filter { $0.truth == label }.reduce(0) { $0 + $1.count }
    }

    /// Predictions with feedback the model answered `label`.
    public func predictions(_ label: String) -> Int {
        outcomes.filter { $0.predicted == label }.reduce(0) { $0 + $1.count }
    }

    /// Predictions with feedback whose true and predicted label are both `label`.
    public func hits(_ label: String) -> Int {
        outcomes.filter { $0.truth == label && $0.predicted == label }.reduce(0) { $0 + $1.count }
    }
}
