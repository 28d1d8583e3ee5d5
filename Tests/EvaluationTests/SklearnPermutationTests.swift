import Foundation
import Testing

@testable import Evaluation

/// Permutation importance against scikit-learn's `permutation_importance` (its default score:
/// accuracy for a classifier, R² for a regressor) on `Fixtures/sklearn-permutation.json`: a
/// fixed softmax classifier and a fixed linear regression, shuffled in the row orders
/// scikit-learn applied.
@Suite struct SklearnPermutationTests {
    struct Fixture: Decodable {
        struct Set: Decodable {
            struct Sklearn: Decodable {
                var baseline: Double
                var importances_mean: [Double]
                var importances_std: [Double]
            }

            var columns: [[Double]]
            var labels: [Int]?
            var targets: [Double]?
            var weights: [[Double]]
            var permutations: [[[Int]]]
            var sklearn: Sklearn
        }

        var repeats: Int
        var multiclass: Set
        var regression: Set
    }

    static let names = ["a", "b", "c"]

    func check(_ result: PermutationImportance, _ sklearn: Fixture.Set.Sklearn) {
        #expect(abs(result.baseline - sklearn.baseline) < 1e-12)
        for (feature, (mean, std)) in zip(result.features, zip(sklearn.importances_mean, sklearn.importances_std)) {
            #expect(abs(feature.mean - mean) < 1e-12, "\(feature.feature) mean \(feature.mean) vs \(mean)")
            #expect(abs(feature.std - std) < 1e-12, "\(feature.feature) std \(feature.std) vs \(std)")
        }
    }

    @Test func multiclassDropInAccuracyMatchesScikitLearn() throws {
        let fixture: Fixture = try FixtureFile.decode("sklearn-permutation")
        let set = fixture.multiclass
        let weights = set.weights
        let result = try PermutationImportance.compute(
            columns: set.columns, names: Self.names, labels: try #require(set.labels), classes: ["x", "y", "z"],
            repeats: fixture.repeats, seed: 1, given: set.permutations
        ) { columns in
            (0..<columns[0].count).flatMap { row -> [Double] in
                let logits = (0..<3).map { k in (0..<3).reduce(0.0) { $0 + columns[$1][row] * weights[$1][k] } }
                let top = logits.max() ?? 0
                let exp = logits.map { Foundation.exp($0 - top) }
                let sum = exp.reduce(0, +)
                return exp.map { $0 / sum }
            }
        }
        #expect(result.metric == "accuracy")
        check(result, set.sklearn)
    }

    @Test func regressionDropInR2MatchesScikitLearn() throws {
        let fixture: Fixture = try FixtureFile.decode("sklearn-permutation")
        let set = fixture.regression
        let weights = set.weights[0]
        let result = try PermutationImportance.compute(
            columns: set.columns, names: Self.names, targets: try #require(set.targets), repeats: fixture.repeats,
            seed: 1, given: set.permutations
        ) { columns in
            (0..<columns[0].count).map { row in (0..<3).reduce(0.0) { $0 + columns[$1][row] * weights[$1] } }
        }
        #expect(result.metric == "r2")
        check(result, set.sklearn)
    }
}
