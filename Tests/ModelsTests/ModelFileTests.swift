import Foundation
import Testing

@testable import Models

@Suite struct ModelFileTests {
    static let ensemble: TreeEnsemble = {
        let data = Fixtures.mixed()
        return ForestTrainer.train(BinnedDataset(data), parameters: ForestParameters(trees: 5), seed: 9)
    }()

    func reason(_ bytes: [UInt8]) -> ModelFileError.Reason? {
        do {
            _ = try TreeModel(bytes: bytes, name: "m.bin")
            return nil
        } catch let error as ModelFileError {
            return error.reason
        } catch {
            return nil
        }
    }

    @Test func roundTripThroughAMappedFile() throws {
        let url = Fixtures.temporaryFile()
        let bytes = try Self.ensemble.serialized()
        try Data(bytes).write(to: url)
        let model = try TreeModel(contentsOf: url)
        let data = Fixtures.mixed()
        #expect(model.schema == data.schema)
        #expect(model.treeCount == 5)
        #expect(model.byteCount == bytes.count)
        #expect(model.labelValues == ["no", "yes"])
        #expect(abs(model.featureImportances.values.reduce(0, +) - 1) < 1e-9)
        let inMemory = try TreeModel(bytes: bytes)
        #expect(model.positiveProbabilities(data) == inMemory.positiveProbabilities(data))
    }

    @Test func oneRowMatchesTheBatch() throws {
        let model = try TreeModel(bytes: Self.ensemble.serialized())
        let data = Fixtures.mixed()
        let batch = model.positiveProbabilities(data)
        for r in 0..<50 {
            let code = Int(data.codes[1][r])
            let row = [
                "signal": String(data.numbers[0][r]),
                "colour": code >= 0 ? data.schema.fields[1].categories[code] : "?",
                "flat": "3",
            ]
            #expect(try model.predict(row).positiveProbability == batch[r])
            let typed: [String: FieldValue] = [
                "signal": .number(data.numbers[0][r]),
                "colour": code >= 0 ? .category(data.schema.fields[1].categories[code]) : .missing,
            ]
            #expect(try model.predict(values: typed).positiveProbability == batch[r])
        }
    }

    /// A row's batch score does not depend on the rows walked beside it (`leafIndices` walks
    /// four at a time, the last few of a block alone): every count of rows scores as the whole.
    @Test func batchScoresDoNotDependOnTheRowsBeside() throws {
        let model = try TreeModel(bytes: Self.ensemble.serialized())
        let data = Fixtures.mixed()
        let whole = model.positiveProbabilities(data)
        for count in [1, 2, 3, 4, 5, 7, 9, 513, 599] {
            let rows = Array((data.rowCount - count)..<data.rowCount)
            #expect(model.positiveProbabilities(data.subset(rows)) == Array(whole.suffix(count)), "\(count) rows")
        }
    }

    /// The batch's bins (`binnedRows`, a branch-free lookup for a native edge set) are the
    /// per-value search's (`numericBin`) at every edge, a step either side of it, both zeros,
    /// NaN and the infinities.
    @Test func batchBinsAreTheOneValueBinsAtEveryEdge() throws {
        let model = try TreeModel(bytes: Self.ensemble.serialized())
        let data = Fixtures.mixed()
        let edges = Array(model.edges[model.edgeRange(0)])
        // A native edge set, which the batch bins with `EdgeLookup`.
        #expect(edges.count > 10 && edges.count < 255 && model.edgeRule(0).isEmpty)
        var values: [Double] = [0, -0.0, .nan, .infinity, -.infinity, .greatestFiniteMagnitude, -1e300]
        for edge in edges { values += [edge, edge.nextDown, edge.nextUp] }
        let codes = [Int32](repeating: 0, count: values.count)
        let probe = Dataset(
            schema: data.schema, numbers: [values, [], [Double](repeating: 3, count: values.count)],
            codes: [[], codes, []], labels: [UInt8](repeating: 0, count: values.count))
        let bins = model.binnedRows(probe)
        let features = model.counts.features
        for (r, value) in values.enumerated() {
            #expect(bins[r * features] == model.numericBin(value, feature: 0), "\(value)")
        }
    }

    @Test func missingAndUnknownInputNeverFails() throws {
        let model = try TreeModel(bytes: Self.ensemble.serialized())
        let empty = try model.predict([:])
        #expect(["no", "yes"].contains(empty.label))
        let unseen = try model.predict(["signal": " 12 ", "colour": "purple", "extra": "x"])
        let missing = try model.predict(["signal": "12", "colour": "?"])
        #expect(unseen == missing)
        #expect(throws: PredictionInputError(field: "signal", reason: .notANumber("lots"))) {
            try model.predict(["signal": "lots"])
        }
        #expect(throws: PredictionInputError(field: "signal", reason: .notANumber("x"), row: 1)) {
            try model.predict(rows: [["signal": "1"], ["signal": "x"]])
        }
        #expect(try model.predict(rows: [["signal": "1"], [:]]).count == 2)
        #expect(throws: PredictionInputError(field: "colour", reason: .wrongKind)) {
            try model.predict(values: ["colour": .number(1)])
        }
    }

    @Test func corruptFileIsRejected() throws {
        var bytes = try Self.ensemble.serialized()
        bytes[bytes.count / 2] ^= 0x40
        #expect(reason(bytes) == .checksumMismatch)
    }

    /// Any single flipped byte, header included, is caught before a prediction can use it.
    @Test func everyFlippedByteIsRejected() throws {
        let bytes = try Self.ensemble.serialized()
        let positions = Array(0..<ModelFileLayout.headerSize) + Array(stride(from: 80, to: bytes.count, by: 7))
        for position in positions {
            var damaged = bytes
            damaged[position] ^= 0x01
            #expect(reason(damaged) != nil, "byte \(position) was not checked")
        }
    }

    @Test func truncatedFileIsRejected() throws {
        let bytes = try Self.ensemble.serialized()
        #expect(
            reason(Array(bytes.dropLast(100))) == .wrongLength(expected: UInt64(bytes.count), actual: bytes.count - 100)
        )
        #expect(reason(Array(bytes.prefix(20))) == .wrongLength(expected: 128, actual: 20))
        #expect(reason([]) == .notAModel)
    }

    @Test func foreignFileIsRejected() throws {
        #expect(reason(Array("39, State-gov, 77516, Bachelors\n".utf8)) == .notAModel)
        var future = try Self.ensemble.serialized()
        future[8] = 6
        #expect(reason(future) == .unsupportedVersion(6))
        #expect(
            ModelFileError(path: "m.bin", reason: .unsupportedVersion(6)).description
                == "m.bin: model file format version 6 is not supported: this build reads versions 2 to 5; "
                + "use the modelpress that wrote it, or train the model again with this one")
        let error = ModelFileError(path: "m.bin", reason: .checksumMismatch)
        #expect(error.description == "m.bin: model file is corrupt: its checksum does not match its contents")
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: ModelFileError.self) {
            try TreeModel(contentsOf: URL(fileURLWithPath: "/nonexistent/model.bin"))
        }
    }

    @Test func badStructureWithAValidChecksumIsRejected() throws {
        // A split whose child is itself would loop forever; the loader refuses it even when
        // the checksum has been recomputed to match.
        var bytes = try Self.ensemble.serialized()
        let sections = try ModelFileLayout.Sections(TreeModel(bytes: bytes).counts)
        bytes.withUnsafeMutableBytes { raw in
            var node = 0
            while raw.load(fromByteOffset: sections.nodes + 8 * node + 4, as: UInt32.self) & 0xFF == 0xFF { node += 1 }
            // Keep the field, drop the child offset: the left child becomes the node itself.
            let link = raw.load(fromByteOffset: sections.nodes + 8 * node + 4, as: UInt32.self)
            raw.storeBytes(of: link & 0xFF, toByteOffset: sections.nodes + 8 * node + 4, as: UInt32.self)
            let sum = ModelFileLayout.fileChecksum(UnsafeRawBufferPointer(raw))
            raw.storeBytes(of: sum, toByteOffset: 24, as: UInt64.self)
        }
        guard case .inconsistent = reason(bytes) else {
            Issue.record("expected an inconsistent-structure error")
            return
        }
    }

    @Test func unwritableTreesAreRefused() {
        var ensemble = Self.ensemble
        if let split = ensemble.nodes.feature.firstIndex(where: { $0 >= 0 }) {
            ensemble.nodes.left[split] = UInt32(split)
        }
        #expect(throws: ModelFileError.self) { try ensemble.serialized() }
    }
}
