import Basics
import Foundation
import Testing

@testable import Models

/// Forests must keep their bytes when their builder only gets faster: trees grown on a set
/// whose fields turn constant below some splits, on one and two threads, against the SHA-256
/// of the models this builder made before it skipped the constant features it knows of and
/// partitioned rows without branches (recorded again at trainer `modelpress-trees/6`, whose
/// bins give a value in many rows a bin of its own: `Trainer.lastChange`). A change that
/// moves these bytes changes the trainer's identity.
@Suite struct ForestBytesTests {
    static let algorithms: [Algorithm] = [.decisionTree, .randomForest, .extraTrees]
    static let tasks: [PredictionTask] = [.binary, .multiclass, .regression]

    /// The SHA-256 of each model, by "algorithm task".
    static let expected: [String: String] = [
        "decision_tree binary": "dfbf6f47b6532e09b97a24db57b893d664c1377c8df84ae57c18d0c05df137ff",
        "decision_tree multiclass": "af37bbb2740b22552e1f35b979cc6e038342b1c88076db5ece9ea922ea409951",
        "decision_tree regression": "89a3c024ef29f946b600d62ddf383a729a99e806518af060922fe7f80c8885d0",
        "extra_trees binary": "4ad76b08be521113c9feea4ff54102b1d807ecb05146e7fb433431793aa428ac",
        "extra_trees multiclass": "215004771fae895a8f1d6b5c2ce894868fd5039d1fa7d07deb1892daf6e89080",
        "extra_trees regression": "b1fdcc7dd787d4232621880b9f8cdb6c6fa506d2fc9c67329efd9c138ff02951",
        "random_forest binary": "e71d594ef022fb785950003e16e88b0e5284dabe9902ab3751f12303755ceac5",
        "random_forest multiclass": "0e99dffa2b1350154b1a462ac74c860fb1cee01c2a30cf5901043de89db54957",
        "random_forest regression": "d4d53a839c7789a790329f1fe48e248adcb3dd6ef9130596b325064da7950e75",
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
