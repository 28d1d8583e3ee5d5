import Foundation
import SwiftProtobuf
import Testing

@testable import Models

/// What an imported model's own importances measure, recorded with the version (training.json's
/// `source.importance`) so that the card labels them: LightGBM's and XGBoost's split gains, the
/// splits an ONNX file's trees make (trial22 #4: ONNX split counts were shown as "as reported by
/// the model", beside gains under the same heading).
@Suite struct ImportedImportanceTests {
    private func converted(_ name: String) throws -> ModelImporter.Converted {
        let fixture = try ImportFixture(name)
        return try ModelImporter.convert(
            fixture.bytes, format: ModelImporter.detect(fixture.bytes, file: name), schema: fixture.schema, file: name)
    }

    @Test(arguments: [
        ("lightgbm-binary", ImportanceMeasure.gain), ("xgboost-regression", .gain), ("onnx-rf-binary", .splits),
        ("onnx-gb-regression", .splits), ("onnx-pipeline-onehot-one", .splits),
    ])
    func eachFormatSaysWhatItsImportancesMeasure(name: String, measure: ImportanceMeasure) throws {
        let model = try converted(name)
        #expect(model.importance == measure)
        #expect(abs(model.ensemble.importances.reduce(0, +) - 1) < 1e-12)
    }

    /// An ONNX forest's importances are each field's share of the file's splits (one per
    /// BRANCH_LEQ node, as skl2onnx writes a forest), not a gain.
    @Test func anONNXForestsImportancesAreItsSharesOfSplits() throws {
        let fixture = try ImportFixture("onnx-rf-binary")
        let model = try Onnx_ModelProto(serializedBytes: fixture.bytes)
        let ensemble = try #require(model.graph.node.first { $0.opType == "TreeEnsembleClassifier" })
        let attributes = Dictionary(ensemble.attribute.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let modes = try #require(attributes["nodes_modes"]).strings.map { String(decoding: $0, as: UTF8.self) }
        let features = try #require(attributes["nodes_featureids"]).ints
        var counts: [Int64: Double] = [:]
        for (mode, feature) in zip(modes, features) where mode != "LEAF" {
            #expect(mode == "BRANCH_LEQ")
            counts[feature, default: 0] += 1
        }
        let total = counts.values.reduce(0, +)
        // Input X's columns are the schema's numeric fields in order (the positional mapping).
        let numeric = fixture.schema.fields.indices.filter { fixture.schema.fields[$0].kind == .numeric }
        let importances = try converted("onnx-rf-binary").ensemble.importances
        for (column, field) in numeric.enumerated() {
            #expect(abs(importances[field] - (counts[Int64(column)] ?? 0) / total) < 1e-12, "column \(column)")
        }
    }

    /// A model whose splits all have zero gain records no importance: `none`.
    @Test func aModelWithoutGainsHasNone() throws {
        let fixture = try ImportFixture("lightgbm-binary")
        let text = String(decoding: fixture.bytes, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map { line in
            guard line.hasPrefix("split_gain=") else { return String(line) }
            let count = line.dropFirst("split_gain=".count).split(separator: " ").count
            return "split_gain=" + Array(repeating: "0", count: count).joined(separator: " ")
        }.joined(separator: "\n")
        let model = try ModelImporter.convert(Array(text.utf8), format: .lightgbm, schema: fixture.schema, file: "m")
        #expect(model.ensemble.importances.allSatisfy { $0 == 0 })
        #expect(model.importance == ImportanceMeasure.none)
    }

    /// `importance` reads back; a record made before it existed reads as its format's importer
    /// made it; an unknown value is an error naming the values.
    @Test func theRecordReadsBackAndOlderRecordsReadAsTheirFormat() throws {
        func source(_ format: String, _ importance: String?) throws -> ImportSource? {
            let key = importance.map { ", \"importance\": \"\($0)\"" } ?? ""
            let json =
                "{\"source\": {\"format\": \"\(format)\", \"library\": \"l\", \"library_version\": \"1\", "
                + "\"path\": \"m\", \"kept\": true, \"sha256\": \"0\", \"importer\": \"modelpress-import/1\"\(key)}}"
            return try TrainingRecord.siteFacts(in: Array(json.utf8)).source
        }
        #expect(try source("onnx", nil)?.importanceMeasure == .splits)
        #expect(try source("lightgbm", nil)?.importanceMeasure == .gain)
        #expect(try source("xgboost", nil)?.importance == nil)
        #expect(try source("onnx", "none")?.importanceMeasure == ImportanceMeasure.none)
        #expect(try source("xgboost", "splits")?.importanceMeasure == .splits)
        do {
            _ = try source("onnx", "weight")
            Issue.record("an unknown importance was read")
        } catch {
            #expect("\(error)".contains("importance 'weight' is none of gain, splits, none"), "\(error)")
        }
    }
}
