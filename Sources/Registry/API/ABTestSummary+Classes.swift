import Basics
import Evaluation

/// What accuracy hides on an imbalanced binary endpoint (trial22 #10: XGBoost and a random
/// forest at 0.992 and 0.990 on a 2%-positive endpoint, 7 and 8 positives per arm, where
/// always answering `no` scores 0.98): per arm the positives among the feedback, the
/// majority-class baseline, recall and precision of the positive class. The decision stays on
/// accuracy (docs/architecture.md, "Concepts"); this is what `ab show` and the A/B page show
/// beside it.
extension ABTestSummary.ArmResult {
    /// The majority-class baseline of this arm's feedback; nil without class counts (regression,
    /// multiclass, a summary stored before them) or feedback.
    /// - Parameter classes: the summary's `classes`, negative then positive.
    public func baseline(classes: [String]) -> MajorityBaseline? {
        guard let positives, classes.count == 2, withFeedback > 0 else { return nil }
        return MajorityBaseline(trueClassCounts: [classes[1]: positives, classes[0]: withFeedback - positives])
    }

    /// Of the predictions with feedback whose true label is the positive class, the share the
    /// arm answered positive, with its Wilson 95% interval; undefined without positives.
    public var recall: MetricEstimate? {
        guard let positives, let truePositives else { return nil }
        return .wilson(successes: truePositives, trials: positives, undefinedNote: "no positives among the feedback")
    }

    /// Of the predictions with feedback the arm answered positive, the share that were, with
    /// its Wilson 95% interval; undefined when it answered positive none of them.
    public var precision: MetricEstimate? {
        guard let predictedPositives, let truePositives else { return nil }
        return .wilson(
            successes: truePositives, trials: predictedPositives, undefinedNote: "no positive answers with feedback")
    }
}

extension ABTestSummary {
    /// Each arm's majority-class baseline, in arm order; empty without class counts.
    public var baselines: [MajorityBaseline] {
        guard let classes else { return [] }
        return arms.compactMap { $0.baseline(classes: classes) }
    }

    /// The warning `ab show` and the A/B page print when accuracy says little beyond the
    /// majority class: an arm has fewer than `MajorityBaseline.fewOthers` predictions with
    /// feedback of the other class, or both arms' accuracies lie within their baselines' Wilson
    /// 95% intervals. `accuracy is dominated by the majority class: 7 and 8 positives (yes) per
    /// arm among the feedback; always answering no scores 0.986 and 0.984, so compare recall and
    /// precision`; nil otherwise, and without class counts.
    public var classBalanceWarning: String? {
        let baselines = self.baselines
        guard let classes, baselines.count == 2, baselines.count == arms.count else { return nil }
        let accuracies = arms.compactMap(\.accuracy)
        let within = accuracies.count == 2 && zip(baselines, accuracies).allSatisfy { $0.contains(accuracy: $1) }
        guard baselines.contains(where: \.hasFewOthers) || within else { return nil }
        let majority = Set(baselines.map(\.majorityClass))
        let minorityName: String
        if majority.count == 1, let only = majority.first {
            let minority = classes.first { $0 != only } ?? only
            minorityName = (minority == classes[1] ? "positives" : "negatives") + " (\(minority))"
        } else {
            minorityName = "of the minority class"
        }
        let others = Self.perArm(baselines.map { groupedDigits($0.others) })
        let scores = Self.perArm(baselines.map { Basics.significant($0.accuracy.value ?? 0, digits: 3) })
        let always =
            majority.count == 1 ? "always answering \(majority.first ?? "")" : "always answering the majority class"
        return "accuracy is dominated by the majority class: \(others) \(minorityName) per arm among the feedback; "
            + "\(always) scores \(scores), so compare recall and precision"
    }

    /// `7 and 8`, or `7` when both arms have the same.
    static func perArm(_ values: [String]) -> String {
        Set(values).count == 1 ? values[0] : values.joined(separator: " and ")
    }
}
