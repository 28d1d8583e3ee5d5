import Basics
import Models

/// What a model that ignores every input scores on the test rows: a constant learned from the
/// training rows, the baseline a model must beat before its numbers mean anything (trial26 #1:
/// a regression recommended for production with R² −0.13, worse than always answering the
/// training median on every measure). The constants are scikit-learn's dummy estimators
/// (https://scikit-learn.org/stable/modules/model_evaluation.html#dummy-estimators):
/// `DummyClassifier(strategy="prior")`, whose probabilities are the training rows' class shares
/// and whose label is their majority class, and `DummyRegressor` with the training rows' mean
/// (for RMSE and R²) or median (for MAE and median absolute error, the constant each of those
/// is smallest at). It is the majority-class baseline of `MajorityBaseline` (which `ab show` and
/// `monitor` read accuracy against) taken on the training rows, for every headline metric.
public struct ConstantBaseline: Equatable, Sendable {
    /// What the constant answers, in words: `always P(yes) = 0.0159, the training rows' share,
    /// so every row is predicted no` (trial28 #8: "(label no)" read as the share of no; trial36:
    /// "(every row labelled no)" as if the training rows were), classes as a line shows them
    /// (`EvaluationReport.shown`), `always the training rows' mean 1234.5 (RMSE, R²) or median
    /// 1000 (MAE, median absolute error)`.
    public var answer: String
    /// The constant's point values on the test rows, by the report's metric names
    /// (`EvaluationReport.headline`); a metric the constant leaves undefined (precision when
    /// nothing is predicted positive), or that says nothing of it (MAPE), is absent.
    public var metrics: [String: Double]

    public init(answer: String, metrics: [String: Double]) {
        self.answer = answer
        self.metrics = metrics
    }

    /// The baseline of `training`'s label on `test`'s rows, both of the same schema.
    /// - Parameters:
    ///   - training: the rows the constant is learned from (their labels or targets only).
    ///   - test: the rows it is scored on.
    ///   - threshold: a binary classifier's threshold: the constant is labelled positive when
    ///     its probability is at least this.
    /// - Returns: nil when either has no rows.
    /// - Complexity: O(n log n) for a regression's median, O(n · k) otherwise.
    public init?(training: Dataset, test: Dataset, threshold: Double = 0.5) {
        guard training.rowCount > 0, test.rowCount > 0 else { return nil }
        let none = BootstrapSettings(resamples: 0)
        switch test.schema.task {
        case .binary:
            let classes = test.schema.labelValues
            let share = Double(training.labels.count { $0 == 1 }) / Double(training.rowCount)
            let labels = test.labels.map { $0 == 1 }
            guard classes.count == 2,
                let data = try? ScoredLabels(labels: labels, scores: Array(repeating: share, count: labels.count))
            else { return nil }
            let metrics = HeadlineMetrics.compute(data, threshold: threshold, bootstrap: none)
            self.init(
                answer: "always P(\(EvaluationReport.shown(classes[1]))) = \(significant(share, digits: 4)), the "
                    + "training rows' share, so every row is predicted "
                    + EvaluationReport.shown(
                        PositiveClass.isPredicted(share, threshold: threshold) ? classes[1] : classes[0]),
                metrics: Dictionary(
                    uniqueKeysWithValues: MetricName.allCases.compactMap { name in
                        metrics[name].value.map { (name.rawValue, $0) }
                    }))
        case .multiclass:
            let classes = test.schema.labelValues
            var counts = [Int](repeating: 0, count: classes.count)
            for label in training.labels where Int(label) < counts.count { counts[Int(label)] += 1 }
            let prior = counts.map { Double($0) / Double(training.rowCount) }
            guard
                let data = try? ScoredClasses(
                    labels: test.labels.map(Int.init),
                    probabilities: Array((0..<test.rowCount).map { _ in prior }.joined()), classes: classes),
                let top = counts.indices.max(by: { (counts[$0], $1) < (counts[$1], $0) })
            else { return nil }
            let m = MulticlassMetrics.compute(data, bootstrap: none)
            let named: [(String, MetricEstimate)] = [
                ("accuracy", m.accuracy), ("balanced_accuracy", m.balancedAccuracy), ("macro_f1", m.macroF1),
                ("weighted_f1", m.weightedF1), ("log_loss", m.logLoss), ("macro_roc_auc", m.macroROCAUC),
            ]
            self.init(
                answer:
                    "always the training rows' class shares (label \(EvaluationReport.shown(classes[top])), the majority class, "
                    + "\(significant(prior[top], digits: 4)))",
                metrics: Dictionary(uniqueKeysWithValues: named.compactMap { name, e in e.value.map { (name, $0) } }))
        case .regression:
            let targets = training.targets
            let mean = targets.reduce(0, +) / Double(targets.count)
            let sorted = targets.sorted(), middle = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            let n = test.rowCount
            guard
                let byMean = try? ScoredValues(targets: test.targets, predictions: Array(repeating: mean, count: n)),
                let byMedian = try? ScoredValues(targets: test.targets, predictions: Array(repeating: median, count: n))
            else { return nil }
            let m = RegressionMetrics.compute(byMean, bootstrap: none)
            let d = RegressionMetrics.compute(byMedian, bootstrap: none)
            let named: [(String, MetricEstimate)] = [
                ("mae", d.meanAbsoluteError), ("rmse", m.rootMeanSquaredError), ("r2", m.r2),
                ("median_absolute_error", d.medianAbsoluteError),
            ]
            self.init(
                answer: "always the training rows' mean \(significant(mean, digits: 6)) (RMSE, R²) or median "
                    + "\(significant(median, digits: 6)) (MAE, median absolute error)",
                metrics: Dictionary(uniqueKeysWithValues: named.compactMap { name, e in e.value.map { (name, $0) } }))
        }
    }

    /// A metric on which a model does not beat the constant.
    public struct Shortfall: Equatable, Sendable {
        /// The report's name of the metric (`rmse`).
        public var metric: String
        /// The model's value.
        public var value: Double
        /// What it had to beat: the constant's value, or 0 for an R² (see `shortfall(of:)`).
        public var baseline: Double
    }

    /// The first of `metrics` on which the model is no better than the constant (a tie does not
    /// beat it), or nil when it beats it on each it has a value for. An R² must also be above 0:
    /// below it the model is worse than always answering the test rows' own mean, which is how
    /// R² is defined (scikit-learn's `r2_score`). Metrics without a direction (selection rate)
    /// or without the constant's value are passed over.
    /// - Parameter metrics: the model's values by the report's names, in the order to check.
    public func shortfall(of metrics: [(name: String, value: Double?)]) -> Shortfall? {
        shortfalls(of: metrics).first
    }

    /// Every one of `metrics` on which the model is no better than the constant, in their
    /// order, by the rule of `shortfall(of:)`.
    public func shortfalls(of metrics: [(name: String, value: Double?)]) -> [Shortfall] {
        metrics.compactMap { name, value in
            guard let value, let higher = EvaluationReport.higherIsBetter(name) else { return nil }
            if name == "r2" {
                let bar = max(0, self.metrics[name] ?? 0)
                return value <= bar ? Shortfall(metric: name, value: value, baseline: bar) : nil
            }
            guard let baseline = self.metrics[name] else { return nil }
            return (higher ? value <= baseline : value >= baseline)
                ? Shortfall(metric: name, value: value, baseline: baseline) : nil
        }
    }
}

extension ConstantBaseline: Encodable {
    enum CodingKeys: String, CodingKey {
        case answer, metrics
    }
}
