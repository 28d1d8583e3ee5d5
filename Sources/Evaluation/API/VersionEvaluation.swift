import Basics
import Foundation
import Models

/// Evaluates one trained version end to end: its memory-mapped model on the test file its
/// training record names, sliced by the declared slices, with the model's own and permutation
/// importances. This is what `modelpress evaluate` runs.
public enum VersionEvaluation {
    /// The breakdowns of a version whose training record was written before pipelines declared
    /// data and slices (no `data` in training.json: the income_classifier versions of the UCI
    /// Adult files): sex, race, age in bands of ten years from 25 to 65, and sex × race, each
    /// used only when the schema has its fields. A newer record without `[evaluation]` is not
    /// sliced: slices nobody declared (a fairness gap by a field that happens to be called `age`)
    /// would mislead.
    public static let legacySlices: [SliceSpec] = [
        .init(fields: [.init(name: "sex")]), .init(fields: [.init(name: "race")]),
        .init(fields: [.init(name: "age", bands: .edges([25, 35, 45, 55, 65]))]),
        .init(fields: [.init(name: "sex"), .init(name: "race")]),
    ]

    /// What follows a slice group's value that training never saw.
    static let unseenMark = " (unseen in training)"

    /// Builds the report for the version in `folder` (model.bin + training.json).
    /// - Parameters:
    ///   - root: the repository root the record's data paths are relative to.
    ///   - slices: the breakdowns; nil for those the training record declares (none when it
    ///     declares none, `legacySlices` for a record from before declared data); those naming
    ///     a field the schema lacks are left out.
    ///   - permutationRepeats: shuffles per feature for permutation importance (0 skips it).
    ///   - shapRows: test rows whose TreeSHAP contributions give mean |SHAP| per field (a
    ///     seeded sample when there are more; 0 skips it; see `MeanAbsoluteSHAP`). A model
    ///     without cover and without readable training rows has none, said in `progress`.
    ///   - rows: another version's training record and its test rows as this version reads
    ///     them (`TrainingRecord.testDataset(root:scoredBy:)`), to score the model on those rows
    ///     (with that version's declared slices) instead of its own: `modelpress evaluate A --on
    ///     B`, whose report names B's test data.
    ///   - progress: one line per stage, and within permutation importance and mean |SHAP| how
    ///     far they are (`StepProgress`: after a second, at most every two seconds), from the
    ///     threads doing the work.
    /// - Throws: `DataFileError` (test data missing or altered), `ModelFileError`,
    ///   `EvaluationError`, or a `JSONReadError` for a malformed training.json.
    public static func evaluate(
        folder: URL, root: URL, options: EvaluationOptions = EvaluationOptions(),
        slices: [SliceSpec]? = nil, permutationRepeats: Int = 3, shapRows: Int = MeanAbsoluteSHAP.sampleLimit,
        on rows: (record: TrainingRecord, test: Dataset)? = nil,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> EvaluationReport {
        let recordURL = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
        guard let recordData = FileManager.default.contents(atPath: recordURL.path) else {
            throw DataFileError(file: recordURL.path, reason: .missing)
        }
        let record = try TrainingRecord.decode(recordData)
        let modelURL = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue)
        progress("loading \(modelURL.path)")
        let model = try TreeModel(contentsOf: modelURL)
        // The version whose test rows these are: its file, split and declared slices.
        let source = rows?.record ?? record
        if rows == nil { progress("checking and reading the test rows of \(source.testData.path)") }
        let test = try rows?.test ?? record.testDataset(root: root)
        for note in source.sumsNotes(root: root) { progress("note: \(note)") }
        let requested = try slices ?? source.evaluation.map(SliceSpec.specs) ?? (source.data == nil ? legacySlices : [])
        let declared = requested.filter { $0.fields.allSatisfy { test.schema.field(named: $0.name) != nil } }
        let (groups, breakdowns) = try GroupColumns.declared(declared, columns: sliceColumns(of: test))
        progress("scoring \(test.rowCount) rows")
        let own = model.featureImportances.sorted { $0.key < $1.key }.map {
            FeatureImportance(feature: $0.key, importance: $0.value)
        }
        let columns = FeatureColumn.columns(of: test), names = test.schema.fields.map(\.name)
        // The tables permutation importance scores come as the unshuffled one, then
        // `permutationRepeats` per feature in the names' order (`PermutationImportance`): a
        // feature is done when the next one's first table comes, the last when all are scored.
        var features: StepProgress?
        var tablesScored = 0
        func permutation(
            _ compute: ([FeatureColumn], [String], Int) throws -> PermutationImportance
        ) throws -> PermutationImportance? {
            guard permutationRepeats > 0 else { return nil }
            progress("permutation importance (\(names.count) features × \(permutationRepeats))")
            features = StepProgress("permutation importance", total: names.count, unit: "feature", report: progress)
            let importance = try compute(columns, names, permutationRepeats)
            if !names.isEmpty { features?.advance() }
            return importance
        }
        func shuffled(_ table: [FeatureColumn]) -> Dataset {
            if tablesScored > 1, (tablesScored - 1) % permutationRepeats == 0 { features?.advance() }
            tablesScored += 1
            return FeatureColumn.dataset(table, like: test)
        }
        var shap: MeanAbsoluteSHAP?
        if shapRows > 0 {
            let rows = min(shapRows, test.rowCount)
            progress("mean |SHAP| over \(rows) test rows")
            if !TreeExplainer.recordsCover(model) {
                // A pass over the training rows before the first row is explained (16 s for
                // income_classifier's forest in a debug build): said, not silent.
                progress(
                    "mean |SHAP|: counting the per-node cover from the training rows (the model file records none)")
            }
            do {
                let explainer = try TreeExplainer.forVersion(model, folder: folder, root: root, name: "\(record.id)")
                let explained = StepProgress("mean |SHAP|", total: rows, unit: "test row", report: progress)
                shap = MeanAbsoluteSHAP.compute(explainer, test: test, seed: record.seed, limit: shapRows) {
                    explained.advance()
                }
            } catch {
                progress("no mean |SHAP|: \(error)")
            }
        }
        // A constant from the training rows, scored on the same test rows: what the model must beat.
        progress("the constant baseline from the training rows of \(record.trainingData.path)")
        var baseline: ConstantBaseline?
        do {
            baseline = ConstantBaseline(
                training: try record.trainingDataset(root: root), test: test, threshold: options.threshold)
        } catch {
            progress("no constant baseline: \(error)")
        }
        func withBaseline(_ report: EvaluationReport) -> EvaluationReport {
            var report = report
            report.baseline = baseline
            return report
        }
        switch test.schema.task {
        case .binary:
            break
        case .multiclass:
            let labels = test.labels.map(Int.init), classes = test.schema.labelValues
            let data = try ScoredClasses(
                labels: labels, probabilities: model.classProbabilities(test), classes: classes)
            let importance = try permutation { columns, names, repeats in
                try PermutationImportance.compute(
                    columns: columns, names: names, labels: labels, classes: classes, repeats: repeats
                ) { model.classProbabilities(shuffled($0)) }
            }
            progress("metrics, intervals and slices")
            return withBaseline(
                try EvaluationReport(
                    model: record.id, dataset: .init(testDataOf: source, scoredBy: record), data: data,
                    options: options,
                    groups: groups, slices: breakdowns,
                    importances: Importances(model: own, permutation: importance, shap: shap)))
        case .regression:
            let data = try ScoredValues(targets: test.targets, predictions: model.predictedValues(test))
            let importance = try permutation { columns, names, repeats in
                try PermutationImportance.compute(
                    columns: columns, names: names, targets: test.targets, repeats: repeats
                ) { model.predictedValues(shuffled($0)) }
            }
            progress("metrics, intervals and slices")
            return withBaseline(
                try EvaluationReport(
                    model: record.id, dataset: .init(testDataOf: source, scoredBy: record), data: data,
                    options: options,
                    groups: groups, slices: breakdowns,
                    importances: Importances(model: own, permutation: importance, shap: shap)))
        }
        let scores = model.positiveProbabilities(test)
        let labels = test.labels.map { $0 == 1 }
        let data = try ScoredLabels(labels: labels, scores: scores)
        // ROC AUC needs both classes; a test file with one has its importance by accuracy.
        let metric: MetricName = data.positives > 0 && data.positives < data.count ? .rocAUC : .accuracy
        let importance = try permutation { columns, names, repeats in
            try PermutationImportance.compute(
                columns: columns, names: names, labels: labels, metric: metric, threshold: options.threshold,
                repeats: repeats
            ) { model.positiveProbabilities(shuffled($0)) }
        }
        progress("metrics, intervals and slices")
        return withBaseline(
            try EvaluationReport(
                model: record.id, dataset: .init(testDataOf: source, scoredBy: record), data: data, options: options,
                groups: groups, slices: breakdowns,
                importances: Importances(model: own, permutation: importance, shap: shap)))
    }

    /// Every field of `data` as a slice column: categorical values as the test file writes them,
    /// with the schema's categories (a value training never saw is its own group, marked
    /// ` (unseen in training)`; `missing` when absent), numbers as they are.
    static func sliceColumns(of data: Dataset) -> [String: SliceColumn] {
        var columns: [String: SliceColumn] = [:]
        for (index, field) in data.schema.fields.enumerated() {
            switch field.kind {
            case .categorical:
                let unlisted = data.unlisted[index]
                let values = data.codes[index].enumerated().map { row, code in
                    code >= 0
                        ? field.categories[Int(code)] : unlisted[row].map { $0 + unseenMark } ?? "missing"
                }
                columns[field.name] = .categorical(values, categories: field.categories)
            case .numeric:
                columns[field.name] = .numeric(data.numbers[index])
            }
        }
        return columns
    }
}

/// One column of a `Dataset`, so permutation importance can shuffle it.
enum FeatureColumn: PermutableColumn {
    case numbers([Double])
    case codes([Int32])

    func reordered(by permutation: [Int]) -> FeatureColumn {
        switch self {
        case .numbers(let values): return .numbers(values.reordered(by: permutation))
        case .codes(let values): return .codes(values.reordered(by: permutation))
        }
    }

    static func columns(of data: Dataset) -> [FeatureColumn] {
        data.schema.fields.indices.map { index in
            data.schema.fields[index].kind == .numeric ? .numbers(data.numbers[index]) : .codes(data.codes[index])
        }
    }

    /// `data` with its feature columns replaced by `columns` (labels or targets kept).
    static func dataset(_ columns: [FeatureColumn], like data: Dataset) -> Dataset {
        var copy = data
        for (index, column) in columns.enumerated() {
            switch column {
            case .numbers(let values): copy.numbers[index] = values
            case .codes(let values): copy.codes[index] = values
            }
        }
        return copy
    }
}
