import Foundation
import Models

/// One-row prediction of a 100-tree random forest per task, on the first pipeline's training
/// rows with labels made for each task: binary (the label as declared), multiclass (the label
/// crossed with the row's parity: 2k classes) and regression (the class index plus a
/// hundredth of `r mod 7`, so full-depth trees fit the noise: a pessimistic tree size).
enum TaskLatency {
    static func measure(_ train: Dataset, threads: Int?) throws -> [[String: String]] {
        var results: [[String: String]] = []
        for task in PredictionTask.allCases {
            let data = relabelled(train, as: task)
            let ensemble = try Trainer.train(
                data, algorithm: .randomForest, hyperparameters: ["trees": "100"], seed: 1, threads: threads)
            let model = try TreeModel(bytes: ensemble.serialized())
            let single = try TrainingBenchmark.oneRowSeconds(model, data)
            results.append([
                "task": task.rawValue, "trees": String(model.treeCount), "nodes": String(model.nodeCount),
                "single_us": String(single * 1e6),
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
            let classes = data.schema.labelValues.count
            schema.labelValues = (0..<(2 * classes)).map { "class\($0)" }
            let labels = (0..<n).map { UInt8(Int(data.labels[$0]) * 2 + $0 % 2) }
            return Dataset(schema: schema, numbers: data.numbers, codes: data.codes, labels: labels)
        case .regression:
            schema.labelValues = []
            let targets = (0..<n).map { Double(data.labels[$0]) + Double($0 % 7) / 100 }
            return Dataset(schema: schema, numbers: data.numbers, codes: data.codes, targets: targets)
        }
    }
}
