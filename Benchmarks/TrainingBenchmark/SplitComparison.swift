import Foundation
import JSONWriting
import Models
import Pipelines

/// The side-by-side training benchmark's modelpress half: for each shipped data set (the
/// pipelines of one endpoint), its labelled rows, `splitCount` seeded 80/20 splits of them, and
/// per algorithm the seconds (wall and CPU) of each fit and the predictions on each split's test rows, written
/// as `<endpoint>.json` for scripts/bench/sklearn_bench.py, which fits scikit-learn and LightGBM
/// on the same rows and scores every library's predictions the same way. Split k (from 0) trains
/// every library with the model seed `pipeline seed + k`, so the standard errors take in the
/// seed's variation too: one seed for all splits compared one draw of each library's randomness
/// (boosting's validation rows), which on income was LightGBM's best and modelpress's worst of
/// four (session 15).
///
/// The rows are the training and test rows the pipeline loads, together: a declared test file
/// is added to the training file (Adult: adult.data ∪ adult.test), a held-out split is undone.
/// A data set without an extra-trees pipeline trains extra trees with its random-forest
/// pipeline's hyper-parameters but `bootstrap` (each library's extra-trees default: none).
enum SplitComparison {
    /// `make bench-train`'s splits; more (`--split-count`) measure a small difference's size.
    static let splitCount = 5
    static let testFraction = 0.2
    static let algorithms: [Algorithm] = [.randomForest, .extraTrees, .gradientBoosting]

    /// - Parameters:
    ///   - splitCount: how many splits, seeded 1…`splitCount` (the first five are the bench's).
    ///   - only: the algorithms to fit (default: `algorithms`).
    static func run(
        files: [URL], folder: URL, threads: Int?, splitCount: Int = SplitComparison.splitCount,
        only: [Algorithm] = SplitComparison.algorithms
    ) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pipelines = try files.map(Pipeline.init(contentsOf:))
        for endpoint in Array(Set(pipelines.map(\.endpoint))).sorted() {
            let group = pipelines.filter { $0.endpoint == endpoint }
            let loaded = try group[0].loadData()
            let rows = concatenated(loaded.train, loaded.test)
            let splits = (1...splitCount).map { seed in
                DataSplit.rows(
                    rowCount: rows.rowCount, groups: rows.labels.isEmpty ? nil : rows.labels.map(Int.init),
                    fraction: testFraction, seed: UInt64(seed))
            }
            var runs: [Run] = []
            for algorithm in algorithms where only.contains(algorithm) {
                guard let (pipeline, hyperparameters, note) = declared(algorithm, in: group) else { continue }
                FileHandle.standardError.write(Data("bench: \(endpoint) \(algorithm.rawValue)…\n".utf8))
                var run = Run(
                    algorithm: algorithm, pipeline: pipeline, hyperparameters: hyperparameters, note: note)
                for (k, split) in splits.enumerated() {
                    let start = TrainingBenchmark.clock()
                    let cpuStart = ScaleRun.cpuSeconds()
                    let seed = pipeline.seed &+ UInt64(k)
                    run.seeds.append(seed)
                    let ensemble = try Trainer.train(
                        rows.subset(split.training), algorithm: algorithm, hyperparameters: hyperparameters,
                        seed: seed, threads: threads)
                    run.seconds.append(TrainingBenchmark.clock() - start)
                    run.cpuSeconds.append(ScaleRun.cpuSeconds() - cpuStart)
                    let model = try TreeModel(bytes: ensemble.serialized())
                    let test = rows.subset(split.test)
                    run.predictions.append(
                        rows.labels.isEmpty
                            ? model.predictedValues(test, threads: threads)
                            : model.classProbabilities(test, threads: threads))
                }
                runs.append(run)
            }
            var writer = JSONWriter(.line)
            writer.object { json in
                json.field("dataset", endpoint)
                json.field("task", rows.schema.task.rawValue)
                json.field(
                    "rows_from",
                    loaded.declaration.test.map { "\(loaded.declaration.training) + \($0)" }
                        ?? loaded.declaration.training)
                write(rows, into: &json)
                json.array("splits", Array(splits.enumerated())) { json, split in
                    json.object { json in
                        json.field("seed", split.offset + 1)
                        json.array("train", split.element.training) { $0.integer(Int64($1)) }
                        json.array("test", split.element.test) { $0.integer(Int64($1)) }
                    }
                }
                json.array("runs", runs) { json, run in run.write(into: &json) }
            }
            try Data(writer.bytes).write(to: folder.appendingPathComponent("\(endpoint).json"))
        }
    }

    /// The pipeline and hyper-parameters `algorithm` trains with on this data set, and how they
    /// were chosen; nil when no pipeline of the group declares the algorithm or a random forest.
    static func declared(
        _ algorithm: Algorithm, in group: [Pipeline]
    ) -> (Pipeline, [String: String], String)? {
        if let pipeline = group.first(where: { $0.algorithm == algorithm }) {
            return (pipeline, pipeline.hyperparameters, "its pipeline")
        }
        guard algorithm == .extraTrees, let forest = group.first(where: { $0.algorithm == .randomForest }) else {
            return nil
        }
        var hyperparameters = forest.hyperparameters
        hyperparameters["bootstrap"] = nil
        return (forest, hyperparameters, "the random forest pipeline's, without bootstrap")
    }

    /// `first`'s rows, then `second`'s (both read with `first`'s schema).
    static func concatenated(_ first: Dataset, _ second: Dataset) -> Dataset {
        let numbers = zip(first.numbers, second.numbers).map { $0 + $1 }
        let codes = zip(first.codes, second.codes).map { $0 + $1 }
        return first.labels.isEmpty
            ? Dataset(schema: first.schema, numbers: numbers, codes: codes, targets: first.targets + second.targets)
            : Dataset(schema: first.schema, numbers: numbers, codes: codes, labels: first.labels + second.labels)
    }

    /// The fields (name, kind, categories), the classes, each column (numbers; category codes;
    /// `null` for missing) and the labels (class indices) or targets.
    static func write(_ rows: Dataset, into json: inout JSONWriter) {
        json.array("classes", rows.schema.labelValues) { $0.string($1) }
        json.array("fields", Array(rows.schema.fields.enumerated())) { json, item in
            let (f, field) = item
            json.object { json in
                json.field("name", field.name)
                json.field("kind", field.kind.rawValue)
                json.array("categories", field.categories) { $0.string($1) }
                json.key("values")
                json.array { json in
                    switch field.kind {
                    case .numeric: for value in rows.numbers[f] { json.number(value) }
                    case .categorical: for code in rows.codes[f] { code < 0 ? json.null() : json.integer(Int64(code)) }
                    }
                }
            }
        }
        if rows.labels.isEmpty {
            json.array("targets", rows.targets) { $0.number($1) }
        } else {
            json.array("labels", rows.labels) { $0.integer(Int64($1)) }
        }
    }

    /// One algorithm on every split: fit seconds and the test rows' predictions (class
    /// probabilities row-major, or values for regression), split by split.
    struct Run {
        var algorithm: Algorithm
        var pipeline: Pipeline
        var hyperparameters: [String: String]
        var note: String
        var seconds: [Double] = []
        /// The process's CPU seconds (every thread) during each fit: what a loaded machine
        /// changes least.
        var cpuSeconds: [Double] = []
        var predictions: [[Double]] = []
        /// Each split's model seed: the pipeline's seed + the split's index from 0.
        var seeds: [UInt64] = []

        func write(into json: inout JSONWriter) {
            json.object { json in
                json.field("algorithm", algorithm.rawValue)
                json.field("pipeline", pipeline.file)
                json.field("hyperparameters_from", note)
                json.field("seed", Int(pipeline.seed))
                json.array("model_seeds", seeds) { $0.integer(Int64($1)) }
                json.object("hyperparameters") { json in
                    for (key, value) in hyperparameters.sorted(by: { $0.key < $1.key }) { json.field(key, value) }
                }
                json.array("fit_s", seconds) { $0.number($1) }
                json.array("fit_cpu_s", cpuSeconds) { $0.number($1) }
                json.array("predictions", predictions) { json, values in
                    json.array { json in for value in values { json.number(value) } }
                }
            }
        }
    }
}
