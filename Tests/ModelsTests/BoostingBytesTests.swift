import Basics
import Foundation
import Testing

@testable import Models

/// Boosting must keep its bytes when its tree builder only gets faster: models of the three
/// tasks on ForestBytesTests' set (numbers that miss values, a colour split one against the rest,
/// a group of six categories split by LightGBM's sorted rule) and on 9,000 rows (whose nodes
/// spread their passes over both threads), with early stopping's held-out rows, on one and two
/// threads, against the SHA-256 of the models this trainer made when they were recorded. A
/// change that moves these bytes changes the trainer's identity (`Trainer.lastChange`).
@Suite struct BoostingBytesTests {
    static let tasks: [PredictionTask] = [.binary, .multiclass, .regression]

    /// The SHA-256 of each model, by "set task".
    static let expected: [String: String] = [
        "missing binary": "b94c7b155efc4329f6139b59adcd7d04b816f0fc739dfe116e7cedc920a1e8ae",
        "missing multiclass": "a1fb797c2939a2dc8850c82dc3d89847f7f79c56a79cef5fbd6eaeb310f59ad4",
        "missing regression": "0ecc593b9f2aebfc3d79829963f50b67fd3c00d747dab4eb620e97d83bdf1c03",
        "mixed binary": "42a17af3a45a0c1f141f00a945ac3da9fbff01a58cea00fa9b7165ccbeb52d4e",
        "mixed multiclass": "7e02a01dc7c35d00bddc0b001bbf3640142eadb5d8fc64da241c99f5cdeb8d74",
        "mixed regression": "5095379a36a10ff96e567f217d6640dcaf7b8e1d28d193ee31a0b922ef9db501",
    ]

    @Test(arguments: tasks)
    func boostingKeepsItsBytes(_ task: PredictionTask) throws {
        let values = ["max_iterations": "12", "min_samples_leaf": "5", "early_stopping_rounds": "3"]
        let sets = [("missing", ForestBytesTests.data(task)), ("mixed", Fixtures.mixed(task, rows: 9000))]
        for (name, data) in sets {
            for threads in [1, 2] {
                let model = try Trainer.train(
                    data, algorithm: .gradientBoosting, hyperparameters: values, seed: 5, threads: threads)
                let hash = Digest.sha256(try model.serialized())
                #expect(hash == Self.expected["\(name) \(task.rawValue)"], "\(name), \(threads) threads")
            }
        }
    }
}
