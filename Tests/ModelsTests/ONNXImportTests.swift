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
        "onnx-rf-default-multiclass", "onnx-rf-default-regression", "onnx-pipeline-onehot-one",
        "onnx-pipeline-ordinal-one",
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

    /// skl2onnx picks the column of a ColumnTransformer's transformer over one column with a
    /// `Gather` (axis 1, constant indices): followed as the columns it picks, the indices an
    /// initializer or a `Constant` node, negative ones from the end (trial22 #5: refused); a
    /// Gather of rows, of computed indices or of a column out of range is refused, saying which.
    @Test func followsAGatherOfColumnsAndRefusesOtherGathers() throws {
        let fixture = try ImportFixture("onnx-pipeline-onehot-one")
        #expect(
            try convert(fixture.bytes, schema: fixture.schema).inputMapping == [
                "input 'island' = field 'island'", "input 'bill_length_mm' = field 'bill_length_mm'",
                "input 'bill_depth_mm' = field 'bill_depth_mm'",
                "input 'flipper_length_mm' = field 'flipper_length_mm'", "input 'body_mass_g' = field 'body_mass_g'",
            ])
        func gather(_ change: (inout Onnx_NodeProto) -> Void) throws -> [UInt8] {
            try changed(fixture) { model in
                for n in model.graph.node.indices where model.graph.node[n].opType == "Gather" {
                    change(&model.graph.node[n])
                }
            }
        }
        func indices(_ values: [Int64]) throws -> [UInt8] {
            try changed(fixture) { model in
                for t in model.graph.initializer.indices where model.graph.initializer[t].name == "island0" {
                    model.graph.initializer[t].int64Data = values
                }
            }
        }
        let reference = try TreeModel(
            bytes: try convert(fixture.bytes, schema: fixture.schema).ensemble.serialized(), name: "m")
        let rows = fixture.rows.prefix(40).map { Dictionary(uniqueKeysWithValues: zip(fixture.fields, $0)) }
        let constant = try changed(fixture) { model in
            guard let t = model.graph.initializer.firstIndex(where: { $0.name == "island0" }) else { return }
            var node = Onnx_NodeProto()
            node.opType = "Constant"
            node.output = ["island0"]
            var value = Onnx_AttributeProto()
            value.name = "value"
            value.type = .tensor
            value.t = model.graph.initializer.remove(at: t)
            node.attribute = [value]
            model.graph.node.insert(node, at: 0)
        }
        #expect(constant != fixture.bytes)
        for bytes in [try indices([-1]), constant] {
            let model = try TreeModel(
                bytes: try convert(bytes, schema: fixture.schema).ensemble.serialized(), name: "m")
            for row in rows { #expect(try model.predict(row).probabilities == reference.predict(row).probabilities) }
        }
        let rowsGathered = try gather { node in
            for a in node.attribute.indices where node.attribute[a].name == "axis" { node.attribute[a].i = 0 }
        }
        #expect(
            error(rowsGathered, schema: fixture.schema)?.reason
                == .unsupported(
                    "node Gather 'Gather' gathers along axis 0, not 1: it picks rows (or elements) rather than columns "
                        + "of a table, which the importer does not follow"))
        #expect(
            error(try gather { $0.input[1] = "island" }, schema: fixture.schema)?.reason
                == .unsupported(
                    "node Gather 'Gather' gathers columns at indices computed in the graph, not a constant list of "
                        + "columns, which the importer does not follow"))
        #expect(
            error(try indices([1]), schema: fixture.schema)?.reason
                == .corrupt("node Gather 'Gather' gathers column 1 of a tensor of 1 columns"))
    }

    /// skl2onnx writes no way for missing values for scikit-learn's forests, whose own predict
    /// routes them as training did: when the declared data may miss a numeric field the trees
    /// split on, the import says so (trial22 #11: scikit-learn's predictions differed by up to 9%
    /// on such rows). HistGradientBoosting's trees record the way; a schema where no split field
    /// may be missing needs no note.
    @Test func notesThatScikitLearnMayRouteMissingValuesOtherwise() throws {
        let forest = try ImportFixture("onnx-rf-multiclass")
        let notes = try convert(forest.bytes, schema: forest.schema).notes
        #expect(notes.count == 1)
        let note = try #require(notes.first)
        #expect(
            note.hasPrefix(
                "note: the model file records no way for missing values (no split sets nodes_missing_value_tracks_true), "
                    + "and the declared data may miss bill_"), "\(note)")
        let way: String =
            "a missing value goes to each split's false branch, as onnxruntime sends it and as the imported model "
            + "does; scikit-learn (1.3 and later) sends it where its training rows missing the value went, or "
            + "to the child with more rows, and skl2onnx writes that way only for HistGradientBoosting, so on a "
            + "row missing one of them scikit-learn's own predict can differ from these predictions (to match "
            + "scikit-learn there, train a HistGradientBoosting model, whose way skl2onnx records)"
        #expect(note.hasSuffix(way), "\(note)")
        #expect(!note.contains("sex") && !note.contains("island"))
        let histogram = try ImportFixture("onnx-hgb-multiclass")
        #expect(try convert(histogram.bytes, schema: histogram.schema).notes.isEmpty)
        var complete = forest.schema
        for f in complete.fields.indices where complete.fields[f].kind == .numeric {
            complete.fields[f].nullable = false
        }
        #expect(try convert(forest.bytes, schema: complete).notes.isEmpty)
        // Body mass: the rows without one, left out, are the rows missing every number.
        let pipeline = try ImportFixture("onnx-pipeline-ordinal-one")
        #expect(pipeline.schema.fields.allSatisfy { $0.kind == .categorical || !$0.nullable })
        #expect(try convert(pipeline.bytes, schema: pipeline.schema).notes.isEmpty)
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
