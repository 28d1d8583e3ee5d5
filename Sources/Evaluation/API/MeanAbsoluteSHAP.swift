import JSONReading
import JSONWriting
import Models

/// Per field, the mean absolute TreeSHAP contribution over a seeded sample of the test rows
/// (`TreeExplainer.meanAbsoluteContributions`): how far the field moves the model's raw score
/// on a typical row, in the raw score's units, the way the shap package's bar summary ranks
/// features. A report stores it beside the model's own and permutation importances; the card
/// shows it next to them.
public struct MeanAbsoluteSHAP: Encodable, Equatable, Sendable {
    public struct Feature: Encodable, Equatable, Sendable {
        public var feature: String
        /// Mean |contribution| over the rows explained; summed over the classes for multiclass.
        public var mean: Double

        public init(feature: String, mean: Double) {
            self.feature = feature
            self.mean = mean
        }
    }

    /// The test rows a report explains: TreeSHAP costs up to ~66 ms a row on a 100-tree deep
    /// forest, so 200 rows keep `evaluate` within seconds and publishing reads the result.
    public static let sampleLimit = 200

    /// How many test rows were explained.
    public var rows: Int
    /// The seed the rows were drawn with (the version's).
    public var seed: UInt64
    /// Where the per-node cover came from: `model` (the model file) or `training_rows`
    /// (counted again from the declared training rows, for a file that records none).
    public var cover: String
    /// The units of the raw score the contributions add up to (`TreeExplainer.Units`' names:
    /// `log_odds`, `softmax_score`, `probability`, `value`). For multiclass, each field's mean
    /// is over the sum of its |contribution| to every class's score.
    public var units: String
    /// In the model's field order.
    public var features: [Feature]

    /// What each mean measures, in words for a caption or a heading line: `mean absolute
    /// TreeSHAP contribution to the raw score (score before the softmax), summed over the
    /// classes` (the model card's caption and `modelpress explain --test-sample`'s text).
    /// - Parameter perClassSummed: a multiclass model's, whose means are over each field's
    ///   |contribution| summed over the classes.
    public func measured(perClassSummed: Bool) -> String {
        "mean absolute TreeSHAP contribution to the raw score ("
            + (TreeExplainer.Units(rawValue: units)?.words ?? units) + ")"
            + (perClassSummed ? ", summed over the classes" : "")
    }

    public init(rows: Int, seed: UInt64, cover: String, units: String, features: [Feature]) {
        self.rows = rows
        self.seed = seed
        self.cover = cover
        self.units = units
        self.features = features
    }

    /// Explains up to `limit` seeded rows of `test` (`TreeExplainer.sampleRows`).
    /// - Parameter progress: called after each row explained, from the threads explaining them.
    /// - Complexity: O(limit × nodes × depth² / threads).
    public static func compute(
        _ explainer: TreeExplainer, test: Dataset, seed: UInt64, limit: Int = sampleLimit, threads: Int? = nil,
        progress: (@Sendable () -> Void)? = nil
    ) -> MeanAbsoluteSHAP {
        let rows = TreeExplainer.sampleRows(rowCount: test.rowCount, limit: limit, seed: seed)
        let means = explainer.meanAbsoluteContributions(test, rows: rows, threads: threads, progress: progress)
        return MeanAbsoluteSHAP(
            rows: rows.count, seed: seed, cover: explainer.coverWasGiven ? "training_rows" : "model",
            units: explainer.units.rawValue,
            features: zip(explainer.fieldNames, means).map { Feature(feature: $0, mean: $1) })
    }

    /// Indented JSON with sorted keys and a final newline.
    public func jsonText() -> String {
        ((try? JSONWriter.encode(self, .document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }

    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var rows: Int?, seed: UInt64?, cover: String?, units: String?, features: [Feature]?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "rows": rows = try reader.int()
            case "seed": seed = try reader.uint64()
            case "cover": cover = try reader.string()
            case "units": units = try reader.string()
            case "features":
                features = try reader.array { r throws(JSONReadError) in
                    var feature: String?, mean: Double?
                    try r.beginObject()
                    while let key = try r.nextKey() {
                        switch key {
                        case "feature": feature = try r.string()
                        case "mean": mean = try r.double()
                        default: try r.skipValue()
                        }
                    }
                    return Feature(feature: try r.required(feature, "feature"), mean: try r.required(mean, "mean"))
                }
            default: try reader.skipValue()
            }
        }
        self.init(
            rows: try reader.required(rows, "rows"), seed: try reader.required(seed, "seed"),
            cover: try reader.required(cover, "cover"), units: try reader.required(units, "units"),
            features: try reader.required(features, "features"))
    }
}
