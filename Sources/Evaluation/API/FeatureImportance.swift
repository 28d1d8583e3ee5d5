import Basics

/// A model's own importance of one feature (impurity decrease, split gain…), as the model
/// reports it.
public struct FeatureImportance: Encodable, Equatable, Sendable {
    public var feature: String
    public var importance: Double

    public init(feature: String, importance: Double) {
        self.feature = feature
        self.importance = importance
    }
}

/// A column the permutation-importance routine can shuffle; `Array` is one. The lead adapts
/// a model's column type by conforming it.
public protocol PermutableColumn {
    /// The column with its rows reordered: row `i` of the result is row `permutation[i]`.
    func reordered(by permutation: [Int]) -> Self
}

extension Array: PermutableColumn {
    public func reordered(by permutation: [Int]) -> [Element] {
        permutation.map { self[$0] }
    }
}

/// How much a metric drops when one feature's column is shuffled on the test set
/// (Breiman's permutation importance), mean and standard deviation over seeded repeats.
public struct PermutationImportance: Encodable, Equatable, Sendable {
    public struct Feature: Encodable, Equatable, Sendable {
        public var feature: String
        /// Mean drop in the metric (positive = the feature helps; for a loss, the rise).
        public var mean: Double
        /// Population standard deviation of the drop over repeats.
        public var std: Double
    }

    public var metric: MetricName
    public var repeats: Int
    public var seed: UInt64
    /// The metric with no column shuffled.
    public var baseline: Double
    /// In the order of the columns given.
    public var features: [Feature]

    /// Shuffles each column `repeats` times and scores the model on the shuffled table.
    /// - Parameters:
    ///   - columns: the test table, one column per feature, each `labels.count` long.
    ///   - names: the feature names, one per column.
    ///   - metric: a metric defined by the scores (AUC, accuracy, log loss…).
    ///   - predict: positive-class probabilities for every row of a (shuffled) table.
    /// - Throws: `EvaluationError` on inconsistent input, or the metric being undefined;
    ///   rethrows what `predict` throws.
    /// - Complexity: O(columns · repeats · cost of `predict`).
    public static func compute<Column: PermutableColumn>(
        columns: [Column], names: [String], labels: [Bool], metric: MetricName = .rocAUC,
        threshold: Double = 0.5, repeats: Int = 5, seed: UInt64 = 20_261_122,
        predict: ([Column]) throws -> [Double]
    ) throws -> PermutationImportance {
        guard names.count == columns.count else {
            throw EvaluationError(.lengthMismatch(what: "feature names", expected: columns.count, actual: names.count))
        }
        guard repeats > 0 else { throw EvaluationError(.badParameter(name: "repeats", message: "must be at least 1")) }
        let sign: Double = metric.higherIsBetter == false ? -1 : 1
        func score(_ table: [Column]) throws -> Double {
            let data = try ScoredLabels(labels: labels, scores: try predict(table))
            let metrics = HeadlineMetrics.compute(
                data, threshold: threshold, bootstrap: BootstrapSettings(resamples: 0, seed: seed))
            guard let value = metrics[metric].value else {
                throw EvaluationError(
                    .badParameter(name: "metric", message: "\(metric.rawValue) is undefined on these labels"))
            }
            return value
        }
        let baseline = try score(columns)
        var features: [Feature] = []
        for (index, name) in names.enumerated() {
            var generator = SplitMix64(seed: seed, salt: "permutation:" + name)
            var drops: [Double] = []
            var table = columns
            for _ in 0..<repeats {
                var permutation = Array(0..<labels.count)
                permutation.shuffle(using: &generator)
                table[index] = columns[index].reordered(by: permutation)
                drops.append(sign * (baseline - (try score(table))))
            }
            let mean = drops.reduce(0, +) / Double(repeats)
            let variance = drops.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats)
            features.append(Feature(feature: name, mean: mean, std: variance.squareRoot()))
        }
        return PermutationImportance(
            metric: metric, repeats: repeats, seed: seed, baseline: baseline, features: features)
    }
}

/// The importances a report carries: the model's own, and permutation importance on the test set.
public struct Importances: Encodable, Equatable, Sendable {
    public var model: [FeatureImportance]?
    public var permutation: PermutationImportance?

    public init(model: [FeatureImportance]? = nil, permutation: PermutationImportance? = nil) {
        self.model = model
        self.permutation = permutation
    }
}
