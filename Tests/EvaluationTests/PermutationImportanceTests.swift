import Basics
import Foundation
import Testing

@testable import Evaluation

@Suite struct PermutationImportanceTests {
    /// Column 0 is the score itself; column 1 is ignored by the "model".
    static func table() -> (columns: [[Double]], labels: [Bool]) {
        var generator = SplitMix64(seed: 3)
        var signal: [Double] = [], noise: [Double] = [], labels: [Bool] = []
        for _ in 0..<400 {
            let positive = generator.below(2) == 1
            labels.append(positive)
            signal.append(Double((positive ? 40 : 20) + generator.below(41)) / 100)
            noise.append(Double(generator.below(100)) / 100)
        }
        return ([signal, noise], labels)
    }

    @Test func usedFeatureMattersAndIgnoredFeatureDoesNot() throws {
        let (columns, labels) = Self.table()
        let result = try PermutationImportance.compute(
            columns: columns, names: ["signal", "noise"], labels: labels, metric: .rocAUC, repeats: 4, seed: 11
        ) { table in table[0] }
        #expect(result.features.map(\.feature) == ["signal", "noise"])
        #expect(result.features[0].mean > 0.2)
        #expect(result.features[1].mean == 0 && result.features[1].std == 0)
        #expect(result.baseline > 0.8)
    }

    @Test func lossesCountARiseAsADrop() throws {
        let (columns, labels) = Self.table()
        let result = try PermutationImportance.compute(
            columns: columns, names: ["signal", "noise"], labels: labels, metric: .logLoss, repeats: 3
        ) { table in table[0] }
        #expect(result.features[0].mean > 0)
    }

    @Test func sameSeedSameResult() throws {
        let (columns, labels) = Self.table()
        func run(_ seed: UInt64) throws -> PermutationImportance {
            try PermutationImportance.compute(
                columns: columns, names: ["signal", "noise"], labels: labels, repeats: 3, seed: seed
            ) { table in table[0] }
        }
        #expect(try run(5) == run(5))
        #expect(try run(5).features[0].mean != run(6).features[0].mean)
    }

    @Test func mismatchedNamesAndPredictErrorsSurface() throws {
        let (columns, labels) = Self.table()
        #expect(throws: EvaluationError.self) {
            try PermutationImportance.compute(columns: columns, names: ["one"], labels: labels) { $0[0] }
        }
        struct ModelFailed: Error {}
        #expect(throws: ModelFailed.self) {
            try PermutationImportance.compute(columns: columns, names: ["a", "b"], labels: labels) { _ in
                throw ModelFailed()
            }
        }
    }
}
