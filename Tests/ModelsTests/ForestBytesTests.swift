import Basics
import Foundation
import Testing

@testable import Models

/// Forests must keep their bytes when their builder only gets faster: trees grown on a set
/// whose fields turn constant below some splits, on one and two threads, against the SHA-256
/// of the models this builder made before it skipped the constant features it knows of and
/// partitioned rows without branches (forests unchanged since trainer `modelpress-trees/3`:
/// `Trainer.lastChange`). A change that moves these bytes changes the trainer's identity.
@Suite struct ForestBytesTests {
    static let algorithms: [Algorithm] = [.decisionTree, .randomForest, .extraTrees]
    static let tasks: [PredictionTask] = [.binary, .multiclass, .regression]

    /// The SHA-256 of each model, by "algorithm task".
    static let expected: [String: String] = [
        "decision_tree binary": "ab50c307cbebac3ccefaed33a812f2f9c5d4bd76457e8260053e83a5bf38a549",
        "decision_tree multiclass": "cab021e571ef95da5494d2837775c4d8c1a75f7b62f34fdca5b5db58c3b53d05",
        "decision_tree regression": "253edf673d5be9729fcae9f74d237b84b3a078506ec7dc2471bc7c3ee902c61d",
        "extra_trees binary": "984e5764395c2d5524f3f8d0caa80dbd3b0609ab6bca9606ae32dc2ef203edaf",
        "extra_trees multiclass": "23462959781e09977ec52bbf108ee7eaf2e2aa416a6bb1787566a32ed216304f",
        "extra_trees regression": "66b86d1cdd67e07599a09717272c44510a68cc190c68884e9a4b6c5c095b1e8f",
        "random_forest binary": "2c84007f4cf971d58574ecc8d541176aeab8d23d741093be5ec49013219d4ef0",
        "random_forest multiclass": "fa6da787b46bff43364fc0271f58f28b41aed6c8920a6e12d5d4826b9d960e02",
        "random_forest regression": "a15efe4b7d6fc94f4f77a5e03677a8e43db455d498dabe38e7d6b3694b3cf0b1",
    ]

    @Test(arguments: algorithms, tasks)
    func forestsKeepTheirBytes(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let data = Self.data(task)
        let values = ["trees": "12", "min_samples_leaf": "3"]
        for threads in [1, 2] {
            let model = try Trainer.train(
                data, algorithm: algorithm, hyperparameters: values, seed: 5, threads: threads)
            let hash = Digest.sha256(try model.serialized())
            #expect(hash == Self.expected["\(algorithm.rawValue) \(task.rawValue)"], "\(threads) threads")
        }
    }

    /// 2,500 rows of six fields, some of which turn constant below a split: `flat` everywhere,
    /// `gain` (zero in nine rows of ten) in most small nodes, `tied` (1 for red, else 0) once
    /// the colours are split, `group` (mostly its first category) in many nodes; the label
    /// comes from the signal, the colour and the gain, with noise.
    static func data(_ task: PredictionTask) -> Dataset {
        var generator = SplitMix64(seed: 16)
        let rows = 2500
        var signal: [Double] = []
        var gain: [Double] = []
        var tied: [Double] = []
        var colour: [Int32] = []
        var group: [Int32] = []
        var labels: [UInt8] = []
        var targets: [Double] = []
        for _ in 0..<rows {
            let x = Double(generator.below(1000)) / 10
            let c = Int32(generator.below(4))
            let g = generator.below(10) == 0 ? Double(1 + generator.below(5000)) : 0
            let noise = generator.below(8) == 0
            signal.append(x)
            colour.append(generator.below(25) == 0 ? -1 : c)
            gain.append(g)
            tied.append(c == 2 ? 1 : 0)
            group.append(generator.below(7) == 0 ? Int32(1 + generator.below(5)) : 0)
            let score = (x > 50 ? 1 : 0) + (c == 2 ? 1 : 0) + (g > 2500 ? 1 : 0)
            labels.append(UInt8(noise ? (score + 1) % 3 : score % 3))
            targets.append(x / 10 + (c == 2 ? 4 : 0) + g / 1000 + Double(generator.below(100)) / 50)
        }
        let fields: [Field] = [
            .numeric("signal"), .categorical("colour", ["blue", "green", "red", "white"]), .numeric("flat"),
            .numeric("gain"), .numeric("tied"), .categorical("group", ["a", "b", "c", "d", "e", "f"]),
        ]
        let numbers = [signal, [], [Double](repeating: 3, count: rows), gain, tied, []]
        let codes = [[], colour, [], [], [], group]
        switch task {
        case .binary:
            let schema = Schema(fields: fields, label: "y", labelValues: ["no", "yes"])
            return Dataset(schema: schema, numbers: numbers, codes: codes, labels: labels.map { $0 == 0 ? 0 : 1 })
        case .multiclass:
            let schema = Schema(fields: fields, label: "y", labelValues: ["low", "middle", "high"])
            return Dataset(schema: schema, numbers: numbers, codes: codes, labels: labels)
        case .regression:
            let schema = Schema(fields: fields, label: "y", labelValues: [])
            return Dataset(schema: schema, numbers: numbers, codes: codes, targets: targets)
        }
    }
}
