import Basics
import Foundation
import Testing

@testable import Models

/// Forests must keep their bytes when their builder only gets faster: trees grown on a set
/// whose fields turn constant below some splits, on one and two threads, against the SHA-256
/// of the models this builder made before it skipped the constant features it knows of and
/// partitioned rows without branches (recorded again at trainer `modelpress-trees/9`, whose
/// nodes learn which side the rows missing a number go to, and for extra trees at
/// `modelpress-trees/11`, whose cuts are drawn over the values: `Trainer.lastChange`). A change
/// that moves these bytes changes the trainer's identity.
@Suite struct ForestBytesTests {
    static let algorithms: [Algorithm] = [.decisionTree, .randomForest, .extraTrees]
    static let tasks: [PredictionTask] = [.binary, .multiclass, .regression]

    /// The SHA-256 of each model, by "algorithm task".
    static let expected: [String: String] = [
        "decision_tree binary": "12c159d9e6f2b05c29310a89c2ffe74db5ccb159e63231ac7b368562e9dc130e",
        "decision_tree multiclass": "3ac8fe74e62d7cfea5b0119197ab3804d328032ef86b760a8658cd22876371ad",
        "decision_tree regression": "568f9441fc336257e2279d42e13f9daeaed3f82d66e53879f7ecbbf11196be87",
        "extra_trees binary": "fffdc89842e5aed537732e6fc4b5a2ce1583eec054fbb36f74efc06849f1090b",
        "extra_trees multiclass": "8c2ed340be851b49955a5fd1ba667987d36b0fd5cf9afcc429acaf4a93f1d9ff",
        "extra_trees regression": "29bb377362be636994a8aab0755fb2737b4d82221813b7cabac82b0dcf1d8a6b",
        "random_forest binary": "3c9296edf113bb3e0c84573a6ac1ce35effd4d56a9f5e98c03a46c0109c15320",
        "random_forest multiclass": "1156a6ef2c2dd85cc2c3d8c176d8a77604679001d16d364afc7ba8f3bb4a39c5",
        "random_forest regression": "c2183f6252d4c2cbaa7fc8531abd8520356e228b022ffd06c28293ddff2bb3d8",
    ]

    /// The same without the missing numbers: trainer `modelpress-trees/8`'s bytes, which nodes
    /// whose rows have every number keep.
    static let expectedWithoutMissingNumbers: [String: String] = [
        "decision_tree binary": "599bf96b1111592717d43b683feea961b6ce40687bf6411ae6f23c50b54b3805",
        "decision_tree multiclass": "b227cab6a2a77cdbbbdbb29056ac97f81c2d6f739cec62ca41f24ca36cf764db",
        "decision_tree regression": "6485fb837bbdbe0bd655a04ec1a1d1b70d7e2612e00e36419c763c207d099ee8",
        "extra_trees binary": "48ed3522d87ef887a09fed09225798d9d359338f21b9357f09294aeb7b79b2ae",
        "extra_trees multiclass": "dc1d44cdb944f58405f4428920a6b4993e485c3b3489baffdac66c75b0a41365",
        "extra_trees regression": "dc5f3fcb414cfed1ae073bafb127159f1446c223861ac69cc0c34de744cd2545",
        "random_forest binary": "d989eaa8ad6e8a0953ea38bb9da135c6cc3845f03581d3521455463e7155cd32",
        "random_forest multiclass": "13fd8210b7df0086ac0195d8e6d3d476b1bc604e20bf4ff51aa271314a2266c4",
        "random_forest regression": "bdf6ae48052161c0c68ea7902d1d1558b152afe79eb1f1ef05d4198b97d46bdb",
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
        let target: ForestTreeBuilder.Target =
            switch task {
            case .binary: .binary(binned.labels)
            case .multiclass: .classes(binned.labels, classes: 3)
            case .regression: .values(binned.targets)
            }
        let matrix = binned.matrix
        let hasMissing = matrix.featuresWithMissing()
        var parameters: ForestParameters =
            switch algorithm {
            case .decisionTree: .decisionTree
            case .extraTrees: .extraTrees
            default: .randomForest
            }
        parameters.minSamplesLeaf = 2
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
