import Basics
import Evaluation

/// What an A/B stop found, stored with the `ab_stopped` event; `ABTestSummary.decide` builds
/// it from the request log's counts with `ABTestStatistics` (classification: accuracy) or
/// `RegressionABTestStatistics` (regression: mean absolute error). The regression fields are
/// absent from a classification summary, so those keep the bytes they always had.
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
        /// Regression: the mean absolute error over predictions with feedback, with its t 95% interval.
        public var meanAbsoluteError: Double?
        public var meanAbsoluteErrorLow: Double?
        public var meanAbsoluteErrorHigh: Double?
        /// Binary classification: of the predictions with feedback, those whose true label is
        /// the positive class (`ABTestSummary.classes[1]`), those the arm answered positive, and
        /// those both; absent from summaries stored before trial22 #10.
        public var positives: Int?
        public var predictedPositives: Int?
        public var truePositives: Int?

        public init(
            arm: String, requests: Int, withFeedback: Int, correct: Int, accuracy: Double? = nil,
            accuracyLow: Double? = nil, accuracyHigh: Double? = nil, meanAbsoluteError: Double? = nil,
            meanAbsoluteErrorLow: Double? = nil, meanAbsoluteErrorHigh: Double? = nil
        ) {
            self.arm = arm
            self.requests = requests
            self.withFeedback = withFeedback
            self.correct = correct
            self.accuracy = accuracy
            self.accuracyLow = accuracyLow
            self.accuracyHigh = accuracyHigh
            self.meanAbsoluteError = meanAbsoluteError
            self.meanAbsoluteErrorLow = meanAbsoluteErrorLow
            self.meanAbsoluteErrorHigh = meanAbsoluteErrorHigh
        }

        enum CodingKeys: String, CodingKey {
            case arm, requests, correct, accuracy
            case withFeedback = "with_feedback"
            case accuracyLow = "accuracy_low"
            case accuracyHigh = "accuracy_high"
            case meanAbsoluteError = "mean_absolute_error"
            case meanAbsoluteErrorLow = "mean_absolute_error_low"
            case meanAbsoluteErrorHigh = "mean_absolute_error_high"
            case positives
            case predictedPositives = "predicted_positives"
            case truePositives = "true_positives"
        }
    }

    public var arms: [ArmResult]
    /// What the test compared: nil for accuracy (classification), `mean_absolute_error` for regression.
    public var metric: String?
    /// Binary classification: the endpoint's classes, negative then positive (the schema's
    /// `label_values`), which the arms' `positives` count; absent otherwise.
    public var classes: [String]?
    /// Regression: MAE of B minus MAE of A, with Welch's 95% interval, and Welch's t statistic
    /// and degrees of freedom.
    public var difference: Double?
    public var differenceLow: Double?
    public var differenceHigh: Double?
    public var tStatistic: Double?
    public var degreesOfFreedom: Double?
    /// The test's p-value when both arms have feedback: the two-proportion z-test's
    /// (classification) or Welch's t-test's (regression).
    public var pValue: Double?
    /// Predictions with feedback each arm needed before a decision was made.
    public var minimumSampleSize: Int?
    /// What the statistics showed, whatever was promoted.
    public var outcome: ABDecision?
    /// The significance level of the test.
    public var alpha: Double?
    /// Predictions with feedback per arm that would detect the observed difference with 80%
    /// power: of accuracy (two-proportion z-test) or of mean absolute error (Welch's t-test,
    /// from the arms' variances of the absolute errors); nil when they are equal, and in
    /// regression summaries stored before trial22 #11.
    public var requiredPerArm: Int?
    public var significant: Bool
    /// Whether the winner was promoted although the difference was not significant.
    public var forced: Bool
    /// One sentence: what was decided and why.
    public var decision: String

    /// The p-value's verdict as `ab show` words it: `significant`, `not significant`, or,
    /// for a p below alpha while an arm has fewer predictions with feedback than
    /// `minimumSampleSize`, `below alpha, but not judged before N predictions with feedback
    /// per arm` (trial20 #11: "not significant" beside p 0.0358 < 0.05 read as a bug).
    public var verdict: String {
        guard !significant else { return "significant" }
        let fewest = arms.map(\.withFeedback).min() ?? 0
        if let pValue, let alpha, pValue < alpha, let minimumSampleSize, fewest < minimumSampleSize {
            return
                "below alpha, but not judged before \(groupedDigits(minimumSampleSize)) predictions with feedback per arm"
        }
        return "not significant"
    }

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
        case arms, significant, forced, decision, outcome, alpha, metric, difference, classes
        case differenceLow = "difference_low"
        case differenceHigh = "difference_high"
        case tStatistic = "t_statistic"
        case degreesOfFreedom = "degrees_of_freedom"
        case pValue = "p_value"
        case minimumSampleSize = "minimum_sample_size"
        case requiredPerArm = "required_per_arm"
    }
}
