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

    /// A multiclass data set of numeric columns; the classes are named `c0`, `c1`, ….
    static func classes(_ columns: [[Double]], labels: [UInt8], classes: Int) -> Dataset {
        let schema = Schema(
            fields: columns.indices.map { Field.numeric("x\($0)") }, label: "y",
            labelValues: (0..<classes).map { "c\($0)" })
        return Dataset(schema: schema, numbers: columns, codes: columns.map { _ in [] }, labels: labels)
    }

    /// A regression data set of numeric columns.
    static func regression(_ columns: [[Double]], targets: [Double]) -> Dataset {
        let schema = Schema(
            fields: columns.indices.map { Field.numeric("x\($0)") }, label: "y", labelValues: [])
        return Dataset(schema: schema, numbers: columns, codes: columns.map { _ in [] }, targets: targets)
    }

    /// A three-class XOR of two binary features: (0,0) is c0, (1,1) is c1, the mixed pairs
    /// c2, so no single split separates more than half of the rows.
    static func multiclassXOR(copies: Int = 10) -> Dataset {
        let (columns, pairs) = pairs(copies: copies)
        return classes(columns, labels: pairs.map { $0.0 != $0.1 ? 2 : $0.0 == 0 ? 0 : 1 }, classes: 3)
    }

    /// `mixed` with the task's label: four classes from the signal's half and the colour
    /// (multiclass), or the signal plus a colour effect and noise (regression).
    static func mixed(_ task: PredictionTask, rows: Int = 600) -> Dataset {
        let binary = mixed(rows: rows)
        var generator = SplitMix64(seed: 11)
        let signal = binary.numbers[0]
        let colour = binary.codes[1]
        var schema = binary.schema
        switch task {
        case .binary:
            return binary
        case .multiclass:
            schema.labelValues = ["a", "b", "c", "d"]
            let labels = (0..<rows).map { r -> UInt8 in
                let noise = generator.below(10) == 0
                let base = (signal[r] > 50 ? 1 : 0) + (colour[r] == 2 ? 2 : 0)
                return UInt8(noise ? (base + 1) % 4 : base)
            }
            return Dataset(schema: schema, numbers: binary.numbers, codes: binary.codes, labels: labels)
        case .regression:
            schema.labelValues = []
            let targets = (0..<rows).map { r -> Double in
                signal[r] / 10 + (colour[r] == 2 ? 5 : 0) + Double(generator.below(100)) / 100
            }
            return Dataset(schema: schema, numbers: binary.numbers, codes: binary.codes, targets: targets)
        }
    }

    /// XOR of two binary features, each combination repeated `copies` times.
    static func xor(copies: Int = 10) -> Dataset {
        let (columns, pairs) = pairs(copies: copies)
        return numeric(columns, labels: pairs.map { $0.0 != $0.1 ? 1 : 0 })
    }

    /// Two binary features, each combination of their values repeated `copies` times.
    static func pairs(copies: Int) -> (columns: [[Double]], pairs: [(Double, Double)]) {
        let combinations: [(Double, Double)] = [(0, 0), (0, 1), (1, 0), (1, 1)]
        let pairs = (0..<copies).flatMap { _ in combinations }
        return ([pairs.map { $0.0 }, pairs.map { $0.1 }], pairs)
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

    /// Trains `algorithm` with small forests (20 trees) and boosting without early stopping
    /// and with leaves of two rows, unless `values` say otherwise.
    static func train(
        _ data: Dataset, _ algorithm: Algorithm, _ values: [String: String] = [:], threads: Int = 2
    ) throws -> TreeEnsemble {
        var values = values
        if algorithm == .randomForest || algorithm == .extraTrees { values["trees"] = values["trees"] ?? "20" }
        if algorithm == .gradientBoosting {
            values["min_samples_leaf"] = values["min_samples_leaf"] ?? "2"
            values["early_stopping_rounds"] = values["early_stopping_rounds"] ?? "0"
        }
        return try Trainer.train(data, algorithm: algorithm, hyperparameters: values, seed: 1, threads: threads)
    }

    /// A model file's bytes labelled as format `version`, with the checksum made good, as an
    /// older writer or a reader of an older format would see them.
    static func relabelled(_ bytes: [UInt8], version: UInt8) -> [UInt8] {
        var bytes = bytes
        bytes[8] = version
        let sum = bytes.withUnsafeBytes { ModelFileLayout.fileChecksum($0) }
        withUnsafeBytes(of: sum.littleEndian) { bytes.replaceSubrange(24..<32, with: $0) }
        return bytes
    }

    static func temporaryFile(_ name: String = "model.bin") -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }
}
