import Basics
import Foundation
import Testing

@testable import Models

/// Forests must keep their bytes when their builder only gets faster: trees grown on a set
/// whose fields turn constant below some splits, on one and two threads, against the SHA-256
/// of the models this builder made before it skipped the constant features it knows of and
/// partitioned rows without branches (recorded again at trainer `modelpress-trees/8`, whose
/// nodes without missing rows send a missing value to the heavier child: `Trainer.lastChange`). A change that
/// moves these bytes changes the trainer's identity.
@Suite struct ForestBytesTests {
    static let algorithms: [Algorithm] = [.decisionTree, .randomForest, .extraTrees]
    static let tasks: [PredictionTask] = [.binary, .multiclass, .regression]

    /// The SHA-256 of each model, by "algorithm task".
    static let expected: [String: String] = [
        "decision_tree binary": "599bf96b1111592717d43b683feea961b6ce40687bf6411ae6f23c50b54b3805",
        "decision_tree multiclass": "b227cab6a2a77cdbbbdbb29056ac97f81c2d6f739cec62ca41f24ca36cf764db",
        "decision_tree regression": "6485fb837bbdbe0bd655a04ec1a1d1b70d7e2612e00e36419c763c207d099ee8",
        "extra_trees binary": "817fa0524af44c3514ca256cb8d33e147a182ad52dc9e39f8cd24823a65c9e44",
        "extra_trees multiclass": "6eb0045e144228dda768cee2965c6cf76ffe3a1c4eac6f9521d81b0871ffffbd",
        "extra_trees regression": "89dd8a51097c9fd57fbaa55773fef7fd76ea28e6d80994d485957bf9f84bb4f6",
        "random_forest binary": "d989eaa8ad6e8a0953ea38bb9da135c6cc3845f03581d3521455463e7155cd32",
        "random_forest multiclass": "13fd8210b7df0086ac0195d8e6d3d476b1bc604e20bf4ff51aa271314a2266c4",
        "random_forest regression": "bdf6ae48052161c0c68ea7902d1d1558b152afe79eb1f1ef05d4198b97d46bdb",
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
