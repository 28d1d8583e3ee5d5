import Testing

@testable import Models

@Suite struct LearnerTests {
    static let algorithms: [Algorithm] = [.decisionTree, .randomForest, .extraTrees, .gradientBoosting]

    func train(
        _ data: Dataset, _ algorithm: Algorithm, _ values: [String: String] = [:], threads: Int = 2
    ) throws -> TreeEnsemble {
        try Fixtures.train(data, algorithm, values, threads: threads)
    }

    func accuracy(_ ensemble: TreeEnsemble, on data: Dataset) throws -> Double {
        let model = try TreeModel(bytes: ensemble.serialized())
        let predicted = model.positiveProbabilities(data)
        let right = zip(predicted, data.labels).filter { ($0 > 0.5) == ($1 == 1) }.count
        return Double(right) / Double(data.rowCount)
    }

    @Test(arguments: algorithms)
    func separableDataIsLearnedExactly(_ algorithm: Algorithm) throws {
        let x = (0..<100).map(Double.init)
        let data = Fixtures.numeric([x], labels: x.map { $0 >= 37 ? 1 : 0 })
        #expect(try accuracy(train(data, algorithm), on: data) == 1)
    }

    @Test func xorNeedsDepthTwo() throws {
        let data = Fixtures.xor()
        let stump = try train(data, .decisionTree, ["max_depth": "1"])
        let tree = try train(data, .decisionTree, ["max_depth": "2"])
        #expect(try accuracy(stump, on: data) == 0.5)
        #expect(try accuracy(tree, on: data) == 1)
    }

    @Test(arguments: algorithms)
    func constantFeatureIsNeverSplit(_ algorithm: Algorithm) throws {
        let options = algorithm == .gradientBoosting ? [:] : ["max_features": "all"]
        let ensemble = try train(Fixtures.mixed(), algorithm, options)
        #expect(!ensemble.nodes.feature.contains(2))
        #expect(ensemble.importances[2] == 0)
        #expect(abs(ensemble.importances.reduce(0, +) - 1) < 1e-9)
    }

    @Test(arguments: algorithms)
    func probabilitiesSumToOne(_ algorithm: Algorithm) throws {
        let data = Fixtures.mixed()
        let model = try TreeModel(bytes: train(data, algorithm).serialized())
        for prediction in model.predict(data) {
            #expect(abs(prediction.probabilities.reduce(0, +) - 1) < 1e-12)
            #expect(prediction.probability >= 0.5 && prediction.probability <= 1)
            #expect(prediction.positiveProbability >= 0 && prediction.positiveProbability <= 1)
        }
    }

    @Test(arguments: algorithms)
    func categoricalSignalIsLearned(_ algorithm: Algorithm) throws {
        let data = Fixtures.mixed()
        #expect(try accuracy(train(data, algorithm), on: data) > 0.85)
    }

    @Test(arguments: algorithms)
    func sameSeedGivesSameBytesOnAnyThreadCount(_ algorithm: Algorithm) throws {
        let data = Fixtures.mixed()
        let one = try train(data, algorithm, threads: 1).serialized()
        let two = try train(data, algorithm, threads: 2).serialized()
        let again = try train(data, algorithm, threads: 2).serialized()
        #expect(one == two)
        #expect(two == again)
    }

    /// Boosting spreads histograms over threads only for nodes of 4,096 rows or more.
    @Test func boostingOnManyRowsGivesSameBytesOnAnyThreadCount() throws {
        let data = Fixtures.mixed(rows: 9000)
        let values = ["max_iterations": "5", "early_stopping_rounds": "0"]
        let one = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 4, threads: 1)
        let two = try Trainer.train(data, algorithm: .gradientBoosting, hyperparameters: values, seed: 4, threads: 2)
        #expect(try one.serialized() == two.serialized())
        #expect(one.treeCount == 5)
    }

    /// `max_features` counts as scikit-learn's does: `int(sqrt(n))`, `int(log2(n))`,
    /// `int(fraction × n)`, at least 1 and at most n.
    @Test func maxFeaturesRoundDownAsScikitLearns() {
        let sqrt = [1: 1, 3: 1, 4: 2, 14: 3, 16: 4, 20: 4, 24: 4, 25: 5]
        for (features, count) in sqrt { #expect(MaxFeatures.sqrt.resolved(features: features) == count, "\(features)") }
        let log2 = [1: 1, 2: 1, 3: 1, 8: 3, 14: 3, 20: 4, 32: 5]
        for (features, count) in log2 { #expect(MaxFeatures.log2.resolved(features: features) == count, "\(features)") }
        #expect(MaxFeatures.fraction(0.5).resolved(features: 5) == 2)
        #expect(MaxFeatures.fraction(0.01).resolved(features: 5) == 1)
        #expect(MaxFeatures.fraction(1).resolved(features: 5) == 5)
        #expect(MaxFeatures.count(9).resolved(features: 5) == 5)
    }

    /// Which recorded trainers' bytes this trainer gives: per algorithm, from its last change
    /// up to this trainer; a number written otherwise, a later trainer or another tool never.
    @Test func reproducesTheTrainersWhoseBytesAreUnchanged() {
        #expect(Trainer.reproduces(Trainer.identity, algorithm: .gradientBoosting))
        #expect(Trainer.reproduces(Trainer.identity, algorithm: .randomForest))
        // Trainer 6 changed every learner's bins (a value in many rows has a bin of its own).
        #expect(!Trainer.reproduces("modelpress-trees/3", algorithm: .randomForest))
        #expect(!Trainer.reproduces("modelpress-trees/5", algorithm: .extraTrees))
        #expect(!Trainer.reproduces("modelpress-trees/5", algorithm: .gradientBoosting))
        #expect(!Trainer.reproduces("modelpress-trees/2", algorithm: .randomForest))
        // Trainer 7 changed boosting's early stopping only, 8 and 9 forests' missing values only;
        // 12 boosting's gradients (single precision), so boosting's models of 7 to 11 are theirs.
        #expect(!Trainer.reproduces("modelpress-trees/6", algorithm: .gradientBoosting))
        #expect(!Trainer.reproduces("modelpress-trees/7", algorithm: .gradientBoosting))
        #expect(!Trainer.reproduces("modelpress-trees/11", algorithm: .gradientBoosting))
        #expect(Trainer.reproduces("modelpress-trees/12", algorithm: .gradientBoosting))
        #expect(Trainer.reproduces("modelpress-trees/11", algorithm: .randomForest))
        #expect(Trainer.reproduces("modelpress-trees/11", algorithm: .extraTrees))
        #expect(!Trainer.reproduces("modelpress-trees/7", algorithm: .randomForest))
        #expect(!Trainer.reproduces("modelpress-trees/8", algorithm: .randomForest))
        #expect(!Trainer.reproduces("modelpress-trees/8", algorithm: .decisionTree))
        #expect(!Trainer.reproduces("modelpress-trees/6", algorithm: .extraTrees))
        // Trainer 11 changed extra trees' cuts and every forest's count of features, not boosting.
        #expect(!Trainer.reproduces("modelpress-trees/10", algorithm: .extraTrees))
        #expect(!Trainer.reproduces("modelpress-trees/10", algorithm: .randomForest))
        #expect(!Trainer.reproduces("modelpress-trees/10", algorithm: .decisionTree))
        #expect(!Trainer.reproduces("modelpress-trees/10", algorithm: .gradientBoosting))
        for other in ["modelpress-trees/99", "modelpress-trees/05", "modelpress-trees/+5", "modelpress-import/1", ""] {
            #expect(!Trainer.reproduces(other, algorithm: .decisionTree), "\(other)")
        }
        #expect(Trainer.reproducedSince(.randomForest) == "modelpress-trees/11")
        #expect(Trainer.reproducedSince(.extraTrees) == "modelpress-trees/11")
        #expect(Trainer.reproducedSince(.gradientBoosting) == "modelpress-trees/12")
    }

    /// Trainer 10 estimates a boosting split's rows from hessians: a classifier of an earlier
    /// trainer is that trainer's, a regression model (hessians of 1, estimates that are counts) not.
    @Test func estimatedRowsChangedBoostingClassifiersOnly() {
        for task in [PredictionTask.binary, .multiclass] {
            #expect(Trainer.estimatedRowsChanged(since: "modelpress-trees/7", algorithm: .gradientBoosting, task: task))
            #expect(Trainer.estimatedRowsChanged(since: "modelpress-trees/9", algorithm: .gradientBoosting, task: task))
            #expect(!Trainer.estimatedRowsChanged(since: Trainer.identity, algorithm: .gradientBoosting, task: task))
            #expect(!Trainer.estimatedRowsChanged(since: "modelpress-trees/7", algorithm: .randomForest, task: task))
            #expect(Trainer.reproducedSince(.gradientBoosting, task: task) == "modelpress-trees/12")
        }
        #expect(
            !Trainer.estimatedRowsChanged(since: "modelpress-trees/7", algorithm: .gradientBoosting, task: .regression))
        #expect(
            !Trainer.estimatedRowsChanged(since: "modelpress-import/1", algorithm: .gradientBoosting, task: .binary))
        #expect(Trainer.reproducedSince(.gradientBoosting, task: .regression) == "modelpress-trees/12")
        #expect(Trainer.reproducedSince(.randomForest, task: .binary) == "modelpress-trees/11")
    }

    @Test func differentSeedsGiveDifferentForests() throws {
        let data = Fixtures.mixed()
        let a = try Trainer.train(data, algorithm: .randomForest, hyperparameters: ["trees": "5"], seed: 1)
        let b = try Trainer.train(data, algorithm: .randomForest, hyperparameters: ["trees": "5"], seed: 2)
        #expect(try a.serialized() != b.serialized())
    }

    @Test func earlyStoppingKeepsTheBestRound() throws {
        let data = Fixtures.mixed(rows: 2000)
        let ensemble = try Trainer.train(
            data, algorithm: .gradientBoosting,
            hyperparameters: ["max_iterations": "500", "early_stopping_rounds": "5"], seed: 3)
        #expect(ensemble.treeCount < 500)
        #expect(ensemble.treeCount >= 1)
    }

    @Test(arguments: algorithms)
    func degenerateDataNeverCrashes(_ algorithm: Algorithm) throws {
        let empty = Fixtures.numeric([[]], labels: [])
        let one = Fixtures.numeric([[1]], labels: [1])
        let pure = Fixtures.numeric([[1, 2, 3, 4]], labels: [0, 0, 0, 0])
        let missing = Fixtures.numeric([[.nan, .nan, 1, 2]], labels: [0, 1, 0, 1])
        for data in [empty, one, pure, missing] {
            let model = try TreeModel(bytes: train(data, algorithm).serialized())
            let p = try model.predict(["x0": "1"]).positiveProbability
            #expect(p >= 0 && p <= 1)
        }
        let pureModel = try TreeModel(bytes: train(pure, algorithm).serialized())
        #expect(try pureModel.predict(["x0": "2"]).label == "no")
    }

    @Test func unknownHyperparametersAreRejected() {
        #expect(throws: HyperparameterError.self) {
            try Trainer.forestParameters(.randomForest, ["learning_rate": "0.1"])
        }
        #expect(throws: HyperparameterError.self) {
            try Trainer.forestParameters(.randomForest, ["trees": "many"])
        }
        #expect(throws: HyperparameterError.self) { try Trainer.boostingParameters(["trees": "10"]) }
    }
}
