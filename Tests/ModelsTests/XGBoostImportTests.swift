import Foundation
import Testing

@testable import Models

@Suite struct XGBoostImportTests {
    @Test(arguments: [
        "xgboost-binary", "xgboost-binary-scalar", "xgboost-multiclass", "xgboost-multiclass-integers",
        "xgboost-regression", "xgboost-exact", "xgboost-regression-absoluteerror",
        "xgboost-regression-pseudohubererror", "xgboost-regression-quantileerror",
        "xgboost-regression-squaredlogerror",
    ])
    func predictionsEqualXGBoosts(name: String) throws {
        try ImportFixture(name).expectSamePredictions()
    }

    private func error(_ bytes: [UInt8], schema: Schema) -> ImportError? {
        do {
            _ = try ModelImporter.convert(bytes, format: .xgboost, schema: schema, file: "m.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func keepsTheFloat32RuleCoverAndVersion() throws {
        let fixture = try ImportFixture("xgboost-binary")
        #expect(try ModelImporter.detect(fixture.bytes, file: "m.json") == .xgboost)
        let converted = try ModelImporter.convert(fixture.bytes, format: .xgboost, schema: fixture.schema, file: "m")
        #expect(converted.library == "XGBoost" && converted.libraryVersion == "3.2.0")
        let age = try #require(fixture.schema.fields.firstIndex { $0.name == "age" })
        #expect(converted.ensemble.binning.rules[age] == [.strict, .float32])
        #expect(converted.ensemble.nodes.cover.first.map { $0 > 0 } == true)
        #expect(try converted.ensemble.serialized()[8] == 3)
    }

    @Test func refusesUBJSONSayingHowToSaveJSON() throws {
        let bytes = Array(try Data(contentsOf: ImportFixture.folder.appendingPathComponent("xgboost-binary.ubj")))
        let fixture = try ImportFixture("xgboost-binary")
        #expect(try ModelImporter.detect(bytes, file: "m.ubj") == .xgboost)
        #expect(error(bytes, schema: fixture.schema)?.description.contains("booster.save_model(\"m.json\")") == true)
    }

    @Test func corruptTruncatedAndUnsupportedFilesSaySo() throws {
        let fixture = try ImportFixture("xgboost-binary")
        let text = String(decoding: fixture.bytes, as: UTF8.self)
        #expect(
            error(Array(fixture.bytes.prefix(fixture.bytes.count / 2)), schema: fixture.schema)?.reason
                == .truncated("the JSON text ends before its last '}'"))
        #expect(
            error(Array("{\"a\": 1, }".utf8), schema: fixture.schema)?.description.hasPrefix(
                "m.json: corrupt model file: ") == true)
        #expect(
            error(Array("{\"version\": [1]}".utf8), schema: fixture.schema)?.reason
                == .corrupt("an XGBoost JSON model is an object with a 'learner'"))
        let poisson = text.replacingOccurrences(of: "\"binary:logistic\"", with: "\"count:poisson\"")
        let poissonRefusal: String =
            "objective 'count:poisson' (its prediction is exp(margin), the margin being base_score plus the "
            + "trees; supported: binary:logistic, multi:softmax, multi:softprob, reg:absoluteerror, "
            + "reg:pseudohubererror, reg:quantileerror, reg:squarederror, reg:squaredlogerror, the "
            + "regression ones because they predict the margin itself)"
        #expect(error(Array(poisson.utf8), schema: fixture.schema)?.reason == .unsupported(poissonRefusal))
        let unknown = text.replacingOccurrences(of: "\"binary:logistic\"", with: "\"reg:newloss\"")
        #expect(
            error(Array(unknown.utf8), schema: fixture.schema)?.description.contains(
                "objective 'reg:newloss' (supported: binary:logistic, ") == true)
        let dart = text.replacingOccurrences(of: "\"name\":\"gbtree\"", with: "\"name\":\"dart\"")
        #expect(dart != text)
        #expect(error(Array(dart.utf8), schema: fixture.schema)?.description.contains("booster 'dart'") == true)
    }

    /// Each regression objective accepted predicts base_score plus the trees, as
    /// reg:squarederror: its trees and base_score are converted alike (trial22 #11 found
    /// reg:absoluteerror and reg:pseudohubererror refused). A model of several targets (several
    /// quantiles) is refused, saying to train one per target.
    @Test func regressionObjectivesPredictTheMargin() throws {
        for objective in ["absoluteerror", "pseudohubererror", "quantileerror", "squaredlogerror"] {
            let fixture = try ImportFixture("xgboost-regression-\(objective)")
            let converted = try ModelImporter.convert(
                fixture.bytes, format: .xgboost, schema: fixture.schema, file: "m")
            #expect(converted.ensemble.output == .sum && converted.ensemble.baseScores.count == 1, "\(objective)")
        }
        let fixture = try ImportFixture("xgboost-regression-quantileerror")
        let text = String(decoding: fixture.bytes, as: UTF8.self)
        let twoTargets = text.replacingOccurrences(of: "\"num_target\":\"1\"", with: "\"num_target\":\"2\"")
        #expect(twoTargets != text)
        #expect(
            error(Array(twoTargets.utf8), schema: fixture.schema)?.reason
                == .unsupported(
                    "the model predicts 2 targets (num_target: one per quantile_alpha), and an endpoint predicts one "
                        + "value: train one model per target (one quantile_alpha each)"))
    }

    @Test func mismatchesNameBothSides() throws {
        let fixture = try ImportFixture("xgboost-binary")
        var renamed = fixture.schema
        renamed.fields[0].name = "years"
        #expect(
            error(fixture.bytes, schema: renamed)?.description.contains(
                "the model has the feature 'age' and the declared data has no such field") == true)
        let species = try ImportFixture("xgboost-multiclass")
        var four = species.schema
        four.labelValues.append("Emperor")
        #expect(
            error(species.bytes, schema: four)?.reason
                == .mismatch(
                    "the model has 3 classes and the declared label 'species' has 4 (Adelie, Chinstrap, Gentoo, Emperor)"
                ))
        #expect(
            error(fixture.bytes, schema: species.schema)?.reason
                == .mismatch(
                    "the objective 'binary:logistic' is a binary model and the declared label 'species' is a multiclass task"
                ))
    }
}
