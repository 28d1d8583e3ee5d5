import Evaluation
import Models
import Testing

/// Served labels and evaluated labels follow one rule at the threshold (trial28 #1: a
/// probability of exactly 0.5 was served as the negative class and counted as a positive
/// prediction by the evaluation).
@Suite struct ServedLabelRuleTests {
    static let schema = Schema(fields: [.numeric("x")], label: "y", labelValues: ["no", "yes"])

    /// A decision tree on a field that says nothing about the label (each value of `x` has one
    /// row of each class): no split lowers the impurity, so every row's probability is 0.5.
    static func coinModel() throws -> TreeModel {
        let x = [0.0, 0.0, 1.0, 1.0, 2.0, 2.0]
        let data = Dataset(schema: schema, numbers: [x], codes: [[]], labels: [0, 1, 0, 1, 0, 1])
        let tree = try Trainer.train(data, algorithm: .decisionTree, hyperparameters: [:], seed: 1, threads: 1)
        return try TreeModel(bytes: try tree.serialized())
    }

    @Test func aProbabilityOfExactlyOneHalfIsTheSameLabelServedAndEvaluated() throws {
        let model = try Self.coinModel()
        let served = try model.predict(["x": "1"])
        try #require(served.positiveProbability == 0.5)
        #expect(served.label == "no")
        #expect(model.prediction(0.5).label == "no")
        let rows = Dataset(schema: Self.schema, numbers: [[0, 1, 2]], codes: [[]], labels: [1, 1, 0])
        #expect(model.predictedValues(rows, threads: 1) == [0, 0, 0])

        // Two positives and a negative, all scored 0.5: every row is predicted negative.
        let data = try ScoredLabels(labels: [true, true, false], scores: [0.5, 0.5, 0.5])
        let threshold = BinaryEvaluation.servedThreshold
        #expect(
            ConfusionMatrix(data, threshold: threshold)
                == ConfusionMatrix(truePositives: 0, falsePositives: 0, trueNegatives: 1, falseNegatives: 2))
        let metrics = HeadlineMetrics.compute(data, threshold: threshold, bootstrap: BootstrapSettings(resamples: 10))
        #expect(metrics[.selectionRate].value == 0)
        #expect(metrics[.accuracy].value == 1.0 / 3)
    }

    @Test(arguments: [0.0, 0.25, 0.5])
    func aScoreAtTheThresholdIsNegativeAboveItPositive(threshold: Double) {
        #expect(!PositiveClass.isPredicted(threshold, threshold: threshold))
        #expect(PositiveClass.isPredicted(threshold.nextUp, threshold: threshold))
    }
}
