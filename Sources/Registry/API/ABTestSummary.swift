import Evaluation

/// What an A/B stop found, stored with the `ab_stopped` event; `ABTestSummary.decide` builds
/// it from the request log's counts with `ABTestStatistics`.
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
    /// Predictions with feedback each arm needed before a decision was made.
    public var minimumSampleSize: Int?
    /// What the statistics showed, whatever was promoted.
    public var outcome: ABDecision?
    /// The significance level of the test.
    public var alpha: Double?
    /// Predictions with feedback per arm that would detect the observed difference with 80%
    /// power; nil when the accuracies are equal.
    public var requiredPerArm: Int?
    public var significant: Bool
    /// Whether the winner was promoted although the difference was not significant.
    public var forced: Bool
    /// One sentence: what was decided and why.
    public var decision: String

    public init(
        arms: [ArmResult], pValue: Double? = nil, minimumSampleSize: Int? = nil, outcome: ABDecision? = nil,
        alpha: Double? = nil, requiredPerArm: Int? = nil, significant: Bool, forced: Bool = false, decision: String
    ) {
        self.arms = arms
        self.pValue = pValue
        self.minimumSampleSize = minimumSampleSize
        self.outcome = outcome
        self.alpha = alpha
        self.requiredPerArm = requiredPerArm
        self.significant = significant
        self.forced = forced
        self.decision = decision
    }

    enum CodingKeys: String, CodingKey {
        case arms, significant, forced, decision, outcome, alpha
        case pValue = "p_value"
        case minimumSampleSize = "minimum_sample_size"
        case requiredPerArm = "required_per_arm"
    }
}
