/// What an A/B stop found, stored with the `ab_stopped` event (issue #8 fills it in).
public struct ABTestSummary: Codable, Equatable, Sendable {
    /// One arm's numbers. Accuracy counts only requests that received feedback.
    public struct ArmResult: Codable, Equatable, Sendable {
        public var arm: String
        public var requests: Int
        public var withFeedback: Int
        public var correct: Int
        public var accuracy: Double?
        /// Wilson 95% interval of the accuracy.
        public var accuracyLow: Double?
        public var accuracyHigh: Double?

        public init(
            arm: String, requests: Int, withFeedback: Int, correct: Int, accuracy: Double? = nil,
            accuracyLow: Double? = nil, accuracyHigh: Double? = nil
        ) {
            self.arm = arm
            self.requests = requests
            self.withFeedback = withFeedback
            self.correct = correct
            self.accuracy = accuracy
            self.accuracyLow = accuracyLow
            self.accuracyHigh = accuracyHigh
        }

        enum CodingKeys: String, CodingKey {
            case arm, requests, correct, accuracy
            case withFeedback = "with_feedback"
            case accuracyLow = "accuracy_low"
            case accuracyHigh = "accuracy_high"
        }
    }

    public var arms: [ArmResult]
    /// Two-proportion z-test p-value, when both arms have feedback.
    public var pValue: Double?
    public var minimumSampleSize: Int?
    public var significant: Bool
    /// Whether the winner was promoted although the difference was not significant.
    public var forced: Bool
    /// One sentence: what was decided and why.
    public var decision: String

    public init(
        arms: [ArmResult], pValue: Double? = nil, minimumSampleSize: Int? = nil, significant: Bool,
        forced: Bool = false, decision: String
    ) {
        self.arms = arms
        self.pValue = pValue
        self.minimumSampleSize = minimumSampleSize
        self.significant = significant
        self.forced = forced
        self.decision = decision
    }

    enum CodingKeys: String, CodingKey {
        case arms, significant, forced, decision
        case pValue = "p_value"
        case minimumSampleSize = "minimum_sample_size"
    }
}
