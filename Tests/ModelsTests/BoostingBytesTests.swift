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
        "missing binary": "9ef70a1fd6915430609b90269cb145a20979a442e4c238464cb4beaee67b256c",
        "missing multiclass": "d54c8ed48d0d0a3fb2fc9ba1ab6f6b8785a7c53677d84cc3f77255a1d96f2991",
        "missing regression": "649b64a5b2fdac461a7a91303f9f5c6fc3d48669c3d1c0c5b7c735e66818c228",
        "mixed binary": "c926a58a7ea89194eb12aa9d6dc4833fcd3c128c97c29dafa63b9cbdcc830ea0",
        "mixed multiclass": "f69fc0e6227ab8c8c1107c6e24d6bbae93ae5650814d9d61504a32e2a130fce8",
        "mixed regression": "83a67d8c960fdcbf2557f8df08e166aafb38b301dec3387917929a267cbbf948",
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
