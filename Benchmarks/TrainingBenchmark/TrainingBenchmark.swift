import ArgumentParser
import Foundation
import JSONWriting
import Models
import Pipelines

@main
struct TrainingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "TrainingBenchmark",
        abstract: "Measure training and prediction of the pipelines' models (JSON on stdout).",
        discussion: """
            For each pipeline: fit seconds, batch-predict seconds over the test file, \
            median one-row predict µs (a row given as text, as the CGI gets it), model file \
            size, median load ms, accuracy, ROC AUC and log loss. With --splits, what \
            scripts/bench-train compares with scikit-learn and LightGBM (`make bench-train`).
            """
    )

    @Argument(help: "Pipeline files (default: every research/pipelines/*.toml).")
    var pipelines: [String] = []

    @Option(name: .long, help: "Training threads (default: every core).")
    var threads: Int?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Instead: one-row µs of each binary random-forest pipeline's model per task (binary, multiclass, regression), "
                + "and of one row's TreeSHAP explanation."))
    var tasks = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Instead: write each data set's rows, \(SplitComparison.splitCount) seeded splits and modelpress's fits "
                + "and predictions on them into this folder, for scripts/bench/sklearn_bench.py."))
    var splits: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --splits: how many seeded splits (seeds 1…N; the first \(SplitComparison.splitCount) are "
                + "`make bench-train`'s), to measure a small difference's size (scripts/bench/boosting_splits.py)."))
    var splitCount = SplitComparison.splitCount

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --splits: fit only this algorithm (random_forest, extra_trees, gradient_boosting); repeatable.",
            valueName: "algorithm"))
    var algorithm: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Instead: load and train the one pipeline given, write its test predictions into this file and print "
                + "load, bin and fit seconds and peak memory (scripts/bench/scale_bench.py, `make bench-scale`)."))
    var scale: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Instead: convert this model trained elsewhere (LightGBM, XGBoost, ONNX) with the schema of the one "
                + "pipeline given and print the same figures but fit seconds (`make bench-train`'s imported row)."))
    var imported: String?

    func run() throws {
        if let scale {
            guard pipelines.count == 1 else { throw ValidationError("--scale takes exactly one pipeline file") }
            try ScaleRun.run(
                pipeline: URL(fileURLWithPath: pipelines[0]), predictions: URL(fileURLWithPath: scale), threads: threads
            )
            return
        }
        let format = JSONFormat(indented: false, dialect: .encoder, escapesSlashes: true)
        if let imported {
            guard pipelines.count == 1 else { throw ValidationError("--imported takes exactly one pipeline file") }
            let result = try Self.importedFigures(
                URL(fileURLWithPath: imported), pipeline: Pipeline(contentsOf: URL(fileURLWithPath: pipelines[0])),
                threads: threads)
            print(String(decoding: try JSONWriter.encode([result], format), as: UTF8.self))
            return
        }
        let files = pipelines.isEmpty ? Pipeline.defaultFiles() : pipelines.map(URL.init(fileURLWithPath:))
        if let splits {
            guard splitCount >= 2 else {
                throw ValidationError("--split-count takes an integer ≥ 2 (a standard error needs two splits)")
            }
            let only = try algorithm.map { name in
                guard let algorithm = Algorithm(rawValue: name), SplitComparison.algorithms.contains(algorithm) else {
                    throw ValidationError(
                        "--algorithm '\(name)' is none of "
                            + SplitComparison.algorithms.map(\.rawValue).joined(separator: ", "))
                }
                return algorithm
            }
            try SplitComparison.run(
                files: files, folder: URL(fileURLWithPath: splits), threads: threads, splitCount: splitCount,
                only: only.isEmpty ? SplitComparison.algorithms : only)
            return
        }
        if tasks {
            let forests = try files.map(Pipeline.init(contentsOf:)).filter { $0.algorithm == .randomForest }
            let results = try forests.flatMap { try TaskLatency.measure($0, threads: threads) }
            print(String(decoding: try JSONWriter.encode(results, format), as: UTF8.self))
            return
        }
        var results: [[String: String]] = []
        for file in files {
            let pipeline = try Pipeline(contentsOf: file)
            guard let algorithm = pipeline.algorithm else { continue }
            let data = try pipeline.loadData()
            let fitStart = Self.clock()
            let ensemble = try Trainer.train(
                data.train, algorithm: algorithm, hyperparameters: pipeline.hyperparameters,
                seed: pipeline.seed, threads: threads)
            let fit = Self.clock() - fitStart
            var result = try Self.servingFigures(ensemble, test: data.test, threads: threads)
            result.merge(["name": pipeline.model, "algorithm": algorithm.rawValue, "fit_s": String(fit)]) { $1 }
            results.append(result)
            FileHandle.standardError.write(Data("bench: \(pipeline.model) done\n".utf8))
        }
        print(String(decoding: try JSONWriter.encode(results, format), as: UTF8.self))
    }

    /// What serving `ensemble` costs, written to a file and mapped as predict.cgi maps it: file
    /// size, median load ms (200 loads), batch seconds over `test`, median one-row µs, and the
    /// quality on `test` (binary: accuracy, ROC AUC, log loss).
    static func servingFigures(_ ensemble: TreeEnsemble, test: Dataset, threads: Int?) throws -> [String: String] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).bin")
        try Data(ensemble.serialized()).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var loads: [Double] = []
        var model = try TreeModel(contentsOf: url)
        for _ in 0..<200 {
            let start = clock()
            model = try TreeModel(contentsOf: url)
            loads.append(clock() - start)
        }
        let batchStart = clock()
        let probabilities = model.positiveProbabilities(test, threads: threads)
        let batch = clock() - batchStart
        let single = try oneRowSeconds(model, test)
        return [
            "batch_s": String(batch), "single_us": String(single * 1e6), "bytes": String(model.byteCount),
            "load_ms": String(median(loads) * 1e3), "trees": String(model.treeCount), "nodes": String(model.nodeCount),
            "accuracy": String(QuickMetrics.accuracy(probabilities, test.labels)),
            "auc": String(QuickMetrics.rocAUC(probabilities, test.labels)),
            "log_loss": String(QuickMetrics.logLoss(probabilities, test.labels)),
        ]
    }

    /// `servingFigures` of a model trained elsewhere, converted with `pipeline`'s schema, with
    /// the widest field's bin count (more than 255 needs format 5's 16-bit bins).
    static func importedFigures(_ file: URL, pipeline: Pipeline, threads: Int?) throws -> [String: String] {
        let data = try pipeline.loadData()
        let bytes = Array(try Data(contentsOf: file))
        let converted = try ModelImporter.convert(
            bytes, format: ModelImporter.detect(bytes, file: file.path), schema: data.train.schema, file: file.path)
        var result = try servingFigures(converted.ensemble, test: data.test, threads: threads)
        result.merge([
            "name": file.lastPathComponent, "algorithm": "imported (\(converted.library))",
            "widest_field_bins": String(converted.ensemble.binning.binCounts.max() ?? 0),
        ]) { $1 }
        return result
    }

    /// Row `r` of `data` as the text a form would send.
    static func textRow(_ data: Dataset, _ r: Int) -> [String: String] {
        var row: [String: String] = [:]
        for (f, field) in data.schema.fields.enumerated() {
            switch field.kind {
            case .numeric:
                let value = data.numbers[f][r]
                row[field.name] = value.isFinite ? String(Int(value)) : "?"
            case .categorical:
                let code = Int(data.codes[f][r])
                row[field.name] = code >= 0 ? field.categories[code] : "?"
            }
        }
        return row
    }

    /// The median time of one-row predictions of the first 200 rows of `data` (5,000 calls).
    static func oneRowSeconds(_ model: TreeModel, _ data: Dataset) throws -> Double {
        let rows = (0..<200).map { textRow(data, $0) }
        var singles: [Double] = []
        for round in 0..<5000 {
            let row = rows[round % rows.count]
            let start = clock()
            _ = try model.predict(row)
            singles.append(clock() - start)
        }
        return median(singles)
    }

    static func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
