import Basics
import Foundation
import Testing

@testable import Models

/// Forests must keep their bytes when their builder only gets faster: trees grown on a set
/// whose fields turn constant below some splits, on one and two threads, against the SHA-256
/// of the models this builder made before it skipped the constant features it knows of and
/// partitioned rows without branches (recorded again at trainer `modelpress-trees/9`, whose
/// nodes learn which side the rows missing a number go to, and for the forests at
/// `modelpress-trees/11`, whose extra trees draw their cuts over the values and whose
/// `max_features` rounds down: `Trainer.lastChange`). A change that moves these bytes changes
/// the trainer's identity.
@Suite struct ForestBytesTests {
    static let algorithms: [Algorithm] = [.decisionTree, .randomForest, .extraTrees]
    static let tasks: [PredictionTask] = [.binary, .multiclass, .regression]

    /// The SHA-256 of each model, by "algorithm task".
    static let expected: [String: String] = [
        "decision_tree binary": "12c159d9e6f2b05c29310a89c2ffe74db5ccb159e63231ac7b368562e9dc130e",
        "decision_tree multiclass": "3ac8fe74e62d7cfea5b0119197ab3804d328032ef86b760a8658cd22876371ad",
        "decision_tree regression": "568f9441fc336257e2279d42e13f9daeaed3f82d66e53879f7ecbbf11196be87",
        "extra_trees binary": "cf92ba508263e0442ff2c7cd3edccfd373621f4aaf82d4aeb88fbb4740655ea7",
        "extra_trees multiclass": "048b9c68a3d8b4370b3591e2fbce5aa149c7c2f4b5d19925c550fc22bf7d577b",
        "extra_trees regression": "bd34575c1e4cc482207e14c80c609b16bc1c3601df29bba9c9604d6b658c2eb8",
        "random_forest binary": "5e92467a294501713052a71ab6f316ee573ca0141f6d8a7aa8898c2f6db5bc2f",
        "random_forest multiclass": "7869737ca38a0e9eabeb78c46dc42e6d1d0f18f19d2bb62abba11746f57194f4",
        "random_forest regression": "656fad0da4ab736f05475153fe3b83f634c751430c4f17de6114e4fe7fcf9bbc",
    ]

    /// The same without the missing numbers: trainer `modelpress-trees/8`'s bytes, which nodes
    /// whose rows have every number keep.
    static let expectedWithoutMissingNumbers: [String: String] = [
        "decision_tree binary": "599bf96b1111592717d43b683feea961b6ce40687bf6411ae6f23c50b54b3805",
        "decision_tree multiclass": "b227cab6a2a77cdbbbdbb29056ac97f81c2d6f739cec62ca41f24ca36cf764db",
        "decision_tree regression": "6485fb837bbdbe0bd655a04ec1a1d1b70d7e2612e00e36419c763c207d099ee8",
        "extra_trees binary": "abf8ce1045d84bb7820228a48970d67e5e130d875a52304ab87f7c9aa646ee14",
        "extra_trees multiclass": "731759143660947973920f618b8c22ac6535eba387ca921ca7338e137656abb1",
        "extra_trees regression": "a38955e286af169f78b4ad5231f8722c26275f8473ada8aba057addac37bda6c",
        "random_forest binary": "de1c50d48ca24a386e97d6f3937a4fcb1a6e828d9245c7307a5b74dbfa8289b3",
        "random_forest multiclass": "ecd8c8b12b5fef8c1426cb6bdeee7acac5e1005d7927e7430d1c7fa0dda3d01e",
        "random_forest regression": "edf0b5e4781145211be88f7965f9ae4f2be86544b29ce3ee110a33978b369053",
    ]

    @Test(arguments: algorithms, tasks)
    func forestsKeepTheirBytes(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let values = ["trees": "12", "min_samples_leaf": "3"]
        for missingNumbers in [true, false] {
            let data = Self.data(task, missingNumbers: missingNumbers)
            let expected = missingNumbers ? Self.expected : Self.expectedWithoutMissingNumbers
            for threads in [1, 2] {
                let model = try Trainer.train(
                    data, algorithm: algorithm, hyperparameters: values, seed: 5, threads: threads)
                let hash = Digest.sha256(try model.serialized())
                #expect(
                    hash == expected["\(algorithm.rawValue) \(task.rawValue)"],
                    "\(threads) threads, missing numbers: \(missingNumbers)")
            }
        }
    }

    /// 2,500 rows of six fields, some of which turn constant below a split: `flat` everywhere,
    /// `gain` (zero in nine rows of ten) in most small nodes, `tied` (1 for red, else 0) once
    /// the colours are split, `group` (mostly its first category) in many nodes; the label
    /// comes from the signal, the colour and the gain, with noise. The colour is missing in one
    /// row of 25; with `missingNumbers`, the signal in one of 29 and the gain in one of 31 too
    /// (their labels as drawn).
    static func data(_ task: PredictionTask, missingNumbers: Bool = true) -> Dataset {
        var generator = SplitMix64(seed: 16)
        let rows = 2500
        var signal: [Double] = []
        var gain: [Double] = []
        var tied: [Double] = []
        var colour: [Int32] = []
        var group: [Int32] = []
        var labels: [UInt8] = []
        var targets: [Double] = []
        for row in 0..<rows {
            let x = Double(generator.below(1000)) / 10
            let c = Int32(generator.below(4))
            let g = generator.below(10) == 0 ? Double(1 + generator.below(5000)) : 0
            let noise = generator.below(8) == 0
            signal.append(missingNumbers && row % 29 == 3 ? .nan : x)
            colour.append(generator.below(25) == 0 ? -1 : c)
            gain.append(missingNumbers && row % 31 == 5 ? .nan : g)
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

/// A subtree whose rows' bins are copied into a local block grows the same tree as one that
/// reads them from the whole matrix: ForestBytesTests' sets are small enough for the copy to
/// happen at the root, so this grows them copying never, at the root, and only below nodes of
/// 300, 64 and 7 rows, with and without the batched binary histograms (nodes of 64 rows or more).
@Suite struct LocalBinsTests {
    @Test(arguments: ForestBytesTests.tasks, ForestBytesTests.algorithms)
    func treesDoNotDependOnWhereTheBinsAreRead(_ task: PredictionTask, _ algorithm: Algorithm) throws {
        let binned = BinnedDataset(ForestBytesTests.data(task))
        let target = ForestTreeBuilder.Target(binned)
        let matrix = binned.matrix
        let hasMissing = matrix.featuresWithMissing()
        let parameters = try Trainer.forestParameters(algorithm, ["min_samples_leaf": "2"])
        try matrix.bins.withUnsafeBufferPointer { cells in
            let base = try #require(cells.baseAddress)
            func tree(localRows: Int?, seed: UInt64) -> ForestTreeBuilder {
                let builder = ForestTreeBuilder(
                    data: matrix, cells: base, target: target, parameters: parameters, hasMissing: hasMissing,
                    localRows: localRows)
                var generator = SplitMix64(seed: seed)
                builder.build(using: &generator)
                return builder
            }
            for seed: UInt64 in [1, 2, 3] {
                let gathered = tree(localRows: 0, seed: seed)
                #expect(gathered.nodes.count > 100, "a tree of \(gathered.nodes.count) nodes")
                for localRows in [nil, 300, 64, 7] {
                    let copied = tree(localRows: localRows, seed: seed)
                    #expect(copied.nodes == gathered.nodes, "local rows \(localRows ?? -1), seed \(seed)")
                    #expect(copied.importances == gathered.importances, "local rows \(localRows ?? -1), seed \(seed)")
                }
            }
        }
    }
}
