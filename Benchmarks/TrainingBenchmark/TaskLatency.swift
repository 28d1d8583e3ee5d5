import Foundation
import Models
import Pipelines

/// One-row prediction of a random forest per task, trained with a pipeline's hyper-parameters
/// on its training rows, with labels made for each task from the declared binary one:
/// binary (as declared), multiclass (the label crossed with `sex`: four classes) and
/// regression (the label as the number 0 or 1), and timed on the test rows as the main
/// benchmark times them; beside each, one row's TreeSHAP contributions (`explain_us`). A
/// pipeline whose label is not binary is skipped, with a line on stderr.
enum TaskLatency {
    static func measure(_ pipeline: Pipeline, threads: Int?) throws -> [[String: String]] {
        guard let algorithm = pipeline.algorithm else { return [] }
        let data = try pipeline.loadData()
        // The tasks are made from a binary label; a multiclass or regression pipeline has none.
        guard data.train.targets.isEmpty, data.train.schema.labelValues.count == 2 else {
            FileHandle.standardError.write(
                Data("bench: \(pipeline.model) of \(pipeline.endpoint) skipped: --tasks relabels a binary label\n".utf8)
            )
            return []
        }
        var results: [[String: String]] = []
        for task in PredictionTask.allCases {
            let ensemble = try Trainer.train(
                relabelled(data.train, as: task), algorithm: algorithm,
                hyperparameters: pipeline.hyperparameters, seed: pipeline.seed, threads: threads)
            let model = try TreeModel(bytes: ensemble.serialized())
            let single = try TrainingBenchmark.oneRowSeconds(model, data.test)
            let explain = try TrainingBenchmark.oneRowExplainSeconds(model, data.test)
            results.append([
                "task": task.rawValue, "algorithm": algorithm.rawValue, "trees": String(model.treeCount),
                "nodes": String(model.nodeCount), "single_us": String(single * 1e6),
                "explain_us": String(explain * 1e6),
            ])
        }
        return results
    }

    static func relabelled(_ data: Dataset, as task: PredictionTask) -> Dataset {
        var schema = data.schema
        let n = data.rowCount
        switch task {
        case .binary:
            return data
        case .multiclass:
            let sex = data.schema.fields.firstIndex { $0.name == "sex" } ?? 0
            let codes = data.codes[sex].isEmpty ? [Int32](repeating: 0, count: n) : data.codes[sex]
            schema.labelValues = ["a", "b", "c", "d"]
            let labels = (0..<n).map { UInt8(Int(data.labels[$0]) * 2 + (codes[$0] == 1 ? 1 : 0)) }
            return Dataset(schema: schema, numbers: data.numbers, codes: data.codes, labels: labels)
        case .regression:
            schema.labelValues = []
            let targets = data.labels.map(Double.init)
            return Dataset(schema: schema, numbers: data.numbers, codes: data.codes, targets: targets)
        }
    }
}
