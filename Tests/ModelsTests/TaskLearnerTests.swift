import Basics
import Foundation
import Testing

@testable import Models

/// The learners on every task: known answers, determinism, and what the model file keeps.
@Suite struct TaskLearnerTests {
    static let algorithms: [Algorithm] = [.decisionTree, .randomForest, .extraTrees, .gradientBoosting]
    static let tasks: [PredictionTask] = [.binary, .multiclass, .regression]

    func train(
        _ data: Dataset, _ algorithm: Algorithm, _ values: [String: String] = [:], threads: Int = 2
    ) throws -> TreeEnsemble {
        try Fixtures.train(data, algorithm, values, threads: threads)
    }

    func model(_ ensemble: TreeEnsemble) throws -> TreeModel {
        try TreeModel(bytes: ensemble.serialized())
    }

    /// The share of rows whose predicted class is their label.
    func accuracy(_ model: TreeModel, on data: Dataset) -> Double {
        let predicted = model.predictedValues(data)
        let right = zip(predicted, data.labels).filter { Int($0) == Int($1) }.count
        return Double(right) / Double(data.rowCount)
    }

    @Test(arguments: algorithms)
    func separableClassesAreLearnedExactly(_ algorithm: Algorithm) throws {
        let x = (0..<150).map(Double.init)
        let data = Fixtures.classes([x], labels: x.map { UInt8($0 / 50) }, classes: 3)
        let model = try model(train(data, algorithm))
        #expect(model.task == .multiclass)
        #expect(accuracy(model, on: data) == 1)
        #expect(try model.predict(["x0": "120"]).label == "c2")
    }

    @Test func multiclassXORNeedsDepthTwo() throws {
        let data = Fixtures.multiclassXOR()
        let stump = try model(train(data, .decisionTree, ["max_depth": "1"]))
        let tree = try model(train(data, .decisionTree, ["max_depth": "2"]))
        #expect(accuracy(stump, on: data) == 0.5)
        #expect(accuracy(tree, on: data) == 1)
        let boosted = try model(train(data, .gradientBoosting, ["max_depth": "2", "min_samples_leaf": "1"]))
        #expect(accuracy(boosted, on: data) == 1)
    }

    /// A step function of one field: trees reproduce every step exactly (pure leaves average
    /// to their value; a bootstrap sample may miss the rows next to a step, so bagged forests
    /// are held to it away from the steps); boosting from the mean gets within a thousandth in
    /// 100 rounds.
    @Test(arguments: algorithms)
    func regressionStepFunctionIsLearned(_ algorithm: Algorithm) throws {
        let x = (0..<150).map(Double.init)
        let y = x.map { $0 < 50 ? 1.0 : $0 < 100 ? 5 : 2 }
        let data = Fixtures.regression([x], targets: y)
        let model = try model(train(data, algorithm))
        #expect(model.task == .regression)
        let tolerance = algorithm == .gradientBoosting ? 1e-3 : 1e-12
        for (r, predicted) in model.predictedValues(data).enumerated() {
            let nearAStep = abs(x[r] - 49.5) < 5 || abs(x[r] - 99.5) < 5
            guard algorithm != .randomForest || !nearAStep else { continue }
            #expect(abs(predicted - y[r]) <= tolerance)
        }
        let one = try model.predict(["x0": "75"])
        #expect(abs((one.value ?? 0) - 5) <= tolerance)
        #expect(one.probabilities.isEmpty)
    }

    /// Missing values that behave like high ones: one boosting stump can separate the rows
    /// only by sending them right with the high values, which a fixed "missing goes left"
    /// cannot (its best stump keeps 20 positives among the 50 low rows or 30 among the rest).
    @Test func boostingLearnsWhichWayMissingValuesGo() throws {
        let x = (0..<120).map { $0 < 20 ? Double.nan : Double($0 - 20) }
        let positive = x.map { $0.isNaN || $0 >= 50 }
        let binary = Fixtures.numeric([x], labels: positive.map { $0 ? 1 : 0 })
        let regression = Fixtures.regression([x], targets: positive.map { $0 ? 3 : 1 })
        for data in [binary, regression] {
            let stump = try model(
                train(data, .gradientBoosting, ["max_iterations": "1", "max_leaf_nodes": "2", "learning_rate": "1"]))
            let missing = try stump.predict(["x0": ""])
            let high = try stump.predict(["x0": "80"])
            let low = try stump.predict(["x0": "10"])
            #expect(missing == high)
            #expect(missing != low)
            if data.schema.task == .binary {
                #expect(accuracy(stump, on: data) == 1)
            } else {
                // Within single precision: boosting keeps gradients as `GradientPair`s.
                #expect(abs((missing.value ?? 0) - 3) < 1e-6)
            }
        }
    }

    @Test(arguments: algorithms, tasks)
    func sameSeedGivesSameBytesOnAnyThreadCount(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let data = Fixtures.mixed(task)
        let one = try train(data, algorithm, threads: 1).serialized()
        let two = try train(data, algorithm, threads: 2).serialized()
        let again = try train(data, algorithm, threads: 2).serialized()
        #expect(one == two)
        #expect(two == again)
    }

    @Test(arguments: tasks)
    func boostingOnManyRowsGivesSameBytesOnAnyThreadCount(_ task: PredictionTask) throws {
        let data = Fixtures.mixed(task, rows: 9000)
        let values = ["max_iterations": "3", "early_stopping_rounds": "0"]
        let one = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 4, threads: 1)
        let two = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 4, threads: 2)
        #expect(try one.serialized() == two.serialized())
        #expect(one.treeCount == 3 * (task == .multiclass ? 4 : 1))
    }

    /// A node of more than 65,536 rows is partitioned in blocks on both threads and joined
    /// in block order: the bytes must not move with the thread count, and the rows must land
    /// in the right child (a rule on one field is learned to the last row).
    @Test func boostingPartitionsLargeNodesInBlocks() throws {
        var generator = SplitMix64(seed: 6)
        let rows = 140_000
        let columns = (0..<3).map { _ in (0..<rows).map { _ in Double(generator.below(200)) } }
        let data = Fixtures.numeric(columns, labels: columns[1].map { $0 >= 100 ? 1 : 0 })
        let values = ["max_iterations": "3", "early_stopping_rounds": "0", "max_leaf_nodes": "4"]
        let one = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 4, threads: 1)
        let two = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 4, threads: 2)
        #expect(try one.serialized() == two.serialized())
        let model = try TreeModel(bytes: try two.serialized())
        let probabilities = model.classProbabilities(data, threads: 2)
        let wrong = (0..<rows).filter { r in (probabilities[2 * r + 1] > 0.5) != (columns[1][r] >= 100) }
        #expect(wrong.isEmpty, "\(wrong.count) rows on the wrong side")
    }

    /// Boosting sums histograms for up to four features per pass over the rows, in as many
    /// groups as a multiple of the thread count: eleven fields make three groups on one thread,
    /// four on two, five on five; the bytes must not move.
    @Test(arguments: tasks)
    func boostingOnManyFieldsGivesSameBytesForEveryGrouping(_ task: PredictionTask) throws {
        var generator = SplitMix64(seed: 5)
        let rows = 6000
        let columns = (0..<11).map { f in
            (0..<rows).map { _ in Double(generator.below(f % 3 == 0 ? 7 : 1000)) }
        }
        let score = (0..<rows).map { r in columns[0][r] + columns[4][r] / 200 + columns[10][r] / 100 }
        let data =
            switch task {
            case .binary: Fixtures.numeric(columns, labels: score.map { $0 > 10 ? 1 : 0 })
            case .multiclass: Fixtures.classes(columns, labels: score.map { UInt8(min($0 / 6, 2)) }, classes: 3)
            case .regression: Fixtures.regression(columns, targets: score)
            }
        let values = ["max_iterations": "4", "early_stopping_rounds": "0"]
        let fits = try [1, 2, 5].map { threads in
            try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 9, threads: threads)
        }
        let bytes = try fits.map { try $0.serialized() }
        #expect(bytes[0] == bytes[1])
        #expect(bytes[0] == bytes[2])
        let model = try model(fits[0])
        if task == .regression {
            let predicted = model.predictedValues(data)
            let spread = score.map { abs($0 - score.reduce(0, +) / Double(rows)) }.reduce(0, +)
            let error = zip(predicted, score).map { abs($0 - $1) }.reduce(0, +)
            #expect(error < spread)
        } else {
            #expect(accuracy(model, on: data) > 0.8)
        }
    }

    @Test(arguments: algorithms, tasks)
    func signalIsLearnedAndImportancesSumToOne(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let data = Fixtures.mixed(task)
        let options = algorithm == .gradientBoosting ? [:] : ["max_features": "all"]
        let ensemble = try train(data, algorithm, options)
        #expect(!ensemble.nodes.feature.contains(2))
        #expect(ensemble.importances[2] == 0)
        #expect(abs(ensemble.importances.reduce(0, +) - 1) < 1e-9)
        let model = try model(ensemble)
        switch task {
        case .regression:
            let predicted = model.predictedValues(data)
            let error = zip(predicted, data.targets).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(data.rowCount)
            #expect(error < 1)
        default:
            #expect(accuracy(model, on: data) > 0.85)
        }
    }

    @Test(arguments: algorithms)
    func classProbabilitiesSumToOneAndTheLabelIsTheirArgmax(_ algorithm: Algorithm) throws {
        let data = Fixtures.mixed(.multiclass)
        let model = try model(train(data, algorithm))
        let batch = model.classProbabilities(data)
        #expect(batch.count == data.rowCount * 4)
        for (r, prediction) in model.predict(data).enumerated() {
            #expect(abs(prediction.probabilities.reduce(0, +) - 1) < 1e-12)
            #expect(prediction.probabilities == Array(batch[(r * 4)..<(r * 4 + 4)]))
            let best = prediction.probabilities.firstIndex(of: prediction.probabilities.max()!)!
            #expect(prediction.label == data.schema.labelValues[best])
            #expect(prediction.probability == prediction.probabilities[best])
        }
    }

    @Test(arguments: tasks)
    func earlyStoppingKeepsWholeRoundsUpToTheBest(_ task: PredictionTask) throws {
        let data = Fixtures.mixed(task, rows: 2000)
        let ensemble = try Trainer.train(
            data, algorithm: .gradientBoosting,
            hyperparameters: ["max_iterations": "400", "early_stopping_rounds": "5"], seed: 3)
        let perRound = task == .multiclass ? 4 : 1
        #expect(ensemble.treeCount < 400 * perRound)
        #expect(ensemble.treeCount >= perRound)
        #expect(ensemble.treeCount % perRound == 0)
    }

    @Test(arguments: algorithms)
    func degenerateDataNeverCrashes(_ algorithm: Algorithm) throws {
        let sets = [
            Fixtures.classes([[]], labels: [], classes: 3), Fixtures.classes([[1]], labels: [2], classes: 3),
            Fixtures.classes([[1, 2, .nan]], labels: [1, 1, 1], classes: 3),
            Fixtures.regression([[]], targets: []), Fixtures.regression([[1]], targets: [4]),
            Fixtures.regression([[1, .nan, 3]], targets: [2, 2, 2]),
        ]
        for data in sets {
            let prediction = try model(train(data, algorithm)).predict(["x0": "1"])
            if data.schema.task == .multiclass {
                #expect(abs(prediction.probabilities.reduce(0, +) - 1) < 1e-12)
            } else {
                #expect(prediction.value?.isFinite == true)
            }
        }
        let pure = try model(train(Fixtures.regression([[1, 2, 3]], targets: [2, 2, 2]), algorithm))
        #expect(try abs(pure.predict(["x0": "9"]).value! - 2) < 1e-12)
    }

    /// Train, write, map: the mapped file predicts what the in-memory bytes predict, one row
    /// as in a batch, and the file keeps the task, the classes, cover and reference counts.
    @Test(arguments: algorithms, tasks)
    func fileRoundTripKeepsEverything(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let data = Fixtures.mixed(task)
        let ensemble = try train(data, algorithm)
        let bytes = try ensemble.serialized()
        let url = Fixtures.temporaryFile()
        try Data(bytes).write(to: url)
        let mapped = try TreeModel(contentsOf: url)
        let inMemory = try TreeModel(bytes: bytes)
        #expect(mapped.schema == data.schema)
        #expect(mapped.task == task)
        #expect(mapped.predict(data) == inMemory.predict(data))
        let batch = mapped.predict(data)
        for r in 0..<40 {
            let code = Int(data.codes[1][r])
            let row = [
                "signal": String(data.numbers[0][r]), "colour": code >= 0 ? data.schema.fields[1].categories[code] : "",
            ]
            #expect(try mapped.predict(row) == batch[r])
        }
        #expect(mapped.cover.count == mapped.nodeCount)
        #expect(mapped.referenceCounts.count == (0..<3).map(mapped.binCount).reduce(0, +))
        // Every field's reference counts cover every training row, missing included.
        #expect(mapped.referenceCounts[0..<mapped.binCount(0)].reduce(0, +) == UInt64(data.rowCount))
        if algorithm == .decisionTree {
            #expect(mapped.cover[Int(mapped.roots[0])] == Double(data.rowCount))
        }
    }
}
