import Foundation
import Testing

@testable import Models

/// A committed model of another library (scripts/make-import-fixtures) with that library's own
/// predictions on rows of a shipped data set.
struct ImportFixture {
    var name: String
    var bytes: [UInt8]
    var schema: Schema
    var fields: [String]
    var rows: [[String]]
    var scores: [[Double]]
    var labels: [String]?

    /// The committed fixtures, or the folder `scripts/check-import-fixtures --newest` wrote with
    /// the newest libraries (MODELPRESS_IMPORT_FIXTURES).
    static let folder =
        ProcessInfo.processInfo.environment["MODELPRESS_IMPORT_FIXTURES"].map { URL(fileURLWithPath: $0) }
        ?? Fixtures.repository.appendingPathComponent("Tests/ModelsTests/Fixtures/import")

    init(_ name: String) throws {
        self.name = name
        let expected = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.folder.appendingPathComponent("\(name).expected.json"))) as? [String: Any])
        let model = try #require(expected["model"] as? String)
        bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent(model)))
        if let data = expected["data"] as? [String: Any] {
            schema = try Self.schema(declared: data)
        } else {
            let record = try Data(
                contentsOf: Fixtures.repository.appendingPathComponent(try #require(expected["schema"] as? String)))
            schema = try TrainingRecord.decode(record).schema
        }
        fields = try #require(expected["fields"] as? [String])
        rows = try #require(expected["rows"] as? [[String]])
        scores = try #require(expected["scores"] as? [[Double]])
        labels = expected["labels"] as? [String]
    }

    /// The schema modelpress reads from a [data] declaration (the fixture's `data`), as `import` does
    /// (its SHA-256 unchecked: lightgbm-bool's data file is the fixture script's own, beside it).
    static func schema(declared data: [String: Any]) throws -> Schema {
        let declaration = DataDeclaration(
            training: try #require(data["training"] as? String), test: data["test"] as? String,
            label: try #require(data["label"] as? String),
            task: (data["task"] as? String).flatMap(PredictionTask.init(rawValue:)),
            ignore: data["ignore"] as? [String] ?? [], separator: data["separator"] as? String,
            header: data["header"] as? [String], trimSpaces: data["trim_spaces"] as? Bool ?? false,
            comment: data["comment"] as? String)
        return try declaration.load(seed: 0, root: Fixtures.repository, checked: false).train.schema
    }

    /// The fixture converted and loaded as predict.cgi loads a model file.
    func model() throws -> TreeModel {
        let converted = try ModelImporter.convert(
            bytes, format: ModelImporter.detect(bytes, file: name), schema: schema, file: name)
        return try TreeModel(bytes: converted.ensemble.serialized(), name: name)
    }

    /// Every row scored by the converted model equals the library's score within 1e-6 (a
    /// regression value: within 1e-6 of its size), and the labels are the library's.
    func expectSamePredictions() throws {
        let model = try model()
        #expect(rows.count == scores.count && rows.count > 100)
        var worst = 0.0
        for (r, row) in rows.enumerated() {
            let prediction = try model.predict(Dictionary(uniqueKeysWithValues: zip(fields, row)))
            let ours: [Double] =
                switch schema.task {
                case .binary: [prediction.positiveProbability]
                case .multiclass: prediction.probabilities
                case .regression: [prediction.value ?? .nan]
                }
            #expect(ours.count == scores[r].count, "row \(r)")
            // Regression values are compared relative to their size: XGBoost adds its leaves and
            // returns the value in float32, whose step at a body mass of 4,000 g is 0.0002.
            for (a, b) in zip(ours, scores[r]) {
                worst = max(worst, abs(a - b) / (schema.task == .regression ? max(1, abs(b)) : 1))
            }
            if let labels { #expect(prediction.label == labels[r], "\(name) row \(r): \(row)") }
        }
        #expect(worst <= 1e-6, "\(name): largest difference \(worst)")
    }
}

@Suite struct LightGBMImportTests {
    @Test(arguments: [
        "lightgbm-binary", "lightgbm-binary-sigmoid", "lightgbm-binary-rf", "lightgbm-binary-zero",
        "lightgbm-multiclass", "lightgbm-multiclass-integers", "lightgbm-regression", "lightgbm-maxbin",
        "lightgbm-bool",
    ])
    func predictionsEqualLightGBMs(name: String) throws {
        try ImportFixture(name).expectSamePredictions()
    }

    /// A bool column made categorical: LightGBM lists its categories as JSON booleans,
    /// `[false, true]` (trial22 #2: "corrupt model file"), which name the data's `False` and
    /// `True` (pandas' `to_csv` spelling); the imported model scores every row as LightGBM does,
    /// but for the sigmoid's last bits (measured: at most 3 ulp), whichever way `late` is spelt.
    @Test func aBoolColumnsCategoriesAreReadAsFalseAndTrue() throws {
        let fixture = try ImportFixture("lightgbm-bool")
        #expect(String(decoding: fixture.bytes, as: UTF8.self).contains("[false, true]]"))
        #expect(fixture.schema.field(named: "late")?.categories == ["False", "True"])
        let model = try fixture.model()
        let late = try #require(fixture.fields.firstIndex(of: "late"))
        #expect(Set(fixture.rows.map { $0[late] }) == ["False", "True"])
        for (r, row) in fixture.rows.enumerated() {
            let expected = fixture.scores[r][0]
            for spelling in [row[late], row[late].lowercased(), row[late].uppercased()] {
                var values = Dictionary(uniqueKeysWithValues: zip(fixture.fields, row))
                values["late"] = spelling
                let ours = try model.predict(values).positiveProbability
                #expect(
                    abs(ours - expected) <= 4 * expected.ulp, "row \(r) (\(spelling)): \(ours), LightGBM \(expected)")
            }
        }
    }

    @Test func keepsCoverAndGainsAndFormat() throws {
        let fixture = try ImportFixture("lightgbm-binary")
        let converted = try ModelImporter.convert(fixture.bytes, format: .lightgbm, schema: fixture.schema, file: "m")
        // The file's `version=v4` is its format's; LightGBM does not record its own version.
        #expect(
            converted.library == "LightGBM"
                && converted.libraryVersion == "(library version not recorded; model format v4)")
        #expect(converted.ensemble.treeCount == 8 && converted.ensemble.output == .logit)
        // The root's cover is LightGBM's internal_count of the first tree: every training row.
        #expect(converted.ensemble.nodes.cover.first == 32561)
        #expect(abs(converted.ensemble.importances.reduce(0, +) - 1) < 1e-12)
        let bytes = try converted.ensemble.serialized()
        #expect(bytes[8] == 3)
        let zero = try ImportFixture("lightgbm-binary-zero")
        let zeroBytes = try ModelImporter.convert(zero.bytes, format: .lightgbm, schema: zero.schema, file: "m")
            .ensemble.serialized()
        #expect(zeroBytes[8] == 4)
    }

    private func error(_ text: String, schema: Schema) -> ImportError? {
        do {
            _ = try ModelImporter.convert(Array(text.utf8), format: .lightgbm, schema: schema, file: "m.txt")
            return nil
        } catch {
            return error
        }
    }

    @Test func refusesWhatItCannotConvertExactly() throws {
        let fixture = try ImportFixture("lightgbm-binary")
        let text = String(decoding: fixture.bytes, as: UTF8.self)
        let ova = try ImportFixture("lightgbm-multiclassova")
        let ovaError = error(String(decoding: ova.bytes, as: UTF8.self), schema: ova.schema)
        #expect(ovaError?.line == 7)
        #expect(ovaError?.description.contains("objective 'multiclassova'") == true)
        let poisson = error(
            text.replacingOccurrences(of: "objective=binary sigmoid:1", with: "objective=poisson"),
            schema: fixture.schema)
        #expect(
            poisson?.description
                == "m.txt:7: not supported: objective 'poisson' (supported: binary, multiclass, and the regression objectives whose output is the score itself: fair, huber, l1, l2, mae, mape, mean_absolute_error, mean_squared_error, mse, quantile, regression, regression_l1, regression_l2)"
        )
        let linear = error(text.replacingOccurrences(of: "is_linear=0", with: "is_linear=1"), schema: fixture.schema)
        #expect(
            linear?.reason
                == .unsupported(
                    "tree 0 is a linear tree (linear_tree=true): its leaves are linear models; train without linear_tree"
                ))
    }

    @Test func corruptAndTruncatedFilesSaySo() throws {
        let fixture = try ImportFixture("lightgbm-binary")
        let text = String(decoding: fixture.bytes, as: UTF8.self)
        let cut = String(text.prefix(text.count / 2))
        #expect(
            error(cut, schema: fixture.schema)?.reason
                == .truncated("the file ends before 'end of trees' (it has 6 trees)"))
        let garbled = text.replacingOccurrences(of: "num_leaves=15", with: "num_leaves=fifteen")
        #expect(
            error(garbled, schema: fixture.schema)?.description.contains("'fifteen' in num_leaves is not a number")
                == true)
        #expect(
            throws: ImportError(
                file: "m.onnx",
                reason: .corrupt(
                    "not a model file the importer knows (a LightGBM text model starts with the line 'tree', an XGBoost JSON "
                        + "model with '{', an ONNX model with its IR version); give --format if it is one"))
        ) {
            try ModelImporter.detect([0x50, 0x4B, 0x03, 0x04], file: "m.onnx")
        }
        #expect(error("<html>", schema: fixture.schema)?.line == 1)
    }

    @Test func mismatchesWithTheDeclaredDataNameBothSides() throws {
        let fixture = try ImportFixture("lightgbm-binary")
        let text = String(decoding: fixture.bytes, as: UTF8.self)
        var renamed = fixture.schema
        renamed.fields[0].name = "years"
        let feature = error(text, schema: renamed)
        #expect(
            feature?.description.hasPrefix(
                "m.txt:8: the model does not match the declared data: the model has the feature 'age' and the declared data has no such field (fields: years, workclass"
            ) == true, "\(String(describing: feature))")
        #expect(
            feature?.description.hasSuffix(
                "declare the data the model was trained on, or retrain the model without 'age'") == true)
        // When the pipeline ignores the column, the advice is not to ignore it.
        let ignored = feature?.naming(ignored: ["fnlwgt", "age"]).description
        #expect(
            ignored?.hasPrefix(
                "m.txt:8: the model does not match the declared data: the model has the feature 'age', and the pipeline's [data] lists it in `ignore`"
            ) == true && ignored?.contains("remove 'age' from `ignore`") == true, "\(String(describing: ignored))")
        #expect(feature?.naming(ignored: ["fnlwgt"]) == feature)
        var fewer = fixture.schema
        fewer.fields[1].categories.removeLast()
        #expect(
            error(text, schema: fewer)?.description.contains("field 'workclass': the declared data lacks Without-pay")
                == true)
        // A declared category the model never saw goes where LightGBM sends it: where a missing one goes.
        var more = fixture.schema
        more.fields[1].categories.append("Zoo")
        let converted = try ModelImporter.convert(fixture.bytes, format: .lightgbm, schema: more, file: "m.txt")
        #expect(
            converted.notes.count == 1 && converted.notes[0].hasPrefix("field 'workclass': the model never saw Zoo;"))
        let model = try TreeModel(bytes: converted.ensemble.serialized(), name: "m")
        for row in fixture.rows.prefix(50) {
            var cells = Dictionary(uniqueKeysWithValues: zip(fixture.fields, row))
            cells["workclass"] = "Zoo"
            let zoo = try model.predict(cells).positiveProbability
            cells["workclass"] = ""
            #expect(try model.predict(cells).positiveProbability == zoo)
        }
        var numeric = fixture.schema
        numeric.fields[1] = Field.numeric("workclass")
        #expect(
            error(text, schema: numeric)?.reason
                == .mismatch(
                    "pandas_categorical lists 8 categorical columns and the declared data has 7 categorical fields (education, marital-status, occupation, relationship, race, sex, native-country)"
                ))
        let species = try ImportFixture("lightgbm-multiclass")
        var twoClasses = species.schema
        twoClasses.labelValues.append("Emperor")
        #expect(
            error(String(decoding: species.bytes, as: UTF8.self), schema: twoClasses)?.description.contains(
                "the model has 3 classes and the declared label 'species' has 4 (Adelie, Chinstrap, Gentoo, Emperor)")
                == true)
        var threeClasses = fixture.schema
        threeClasses.labelValues.append(">100K")
        #expect(
            error(text, schema: threeClasses)?.description
                == "m.txt:7: the model does not match the declared data: the objective 'binary' is a binary model and the declared label 'income' is a multiclass task"
        )
    }
}
