import Basics

/// The knobs of an evaluation. The defaults are what every committed report was made with:
/// threshold 0.5, 1,000 stratified bootstrap resamples per 95% interval, slices of at least 30
/// rows, curves of at most 200 points, 10 calibration bins and 20 histogram bins.
public struct EvaluationOptions: Sendable {
    /// The score above which a row is predicted positive (`PositiveClass.isPredicted`), in [0, 1].
    public var threshold: Double
    public var bootstrap: BootstrapSettings
    /// Slice groups with fewer rows are flagged `too_small`.
    public var minimumSliceSupport: Int
    /// The most points a curve keeps in the report.
    public var maxCurvePoints: Int
    public var calibrationBins: Int
    public var histogramBins: Int

    public init(
        threshold: Double = 0.5, bootstrap: BootstrapSettings = BootstrapSettings(), minimumSliceSupport: Int = 30,
        maxCurvePoints: Int = 200, calibrationBins: Int = 10, histogramBins: Int = 20
    ) {
        self.threshold = threshold
        self.bootstrap = bootstrap
        self.minimumSliceSupport = minimumSliceSupport
        self.maxCurvePoints = maxCurvePoints
        self.calibrationBins = calibrationBins
        self.histogramBins = histogramBins
    }

    func validate() throws {
        guard threshold >= 0, threshold <= 1 else {
            throw EvaluationError(.badParameter(name: "threshold", message: "must be in [0, 1], got \(threshold)"))
        }
        guard bootstrap.resamples >= 0 else {
            throw EvaluationError(.badParameter(name: "bootstrap resamples", message: "must not be negative"))
        }
        if let prior = bootstrap.confusionRowPrior, !(prior > 0 && prior.isFinite) {
            throw EvaluationError(
                .badParameter(
                    name: "bootstrap confusion_row_prior",
                    message: "must be a positive number (0.5 is Jeffreys' prior), got \(prior)"))
        }
        guard maxCurvePoints >= 2, calibrationBins >= 1, histogramBins >= 1, minimumSliceSupport >= 0 else {
            throw EvaluationError(
                .badParameter(
                    name: "options", message: "curve points must be ≥ 2, bins ≥ 1 and minimum support ≥ 0"))
        }
    }
}

extension EvaluationReport {
    /// Evaluates a model's scores on held-out data.
    ///
    /// ```swift
    /// let data = try ScoredLabels(labels: testLabels, scores: model.probabilities(testRows))
    /// let permutation = try PermutationImportance.compute(
    ///     columns: testColumns, names: featureNames, labels: data.labels, metric: .rocAUC, repeats: 5
    /// ) { columns in model.probabilities(columns) }
    /// let report = try EvaluationReport(
    ///     model: .init(record), dataset: .init(testDataOf: record), data: data,
    ///     groups: GroupColumns(values: ["sex": sex, "race": race, "age_band": ageBand], schema: record.schema),
    ///     slices: [["sex"], ["race"], ["age_band"], ["sex", "race"]],
    ///     importances: Importances(model: model.importances, permutation: permutation))
    /// try report.write(to: artifactFolder.appendingPathComponent("evaluation.json"))
    /// print(report.summary())
    /// ```
    ///
    /// - Parameters:
    ///   - model: the version evaluated.
    ///   - dataset: the test file (path, SHA-256, positive label); rows and positives are filled in.
    ///   - data: labels and positive-class probabilities, one per test row.
    ///   - groups: group columns for slicing (one value per row per field).
    ///   - slices: the breakdowns wanted, e.g. `[["sex"], ["race"], ["sex", "race"]]`.
    ///   - importances: the model's own importances and/or a `PermutationImportance`.
    /// - Throws: `EvaluationError` on bad options, unknown slice fields or columns of the wrong length.
    /// - Complexity: O((1 + slice breakdowns) · resamples · n), plus sorting.
    public init(
        model: VersionID, dataset: Dataset, data: ScoredLabels, options: EvaluationOptions = EvaluationOptions(),
        groups: GroupColumns = GroupColumns(values: [:]), slices: [[String]] = [],
        importances: Importances = Importances()
    ) throws {
        var dataset = try Self.prepared(dataset, rows: data.count, options: options)
        dataset.positives = data.positives
        let ranked = RankedScores(data, threshold: options.threshold)
        let binary = BinaryEvaluation(
            threshold: options.threshold, confusion: ConfusionMatrix(data, threshold: options.threshold),
            metrics: HeadlineMetrics.compute(ranked, bootstrap: options.bootstrap, salt: "all"),
            curves: Curves(
                roc: ROCCurve(data).downsampled(to: options.maxCurvePoints),
                precisionRecall: PrecisionRecallCurve(data).downsampled(to: options.maxCurvePoints)),
            calibration: Calibration(data, bins: options.calibrationBins),
            histogram: ScoreHistogram(data, bins: options.histogramBins),
            slices: try slices.map { fields in
                try SliceBreakdown.compute(
                    data, columns: groups, fields: fields, threshold: options.threshold,
                    bootstrap: options.bootstrap, minimumSupport: options.minimumSliceSupport)
            })
        self.init(
            schemaVersion: Self.binarySchemaVersion, model: model, dataset: dataset, bootstrap: options.bootstrap,
            minimumSliceSupport: options.minimumSliceSupport, results: .binary(binary), importances: importances)
    }

    /// Evaluates a multiclass model's class probabilities on held-out data: every multiclass
    /// metric, the confusion matrix, one-vs-rest ROC curves, top-label calibration and slices.
    /// The options' threshold and histogram bins do not apply.
    /// - Parameters:
    ///   - dataset: the test file (path, SHA-256); rows are filled in.
    ///   - data: true classes and class probabilities, one row per test row.
    ///   - groups, slices: as for a binary report (see `GroupColumns(_:columns:)` for declared slices).
    /// - Throws: `EvaluationError` on bad options, no rows, unknown slice fields or columns of
    ///   the wrong length.
    /// - Complexity: O((1 + slice breakdowns) · resamples · k · n), plus sorting.
    public init(
        model: VersionID, dataset: Dataset, data: ScoredClasses, options: EvaluationOptions = EvaluationOptions(),
        groups: GroupColumns = GroupColumns(values: [:]), slices: [[String]] = [],
        importances: Importances = Importances()
    ) throws {
        let dataset = try Self.prepared(dataset, rows: data.count, options: options)
        let confusion = WeightedClassCounts(data)
        let multiclass = MulticlassEvaluation(
            classes: data.classes, confusion: confusion.rows,
            metrics: .compute(data, bootstrap: options.bootstrap),
            rocCurves: data.classes.indices.map {
                ROCCurve(data.oneVsRest($0)).downsampled(to: options.maxCurvePoints)
            },
            calibration: Calibration(topLabelOf: data, bins: options.calibrationBins),
            slices: try slices.map { fields in
                try MulticlassSliceBreakdown.compute(
                    data, columns: groups, fields: fields, bootstrap: options.bootstrap,
                    minimumSupport: options.minimumSliceSupport)
            })
        self.init(model: model, dataset: dataset, options: options, results: .multiclass(multiclass), importances)
    }

    /// Evaluates a regression's predictions on held-out data: every regression metric, the
    /// residuals (histogram in `histogramBins` bins, at most `maxCurvePoints` predicted-vs-actual
    /// points) and slices. The options' threshold and calibration bins do not apply.
    /// - Parameters:
    ///   - dataset: the test file (path, SHA-256); rows are filled in.
    ///   - data: targets and predictions, one per test row.
    ///   - groups, slices: as for a binary report (see `GroupColumns(_:columns:)` for declared slices).
    /// - Throws: `EvaluationError` on bad options, no rows, unknown slice fields or columns of
    ///   the wrong length.
    /// - Complexity: O((1 + slice breakdowns) · resamples · n), plus sorting.
    public init(
        model: VersionID, dataset: Dataset, data: ScoredValues, options: EvaluationOptions = EvaluationOptions(),
        groups: GroupColumns = GroupColumns(values: [:]), slices: [[String]] = [],
        importances: Importances = Importances()
    ) throws {
        let dataset = try Self.prepared(dataset, rows: data.count, options: options)
        let regression = RegressionEvaluation(
            metrics: .compute(data, bootstrap: options.bootstrap),
            residuals: Residuals(data, bins: options.histogramBins, maxPoints: options.maxCurvePoints),
            slices: try slices.map { fields in
                try RegressionSliceBreakdown.compute(
                    data, columns: groups, fields: fields, bootstrap: options.bootstrap,
                    minimumSupport: options.minimumSliceSupport)
            })
        // A regression's rows are one group: nothing is stratified, there is no confusion matrix,
        // and the report says so.
        var recorded = options
        recorded.bootstrap.stratified = false
        recorded.bootstrap.confusionRowPrior = nil
        self.init(model: model, dataset: dataset, options: recorded, results: .regression(regression), importances)
    }

    /// Checks the options and the row count, and fills in the rows.
    private static func prepared(_ dataset: Dataset, rows: Int, options: EvaluationOptions) throws -> Dataset {
        try options.validate()
        guard rows > 0 else { throw EvaluationError(.empty) }
        var dataset = dataset
        dataset.rows = rows
        return dataset
    }

    /// A schema-2 report (multiclass or regression).
    private init(
        model: VersionID, dataset: Dataset, options: EvaluationOptions, results: Results, _ importances: Importances
    ) {
        self.init(
            schemaVersion: Self.currentSchemaVersion, model: model, dataset: dataset, bootstrap: options.bootstrap,
            minimumSliceSupport: options.minimumSliceSupport, results: results, importances: importances)
    }
}
