import Basics

/// Everything known about one model version's performance on held-out data, in the form
/// the site, the A/B test, `modelpress diff` and CI read: `evaluation.json` next to the
/// artifact. Written with sorted keys and no timestamps, so the same inputs give the same
/// bytes.
public struct EvaluationReport: Encodable, Equatable, Sendable {
    /// The schema this code writes; readers refuse newer ones.
    public static let currentSchemaVersion = 1

    /// The held-out data it was evaluated on.
    public struct Dataset: Encodable, Equatable, Sendable {
        /// Path relative to the repository root.
        public var path: String
        public var sha256: String
        public var rows: Int
        public var positives: Int
        /// The label value counted as positive (`>50K`), when known.
        public var positiveLabel: String?

        public init(path: String, sha256: String, rows: Int = 0, positives: Int = 0, positiveLabel: String? = nil) {
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
    /// Rows with score ≥ threshold are predicted positive.
    public var threshold: Double
    public var bootstrap: BootstrapSettings
    /// Groups with fewer rows are flagged `too_small`.
    public var minimumSliceSupport: Int
    public var confusion: ConfusionMatrix
    public var metrics: HeadlineMetrics
    public var curves: Curves
    public var calibration: Calibration
    public var histogram: ScoreHistogram
    public var slices: [SliceBreakdown]
    public var importances: Importances

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case model, dataset, threshold, bootstrap
        case minimumSliceSupport = "minimum_slice_support"
        case confusion, metrics, curves, calibration, histogram, slices, importances
    }
}
