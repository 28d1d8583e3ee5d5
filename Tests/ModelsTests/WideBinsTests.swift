import Testing

@testable import Models

/// Imported fields split at more than 253 thresholds: their bins do not fit a byte, the model
/// file is written as format 5 (and only then), and every prediction path bins a row into 16
/// bits per field.
@Suite struct WideBinsTests {
    /// A regression tree on one field `x` that splits at `0, 1, …, count - 1` in a chain: split
    /// `i` sends `x <= i` to a leaf worth `i` and the rest on, the last split's right leaf is
    /// worth `count`; a missing value goes right at every split, to that last leaf.
    static func chain(thresholds count: Int) -> ImportedTrees {
        var nodes: [SourceTree.Node] = []
        for i in 0..<count {
            let split = nodes.count
            nodes.append(
                SourceTree.Node(test: .numeric(field: 0, threshold: Double(i)), left: split + 1, right: split + 2))
            nodes.append(SourceTree.Node(test: .leaf([Double(i)])))
        }
        nodes.append(SourceTree.Node(test: .leaf([Double(count)])))
        let schema = Schema(fields: [.numeric("x")], label: "y", labelValues: [])
        return ImportedTrees(
            schema: schema, rules: [[]], output: .sum, baseScores: [0], trees: [SourceTree(nodes: nodes)],
            hasCover: false)
    }

    static let widest = FeatureBinning.maximumWideBins - 2

    @Test func theWidestFieldPredictsEveryIntervalInEveryPath() throws {
        let ensemble = try Self.chain(thresholds: Self.widest).ensemble(file: "m")
        #expect(ensemble.binning.binCounts == [FeatureBinning.maximumWideBins])
        let bytes = try ensemble.serialized()
        #expect(bytes[8] == 5)
        let model = try TreeModel(bytes: bytes)
        // The values at and just past the edges of both ends and of the old one-byte limit.
        let values: [Double] = [-1, 0, 0.5, 1, 252, 253, 253.5, 254, 255, 256, 65_533, 65_534, 65_534.5, 70_000]
        let expected = values.map { min(max(($0).rounded(.up), 0), Double(Self.widest)) }
        for (value, wanted) in zip(values, expected) {
            #expect(try model.predict(["x": "\(value)"]).value == wanted, "x = \(value)")
            #expect(try model.predict(values: ["x": .number(value)]).value == wanted, "x = \(value)")
        }
        #expect(try model.predict(["x": "?"]).value == Double(Self.widest))
        let data = Dataset(
            schema: ensemble.schema, numbers: [values + [.nan]], codes: [[]],
            targets: [Double](repeating: 0, count: values.count + 1))
        #expect(model.predictedValues(data, threads: 2) == expected + [Double(Self.widest)])
    }

    @Test func oneThresholdMoreIsRefusedSayingWhatToTrainInstead() throws {
        var refusal: ImportError?
        do {
            _ = try Self.chain(thresholds: Self.widest + 1).ensemble(file: "m.onnx")
        } catch {
            refusal = error
        }
        let text = try #require(refusal?.description)
        #expect(
            text.hasPrefix(
                "m.onnx: not supported: field 'x' is split at 65536 different thresholds, and a model file holds at "
                    + "most 65535 per field: prediction turns each field's value into 16 bits"), "\(text)")
        #expect(text.contains("max_bin at most 65536") && text.contains("HistGradientBoosting"))
    }

    /// Per-field training counts per bin (explanations and drift read them) are kept for a wide
    /// field as for a byte-wide one: `binCount(f)` of them, in field order.
    @Test func referenceCountsOfAWideFieldRoundTrip() throws {
        var ensemble = try Self.chain(thresholds: 300).ensemble(file: "m")
        let counts = (0..<UInt64(302)).map { $0 * 3 + 1 }
        ensemble.referenceCounts = [counts]
        let model = try TreeModel(bytes: try ensemble.serialized())
        #expect(model.binCount(0) == 302)
        #expect(Array(model.referenceCounts) == counts)
    }

    /// Only a field of more than 255 bins makes a file format 5; a reader of format 4, for which
    /// such a field is corrupt, refuses it rather than misreading it.
    @Test func onlyWideFieldsMakeFormatFive() throws {
        let narrow = try Self.chain(thresholds: 253).ensemble(file: "m").serialized()
        #expect(narrow[8] == 3)
        let wide = try Self.chain(thresholds: 254).ensemble(file: "m").serialized()
        #expect(wide[8] == 5)
        #expect(throws: ModelFileError(path: "<memory>", reason: .inconsistent("field 0 has 256 bins"))) {
            try TreeModel(bytes: Fixtures.relabelled(wide, version: 4))
        }
    }

    @Test(arguments: [
        "onnx-rf-thresholds", "onnx-rf-default-binary", "onnx-rf-default-multiclass", "onnx-rf-default-regression",
        "lightgbm-maxbin", "xgboost-exact",
    ])
    func importedFixturesNeedFormatFive(name: String) throws {
        let fixture = try ImportFixture(name)
        let converted = try ModelImporter.convert(
            fixture.bytes, format: ModelImporter.detect(fixture.bytes, file: name), schema: fixture.schema, file: name)
        #expect(converted.ensemble.binning.binCounts.contains { $0 > FeatureBinning.maximumBins })
        #expect(try converted.ensemble.serialized()[8] == 5)
    }
}
