import Basics
import Models

/// Everything known about one model version's performance on held-out data, in the form
/// the site, the A/B test, `modelpress diff` and CI read: `evaluation.json` next to the
/// artifact. Written with sorted keys and no timestamps, so the same inputs give the same
/// bytes.
///
/// A binary report keeps the first schema's shape (schema_version 1, its sections at the top
/// level, no `task` key), so the reports of earlier versions read and write back to the same
/// bytes. A multiclass or regression report is schema_version 2: `task` names it and one
/// section (`multiclass` or `regression`) holds its results, so a reader of schema 1 refuses it
/// as newer instead of failing on a missing key.
public struct EvaluationReport: Equatable, Sendable {
    /// The newest schema this code writes; readers refuse newer ones.
    public static let currentSchemaVersion = 2
    /// The schema of binary reports.
    static let binarySchemaVersion = 1

    /// The results of the task.
    public enum Results: Equatable, Sendable {
        case binary(BinaryEvaluation)
        case multiclass(MulticlassEvaluation)
        case regression(RegressionEvaluation)
    }

    /// The held-out data it was evaluated on.
    public struct Dataset: Encodable, Equatable, Sendable {
        /// Path relative to the repository root.
        public var path: String
        public var sha256: String
        public var rows: Int
        /// Positive rows; binary only.
        public var positives: Int?
        /// The label value counted as positive (`>50K`), when known; binary only.
        public var positiveLabel: String?

        public init(path: String, sha256: String, rows: Int = 0, positives: Int? = nil, positiveLabel: String? = nil) {
            self.path = path
            self.sha256 = sha256
            self.rows = rows
            self.positives = positives
            self.positiveLabel = positiveLabel
        }

        enum CodingKeys: String, CodingKey {
            case path, sha256, rows, positives
            case positiveLabel = "positive_label"
        }
    }

    /// Curves for charts, downsampled.
    public struct Curves: Encodable, Equatable, Sendable {
        public var roc: ROCCurve
        public var precisionRecall: PrecisionRecallCurve

        enum CodingKeys: String, CodingKey {
            case roc
            case precisionRecall = "precision_recall"
        }
    }

    public var schemaVersion: Int
    /// Which model version was evaluated.
    public var model: VersionID
    public var dataset: Dataset
    public var bootstrap: BootstrapSettings
    /// Groups with fewer rows are flagged `too_small`.
    public var minimumSliceSupport: Int
    public var results: Results
    public var importances: Importances
    /// What a constant learned from the training rows scores on the same test rows; nil when the
    /// training rows could not be read (and in reports written before it was kept).
    public var baseline: ConstantBaseline? = nil

    public var task: PredictionTask {
        switch results {
        case .binary: .binary
        case .multiclass: .multiclass
        case .regression: .regression
        }
    }

    /// The binary results; nil for another task.
    public var binary: BinaryEvaluation? {
        if case .binary(let results) = results { results } else { nil }
    }

    /// The multiclass results; nil for another task.
    public var multiclass: MulticlassEvaluation? {
        if case .multiclass(let results) = results { results } else { nil }
    }

    /// The regression results; nil for another task.
    public var regression: RegressionEvaluation? {
        if case .regression(let results) = results { results } else { nil }
    }
}

/// A binary classifier's results: at a threshold, every headline metric, curves, calibration,
/// the score histogram and the slices with their fairness gaps.
public struct BinaryEvaluation: Equatable, Sendable {
    /// What served labels use: predict.cgi, batch jobs and `modelpress predict` answer the
    /// positive class when its probability is above 0.5. No registry record or pipeline key sets
    /// another, so a report at another threshold describes a rule nobody serves.
    public static let servedThreshold = PositiveClass.servedThreshold

    /// Rows with score above the threshold are predicted positive (`PositiveClass.isPredicted`).
    public var threshold: Double

    /// Says, for a report at another threshold than served labels use (trial26 #4: `evaluate
    /// --threshold 0.1` changed the card's recall and precision, not what the endpoint
    /// answers), that it is for analysis: `served labels use 0.5 (…); this report's threshold 0.1
    /// is for analysis only …`; nil at 0.5.
    public var thresholdNote: String? {
        guard threshold != Self.servedThreshold else { return nil }
        let served = Self.servedThreshold
        return "served labels use \(significant(served, digits: 4)) (predict.cgi, batch jobs and `modelpress predict` "
            + "answer the positive class when its probability is above \(significant(served, digits: 4))); this report's "
            + "threshold \(significant(threshold, digits: 4)) is for analysis only: a client that wants it compares the "
            + "served probability with it"
    }
    public var confusion: ConfusionMatrix
    public var metrics: HeadlineMetrics
    public var curves: EvaluationReport.Curves
    public var calibration: Calibration
    public var histogram: ScoreHistogram
    public var slices: [SliceBreakdown]
}

/// A multiclass classifier's results; predictions are the most probable class.
public struct MulticlassEvaluation: Encodable, Equatable, Sendable {
    /// The class names, in the order of every per-class list here.
    public var classes: [String]
    /// `confusion[truth][predicted]`, k × k counts.
    public var confusion: [[Int]]
    public var metrics: MulticlassMetrics
    /// One-vs-rest ROC curve of each class, downsampled.
    public var rocCurves: [ROCCurve]
    /// Top-label calibration: bins of the highest probability, each with its mean (`mean_score`)
    /// and the share of its rows predicted right (`fraction_positive`; `positives` counts them).
    public var calibration: Calibration
    public var slices: [MulticlassSliceBreakdown]

    enum CodingKeys: String, CodingKey {
        case classes, confusion, metrics, calibration, slices
        case rocCurves = "roc_curves"
    }
}

/// A regression's results.
public struct RegressionEvaluation: Encodable, Equatable, Sendable {
    public var metrics: RegressionMetrics
    public var residuals: Residuals
    public var slices: [RegressionSliceBreakdown]
}

extension EvaluationReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case task, model, dataset, threshold, bootstrap
        case minimumSliceSupport = "minimum_slice_support"
        case confusion, metrics, curves, calibration, histogram, slices, importances
        case multiclass, regression, baseline
    }

    // A binary report's sections sit at the top level, as in schema 1.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(model, forKey: .model)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(bootstrap, forKey: .bootstrap)
        try container.encode(minimumSliceSupport, forKey: .minimumSliceSupport)
        try container.encode(importances, forKey: .importances)
        try container.encodeIfPresent(baseline, forKey: .baseline)
        switch results {
        case .binary(let binary):
            try container.encode(binary.threshold, forKey: .threshold)
            try container.encode(binary.confusion, forKey: .confusion)
            try container.encode(binary.metrics, forKey: .metrics)
            try container.encode(binary.curves, forKey: .curves)
            try container.encode(binary.calibration, forKey: .calibration)
            try container.encode(binary.histogram, forKey: .histogram)
            try container.encode(binary.slices, forKey: .slices)
        case .multiclass(let multiclass):
            try container.encode(PredictionTask.multiclass, forKey: .task)
            try container.encode(multiclass, forKey: .multiclass)
        case .regression(let regression):
            try container.encode(PredictionTask.regression, forKey: .task)
            try container.encode(regression, forKey: .regression)
        }
    }
}
