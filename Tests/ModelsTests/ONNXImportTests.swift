import Foundation
import SwiftProtobuf
import Testing

@testable import Models

@Suite struct ONNXImportTests {
    @Test(arguments: [
        "onnx-rf-binary", "onnx-et-binary", "onnx-gb-binary", "onnx-hgb-binary",
        "onnx-rf-multiclass", "onnx-et-multiclass", "onnx-gb-multiclass", "onnx-hgb-multiclass",
        "onnx-rf-regression", "onnx-et-regression", "onnx-gb-regression", "onnx-hgb-regression",
        "onnx-rf-multiclass-double", "onnx-modes", "onnx-opset5-regression",
        "onnx-pipeline-onehot", "onnx-pipeline-ordinal", "onnx-rf-thresholds", "onnx-rf-default-binary",
        "onnx-rf-default-multiclass", "onnx-rf-default-regression",
    ])
    func predictionsEqualOnnxruntimes(name: String) throws {
        try ImportFixture(name).expectSamePredictions()
    }
}

extension ONNXImportTests {
    private func convert(_ bytes: [UInt8], schema: Schema) throws(ImportError) -> ModelImporter.Converted {
        try ModelImporter.convert(bytes, format: .onnx, schema: schema, file: "m.onnx")
    }

    private func error(_ bytes: [UInt8], schema: Schema) -> ImportError? {
        do {
            _ = try convert(bytes, schema: schema)
            return nil
        } catch {
            return error
        }
    }

    /// The fixture's model with `change` applied to its protocol buffer.
    private func changed(_ fixture: ImportFixture, _ change: (inout Onnx_ModelProto) -> Void) throws -> [UInt8] {
        var model = try Onnx_ModelProto(serializedBytes: fixture.bytes)
        change(&model)
        return try model.serializedBytes()
    }

    private func attribute(
        _ name: String, in model: inout Onnx_ModelProto, _ change: (inout Onnx_AttributeProto) -> Void
    ) {
        for n in model.graph.node.indices where model.graph.node[n].opType.hasPrefix("TreeEnsemble") {
            for a in model.graph.node[n].attribute.indices where model.graph.node[n].attribute[a].name == name {
                change(&model.graph.node[n].attribute[a])
            }
        }
    }

    @Test func recordsProducerRulesAndThePositionalMapping() throws {
        let fixture = try ImportFixture("onnx-rf-binary")
        #expect(try ModelImporter.detect(fixture.bytes, file: "m.onnx") == .onnx)
        let converted = try convert(fixture.bytes, schema: fixture.schema)
        #expect(converted.library == "skl2onnx" && converted.libraryVersion == "1.20.0")
        #expect(
            converted.inputMapping == [
                "input 'X' matched by position to the declared numeric fields: X[0] = age, X[1] = fnlwgt, "
                    + "X[2] = education-num, X[3] = capital-gain, X[4] = capital-loss, X[5] = hours-per-week"
            ])
        let age = try #require(fixture.schema.fields.firstIndex { $0.name == "age" })
        #expect(converted.ensemble.binning.rules[age] == [.float32])
        #expect(converted.ensemble.output == .mean && converted.ensemble.treeCount == 8)
        let double = try ImportFixture("onnx-rf-multiclass-double")
        let bill = try #require(double.schema.fields.firstIndex { $0.name == "bill_length_mm" })
        #expect(try convert(double.bytes, schema: double.schema).ensemble.binning.rules[bill] == [])
        let pipeline = try ImportFixture("onnx-pipeline-onehot")
        #expect(
            try convert(pipeline.bytes, schema: pipeline.schema).inputMapping.first == "input 'island' = field 'island'"
        )
    }

    @Test func classLabelsMayBeIntegers() throws {
        let fixture = try ImportFixture("onnx-gb-binary")
        let bytes = try changed(fixture) { model in
            for n in model.graph.node.indices {
                for a in model.graph.node[n].attribute.indices
                where model.graph.node[n].attribute[a].name.hasPrefix("classlabels") {
                    model.graph.node[n].attribute[a].name = "classlabels_int64s"
                    model.graph.node[n].attribute[a].strings = []
                    model.graph.node[n].attribute[a].ints = [0, 1]
                    model.graph.node[n].attribute[a].type = .ints
                }
            }
        }
        var schema = fixture.schema
        schema.labelValues = ["0", "1"]
        let model = try TreeModel(bytes: try convert(bytes, schema: schema).ensemble.serialized(), name: "m")
        for (r, row) in fixture.rows.enumerated().prefix(50) {
            let prediction = try model.predict(Dictionary(uniqueKeysWithValues: zip(fixture.fields, row)))
            #expect(abs(prediction.positiveProbability - fixture.scores[r][0]) <= 1e-6)
            #expect(prediction.label == (fixture.labels?[r] == ">50K" ? "1" : "0"))
        }
        #expect(
            error(bytes, schema: fixture.schema)?.reason
                == .mismatch("the model's classes are 0, 1 and the declared label 'income' has <=50K, >50K"))
    }

    @Test func corruptTruncatedAndUnsupportedFilesEachSaySo() throws {
        let fixture = try ImportFixture("onnx-gb-binary")
        #expect(
            error(Array(fixture.bytes.prefix(fixture.bytes.count / 2)), schema: fixture.schema)?.reason
                == .truncated("the protocol buffer ends inside a message (\(fixture.bytes.count / 2) bytes)"))
        #expect(
            error([0x08, 0x07, 0x3A, 0x02, 0xFF, 0xFF], schema: fixture.schema)?.description.hasPrefix(
                "m.onnx: corrupt model file: not an ONNX model (protocol buffer: ") == true)
        #expect(
            error([0x08, 0x07], schema: fixture.schema)?.reason
                == .corrupt("not an ONNX model: it has no graph of nodes"))
        let probit = try changed(fixture) { model in
            attribute("post_transform", in: &model) { $0.s = Data("PROBIT".utf8) }
        }
        #expect(
            error(probit, schema: fixture.schema)?.reason
                == .unsupported(
                    "node TreeEnsembleClassifier 'TreeEnsembleClassifier': a binary classifier with post_transform "
                        + "PROBIT (supported: NONE without base_values, LOGISTIC)"))
        let mode = try changed(fixture) { model in
            attribute("nodes_modes", in: &model) { $0.strings[0] = Data("BRANCH_SOMETIMES".utf8) }
        }
        #expect(
            error(mode, schema: fixture.schema)?.description.contains("has the mode 'BRANCH_SOMETIMES'") == true)
        let external = try changed(fixture) { model in
            var tensor = Onnx_TensorProto()
            tensor.name = "weights"
            tensor.dataLocation = 1
            model.graph.initializer.append(tensor)
        }
        #expect(error(external, schema: fixture.schema)?.description.contains("(external data)") == true)
    }

    @Test func refusesOtherGraphShapesNamingTheNode() throws {
        let fixture = try ImportFixture("onnx-pipeline-onehot")
        let scaled = try changed(fixture) { model in
            let n = model.graph.node.firstIndex { $0.opType == "Concat" } ?? 0
            model.graph.node[n].opType = "Scaler"
            model.graph.node[n].domain = "ai.onnx.ml"
            model.graph.node[n].name = "scale"
        }
        #expect(
            error(scaled, schema: fixture.schema)?.description.contains(
                "not supported: node Scaler 'scale' is not one the importer follows between the inputs and the trees"
            ) == true)
        let argmax = try changed(fixture) { model in
            var node = Onnx_NodeProto()
            node.opType = "ArgMax"
            node.input = ["probabilities"]
            node.output = ["best"]
            model.graph.node.append(node)
        }
        #expect(error(argmax, schema: fixture.schema)?.description.contains("computes on the trees' output") == true)
        let none = try changed(fixture) { model in
            model.graph.node.removeAll { $0.opType.hasPrefix("TreeEnsemble") }
        }
        #expect(
            error(none, schema: fixture.schema)?.description.contains("the graph has no ONNX-ML tree ensemble") == true)
    }

    @Test func mismatchesNameBothSides() throws {
        let fixture = try ImportFixture("onnx-pipeline-onehot")
        var renamed = fixture.schema
        let island = try #require(renamed.fields.firstIndex { $0.name == "island" })
        renamed.fields[island].name = "isle"
        #expect(
            error(fixture.bytes, schema: renamed)?.description.contains(
                "the model has the input 'island' and the declared data has no such field") == true)
        var more = fixture.schema
        more.fields[island].categories.append("Anvers")
        #expect(
            error(fixture.bytes, schema: more)?.reason
                == .mismatch(
                    "field 'island' (node OneHotEncoder 'OneHotEncoder'): the model never saw Anvers (model: Biscoe, "
                        + "Dream, Torgersen; declared: Biscoe, Dream, Torgersen, Anvers)"))
        let numeric = try ImportFixture("onnx-rf-regression")
        var fewer = numeric.schema
        fewer.fields.removeAll { $0.name == "bill_depth_mm" }
        #expect(
            error(numeric.bytes, schema: fewer)?.description.contains(
                "input 'X' has 3 columns and the declared data has 2 numeric fields") == true)
        var regression = try ImportFixture("onnx-gb-binary").schema
        regression.labelValues = []
        #expect(
            error(try ImportFixture("onnx-gb-binary").bytes, schema: regression)?.description.contains(
                "the model is a classifier (TreeEnsembleClassifier 'TreeEnsembleClassifier') and the declared label "
                    + "'income' is a regression task") == true)
    }
}
