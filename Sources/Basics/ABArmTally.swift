/// One arm's counts from the request log: predictions the split served it, how many got
/// feedback, and how many of those the model got right. The request log (Serving) counts them;
/// the registry decides an A/B test from them.
public struct ABArmTally: Equatable, Sendable {
    public var requests: Int
    public var withFeedback: Int
    public var correct: Int

    public init(requests: Int, withFeedback: Int, correct: Int) {
        self.requests = requests
        self.withFeedback = withFeedback
        self.correct = correct
    }
}
