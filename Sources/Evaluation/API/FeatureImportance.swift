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
///
/// The metric is the one scikit-learn's `permutation_importance` uses by default, the
/// estimator's `score`, where it is defined: accuracy for a multiclass classifier, R² for a
/// regression. Binary reports keep ROC AUC (what every committed report was made with), and
/// fall back to accuracy when the test rows have one class (AUC is undefined then); a
/// regression on constant targets (R² undefined) falls back to the rise in mean absolute error.
public struct PermutationImportance: Encodable, Equatable, Sendable {
    public struct Feature: Encodable, Equatable, Sendable {
        public var feature: String
        /// Mean drop in the metric (positive = the feature helps; for a loss or an error, the rise).
        public var mean: Double
        /// Population standard deviation of the drop over repeats.
        public var std: Double
    }

    /// The metric's name in the report's headline (`roc_auc`, `accuracy`, `r2`, `mae`…);
    /// `EvaluationReport.higherIsBetter(_:)` says which way it goes.
    public var metric: String
    public var repeats: Int
    public var seed: UInt64
    /// The metric with no column shuffled.
    public var baseline: Double
    /// In the order of the columns given.
    public var features: [Feature]

    /// Binary: shuffles each column `repeats` times and scores the model on the shuffled table.
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
        try measure(
            columns: columns, names: names, rows: labels.count, metric: metric.rawValue,
            higherIsBetter: metric.higherIsBetter != false, repeats: repeats, seed: seed
        ) { table in
            let data = try ScoredLabels(labels: labels, scores: try predict(table))
            return HeadlineMetrics.compute(
                data, threshold: threshold, bootstrap: BootstrapSettings(resamples: 0, seed: seed))[metric].value
        }
    }

    /// Multiclass: the drop in accuracy (the most probable class against the true one).
    /// - Parameters:
    ///   - labels: the true class index of each row, into `classes`.
    ///   - predict: the class probabilities of every row of a (shuffled) table, row-major.
    /// - Throws: as the binary `compute`, and `EvaluationError` for probabilities
    ///   `ScoredClasses` refuses.
    public static func compute<Column: PermutableColumn>(
        columns: [Column], names: [String], labels: [Int], classes: [String], repeats: Int = 5,
        seed: UInt64 = 20_261_122, predict: ([Column]) throws -> [Double]
    ) throws -> PermutationImportance {
        try compute(
            columns: columns, names: names, labels: labels, classes: classes, repeats: repeats, seed: seed,
            given: nil, predict: predict)
    }

    /// The multiclass `compute`, with the row orders `given` (`[feature][repeat]`) instead of
    /// seeded ones when not nil.
    static func compute<Column: PermutableColumn>(
        columns: [Column], names: [String], labels: [Int], classes: [String], repeats: Int, seed: UInt64,
        given: [[[Int]]]?, predict: ([Column]) throws -> [Double]
    ) throws -> PermutationImportance {
        try measure(
            columns: columns, names: names, rows: labels.count, metric: "accuracy", higherIsBetter: true,
            repeats: repeats, seed: seed, given: given
        ) { table in
            let data = try ScoredClasses(labels: labels, probabilities: try predict(table), classes: classes)
            return MulticlassMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 0, seed: seed)).accuracy
                .value
        }
    }

    /// Regression: the drop in R², or when the targets are constant (R² undefined) the rise in
    /// mean absolute error.
    /// - Parameter predict: the prediction for every row of a (shuffled) table.
    /// - Throws: as the binary `compute`, and `EvaluationError` for a prediction that is not finite.
    public static func compute<Column: PermutableColumn>(
        columns: [Column], names: [String], targets: [Double], repeats: Int = 5, seed: UInt64 = 20_261_122,
        predict: ([Column]) throws -> [Double]
    ) throws -> PermutationImportance {
        try compute(
            columns: columns, names: names, targets: targets, repeats: repeats, seed: seed, given: nil,
            predict: predict)
    }

    /// The regression `compute`, with the row orders `given` (`[feature][repeat]`) instead of
    /// seeded ones when not nil.
    static func compute<Column: PermutableColumn>(
        columns: [Column], names: [String], targets: [Double], repeats: Int, seed: UInt64, given: [[[Int]]]?,
        predict: ([Column]) throws -> [Double]
    ) throws -> PermutationImportance {
        let constant = targets.allSatisfy { $0 == targets.first }
        return try measure(
            columns: columns, names: names, rows: targets.count, metric: constant ? "mae" : "r2",
            higherIsBetter: !constant, repeats: repeats, seed: seed, given: given
        ) { table in
            let data = try ScoredValues(targets: targets, predictions: try predict(table))
            let metrics = RegressionMetrics.compute(data, bootstrap: BootstrapSettings(resamples: 0, seed: seed))
            return (constant ? metrics.meanAbsoluteError : metrics.r2).value
        }
    }

    /// What the means measure, in words: `drop in roc_auc`, or `rise in mae` for an error.
    public var change: String {
        (EvaluationReport.higherIsBetter(metric) == false ? "rise in " : "drop in ") + metric
    }

    /// The permutation loop every task shares: `score` gives the metric of a table, nil when
    /// it is undefined there. Each repeat shuffles a fresh copy of the column, from a SplitMix64
    /// stream salted with the feature's name, or takes the row order `given[feature][repeat]`.
    /// Tables are scored in this order, which `VersionEvaluation`'s progress counts on: the
    /// unshuffled one, then each feature's repeats, features in the order of `names`.
    private static func measure<Column: PermutableColumn>(
        columns: [Column], names: [String], rows: Int, metric: String, higherIsBetter: Bool, repeats: Int,
        seed: UInt64, given: [[[Int]]]? = nil, score: ([Column]) throws -> Double?
    ) throws -> PermutationImportance {
        guard names.count == columns.count else {
            throw EvaluationError(.lengthMismatch(what: "feature names", expected: columns.count, actual: names.count))
        }
        guard repeats > 0 else { throw EvaluationError(.badParameter(name: "repeats", message: "must be at least 1")) }
        let sign: Double = higherIsBetter ? 1 : -1
        func value(_ table: [Column]) throws -> Double {
            guard let value = try score(table) else {
                throw EvaluationError(
                    .badParameter(name: "metric", message: "\(metric) is undefined on these labels"))
            }
            return value
        }
        let baseline = try value(columns)
        var features: [Feature] = []
        for (index, name) in names.enumerated() {
            var generator = SplitMix64(seed: seed, salt: "permutation:" + name)
            var drops: [Double] = []
            var table = columns
            for round in 0..<repeats {
                var permutation = Array(0..<rows)
                if let given {
                    permutation = given[index][round]
                } else {
                    permutation.shuffle(using: &generator)
                }
                table[index] = columns[index].reordered(by: permutation)
                drops.append(sign * (baseline - (try value(table))))
            }
            let mean = drops.reduce(0, +) / Double(repeats)
            let variance = drops.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats)
            features.append(Feature(feature: name, mean: mean, std: variance.squareRoot()))
        }
        return PermutationImportance(
            metric: metric, repeats: repeats, seed: seed, baseline: baseline, features: features)
    }
}

/// The importances a report carries: the model's own, permutation importance on the test set,
/// and mean |SHAP| over a sample of the test rows (reports written before it have none).
public struct Importances: Encodable, Equatable, Sendable {
    public var model: [FeatureImportance]?
    public var permutation: PermutationImportance?
    public var shap: MeanAbsoluteSHAP?

    public init(
        model: [FeatureImportance]? = nil, permutation: PermutationImportance? = nil, shap: MeanAbsoluteSHAP? = nil
    ) {
        self.model = model
        self.permutation = permutation
        self.shap = shap
    }
}
