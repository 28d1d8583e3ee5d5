import Basics
import Foundation

@testable import Models

/// Small data sets and paths the model tests share.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let adultFolder = repository.appendingPathComponent("research/data/adult")

    /// A data set of numeric columns and 0/1 labels.
    static func numeric(_ columns: [[Double]], labels: [UInt8]) -> Dataset {
        let schema = Schema(
            fields: columns.indices.map { Field.numeric("x\($0)") }, label: "y", labelValues: ["no", "yes"])
        return Dataset(
            schema: schema, numbers: columns, codes: columns.map { _ in [] }, labels: labels)
    }

    /// XOR of two binary features, each combination repeated `copies` times.
    static func xor(copies: Int = 10) -> Dataset {
        var a: [Double] = []
        var b: [Double] = []
        var y: [UInt8] = []
        for _ in 0..<copies {
            for (x0, x1) in [(0.0, 0.0), (0, 1), (1, 0), (1, 1)] {
                a.append(x0)
                b.append(x1)
                y.append(x0 != x1 ? 1 : 0)
            }
        }
        return numeric([a, b], labels: y)
    }

    /// A mixed data set: a noisy numeric signal, a categorical one, a constant column.
    static func mixed(rows: Int = 600, seed: UInt64 = 7) -> Dataset {
        var generator = SplitMix64(seed: seed)
        var signal: [Double] = []
        var constant: [Double] = []
        var colour: [Int32] = []
        var labels: [UInt8] = []
        for _ in 0..<rows {
            let x = Double(generator.below(1000)) / 10
            let c = Int32(generator.below(4))
            let noise = generator.below(10) == 0
            signal.append(x)
            constant.append(3)
            colour.append(generator.below(20) == 0 ? -1 : c)
            let positive = (x > 50) != (c == 2)
            labels.append(positive != noise ? 1 : 0)
        }
        let schema = Schema(
            fields: [.numeric("signal"), .categorical("colour", ["blue", "green", "red", "white"]), .numeric("flat")],
            label: "y", labelValues: ["no", "yes"])
        return Dataset(schema: schema, numbers: [signal, [], constant], codes: [[], colour, []], labels: labels)
    }

    static func temporaryFile(_ name: String = "model.bin") -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }
}
