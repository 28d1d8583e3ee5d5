import Foundation
import Testing

@testable import Models

/// TreeSHAP (`TreeExplainer`): contributions that add up to the raw score, equal the Shapley
/// values of the path-dependent expectation computed over every subset of fields, and agree
/// with LightGBM's pred_contrib, XGBoost's pred_contribs and the shap package's TreeExplainer
/// (scripts/make-explain-fixtures).
@Suite struct TreeExplainerTests {
    /// A model's rows' contributions as its own library (or shap) computed them.
    struct Fixture {
        var name: String
        var model: TreeModel
        var inputFields: [String]
        var rows: [[String]]
        var fields: [String]
        var expected: [Double]
        var contributions: [[Double]]
        var raw: [[Double]]

        static let folder = Fixtures.repository.appendingPathComponent("Tests/ModelsTests/Fixtures/explain")

        init(_ name: String) throws {
            self.name = name
            let json = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: Self.folder.appendingPathComponent("\(name).json"))) as? [String: Any])
            if let source = json["import"] as? String {
                model = try ImportFixture(source).model()
            } else {
                let path = try #require(json["model"] as? String)
                model = try TreeModel(path: Fixtures.repository.appendingPathComponent(path).path)
            }
            inputFields = try #require(json["input_fields"] as? [String])
            rows = try #require(json["rows"] as? [[String]])
            fields = try #require(json["fields"] as? [String])
            expected = try #require(json["expected"] as? [Double])
            contributions = try #require(json["contributions"] as? [[Double]])
            raw = try #require(json["raw"] as? [[Double]])
        }

        func row(_ r: Int) -> [String: String] {
            Dictionary(uniqueKeysWithValues: zip(inputFields, rows[r]))
        }
    }

    static let libraryFixtures = [
        "lightgbm-binary", "lightgbm-binary-zero", "lightgbm-binary-rf", "lightgbm-multiclass", "lightgbm-regression",
        "xgboost-binary", "xgboost-multiclass", "xgboost-regression",
    ]
    static let shapFixtures = [
        "native-income-random_forest", "native-income-extra_trees", "native-income-gradient_boosting",
        "native-penguin_species-random_forest", "native-penguin_species-gradient_boosting",
        "native-penguin_body_mass-random_forest", "native-penguin_body_mass-gradient_boosting",
    ]

    /// The largest difference from the fixture, relative to the raw scores' size where they are
    /// large: XGBoost sums in float32, so its contributions to a body mass of 4,000 g carry
    /// float32's rounding (1e-7 of the value), beyond 1e-6 g.
    func largestDifference(_ fixture: Fixture) throws -> (contributions: Double, expected: Double, raw: Double) {
        let explainer = try TreeExplainer(fixture.model, name: fixture.name)
        var worst = (contributions: 0.0, expected: 0.0, raw: 0.0)
        let outputs = fixture.expected.count
        try #require(explainer.expectedValues.count == outputs)
        for o in 0..<outputs {
            worst.expected = max(worst.expected, abs(explainer.expectedValues[o] - fixture.expected[o]))
        }
        for r in fixture.rows.indices {
            let explanation = try explainer.explain(fixture.row(r))
            for o in 0..<outputs {
                worst.raw = max(worst.raw, abs(explanation.rawScores[o] - fixture.raw[r][o]))
                for (f, name) in explainer.fieldNames.enumerated() {
                    let mine = explanation.contributions[o][f]
                    // A field the library's model does not take contributes nothing.
                    let theirs = fixture.fields.firstIndex(of: name).map {
                        fixture.contributions[r][o * fixture.fields.count + $0]
                    }
                    worst.contributions = max(worst.contributions, abs(mine - (theirs ?? 0)))
                }
            }
        }
        return worst
    }

    @Test(arguments: libraryFixtures + shapFixtures)
    func agreesWithTheLibraryOrShap(_ name: String) throws {
        let fixture = try Fixture(name)
        let worst = try largestDifference(fixture)
        let scale = fixture.name.hasPrefix("xgboost") ? max(1, fixture.raw.joined().map(abs).max() ?? 1) : 1
        #expect(worst.contributions <= 1e-6 * scale, "\(name): contributions differ by \(worst.contributions)")
        #expect(worst.expected <= 1e-6 * scale, "\(name): expected values differ by \(worst.expected)")
        #expect(worst.raw <= 1e-6 * scale, "\(name): raw scores differ by \(worst.raw)")
    }

    /// The raw score is what prediction's output function turns into the answer.
    @Test(arguments: libraryFixtures + shapFixtures)
    func contributionsAddUpToTheRawScoreOfThePrediction(_ name: String) throws {
        let fixture = try Fixture(name)
        let explainer = try TreeExplainer(fixture.model)
        for r in fixture.rows.indices {
            let explanation = try explainer.explain(fixture.row(r))
            let prediction = try fixture.model.predict(fixture.row(r))
            for (o, raw) in explanation.rawScores.enumerated() {
                let total = explanation.expectedValues[o] + explanation.contributions[o].reduce(0, +)
                #expect(abs(total - raw) <= 1e-9 * max(1, abs(raw)), "\(name) row \(r) output \(o)")
            }
            #expect(answer(fixture.model, raw: explanation.rawScores, matches: prediction), "\(name) row \(r)")
        }
    }

    /// Whether `raw` through the model's output function gives `prediction`.
    func answer(_ model: TreeModel, raw: [Double], matches prediction: Prediction) -> Bool {
        let expected: [Double]
        switch model.output {
        case .mean, .sum: expected = raw
        case .logit: expected = [1 / (1 + exp(-raw[0]))]
        case .softmax:
            let top = raw.max() ?? 0
            let e = raw.map { exp($0 - top) }
            expected = e.map { $0 / e.reduce(0, +) }
        }
        let got =
            switch model.task {
            case .binary: [prediction.positiveProbability]
            case .multiclass: prediction.probabilities
            case .regression: [prediction.value ?? .nan]
            }
        return zip(expected, got).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) } && expected.count == got.count
    }

    /// Every algorithm and task, trained now: TreeSHAP equals the Shapley values of the
    /// path-dependent expectation, computed from their definition over every subset of fields.
    @Test(arguments: Algorithm.allCases, [PredictionTask.binary, .multiclass, .regression])
    func equalsShapleyValuesOverEverySubset(_ algorithm: Algorithm, _ task: PredictionTask) throws {
        let data = Fixtures.mixed(task, rows: 300)
        let model = try TreeModel(bytes: Fixtures.train(data, algorithm, ["max_depth": "6"]).serialized())
        let explainer = try TreeExplainer(model)
        let bins = model.binnedRows(data)
        let fields = explainer.fieldNames.count
        for r in stride(from: 0, to: data.rowCount, by: 37) {
            let row = Array(bins[(r * fields)..<((r + 1) * fields)])
            let explanation = row.withUnsafeBufferPointer { explainer.explanation(bins: $0) }
            let exact = shapleyValues(model, row: row)
            for o in 0..<model.outputWidth {
                #expect(abs(explanation.expectedValues[o] - exact.expected[o]) <= 1e-9)
                for f in 0..<fields {
                    #expect(abs(explanation.contributions[o][f] - exact.contributions[o][f]) <= 1e-9)
                }
                let total = explanation.expectedValues[o] + explanation.contributions[o].reduce(0, +)
                #expect(abs(total - explanation.rawScores[o]) <= 1e-9)
            }
        }
    }

    /// Shapley values by their definition: v(S) is the raw score when the fields in S follow
    /// the row and every other split sends the row to both sides by their cover.
    func shapleyValues(_ model: TreeModel, row: [UInt16]) -> (expected: [Double], contributions: [[Double]]) {
        let fields = model.counts.features
        let outputs = model.outputWidth
        func value(_ known: Int) -> [Double] {
            var totals = [Double](repeating: 0, count: outputs)
            row.withUnsafeBufferPointer { bins in
                func walk(_ node: Int, _ tree: Int, _ weight: Double) {
                    let split = model.nodes[node * 2]
                    let link = model.nodes[node * 2 + 1]
                    if link & 0xFF == ModelFileLayout.leafField {
                        let first = model.output == .softmax ? tree % outputs : 0
                        for c in 0..<model.leafWidth {
                            totals[first + c] += weight * model.leafValues[Int(split) + c]
                        }
                        return
                    }
                    let left = node + Int(link >> ModelFileLayout.childShift)
                    if known & (1 << Int(link & 0xFF)) != 0 {
                        walk(model.goesLeft(split: split, link: link, bins: bins) ? left : left + 1, tree, weight)
                    } else {
                        walk(left, tree, weight * model.cover[left] / model.cover[node])
                        walk(left + 1, tree, weight * model.cover[left + 1] / model.cover[node])
                    }
                }
                for (t, root) in model.roots.enumerated() { walk(Int(root), t, 1) }
            }
            for o in 0..<outputs {
                switch model.output {
                case .mean: totals[o] /= Double(model.roots.count)
                default: totals[o] += model.baseScores[o]
                }
            }
            return totals
        }
        var factorial = [1.0]
        for k in 1...fields { factorial.append(factorial[k - 1] * Double(k)) }
        let values = (0..<(1 << fields)).map(value)
        var contributions = [[Double]](repeating: [Double](repeating: 0, count: fields), count: outputs)
        for f in 0..<fields {
            for subset in 0..<(1 << fields) where subset & (1 << f) == 0 {
                let size = subset.nonzeroBitCount
                let weight = factorial[size] * factorial[fields - size - 1] / factorial[fields]
                for o in 0..<outputs {
                    contributions[o][f] += weight * (values[subset | (1 << f)][o] - values[subset][o])
                }
            }
        }
        return (values[0], contributions)
    }

    /// A single split, worked by hand: 4 of 10 training rows go left to 0.1, 6 right to 0.9.
    @Test func aStumpByHand() throws {
        let model = try SplitRuleTests().stump(edge: 5)
        let explainer = try TreeExplainer(model)
        #expect(abs(explainer.expectedValues[0] - (0.4 * 0.1 + 0.6 * 0.9)) <= 1e-15)
        let left = try explainer.explain(["x": "1"])
        #expect(abs(left.contributions[0][0] - (0.1 - 0.58)) <= 1e-15)
        let missing = try explainer.explain(values: ["x": .missing])
        #expect(missing.contributions == left.contributions)
        #expect(abs(try explainer.explain(["x": "7"]).contributions[0][0] - (0.9 - 0.58)) <= 1e-15)
    }

    /// A file without cover (format 2, an ONNX import) is refused, saying what to do.
    @Test func aModelWithoutCoverIsRefusedClearly() throws {
        let formatTwo = try TreeModel(
            path: Fixtures.repository.appendingPathComponent(
                "research/artifacts/income_classifier/random_forest/1.0.0/model.bin"
            ).path)
        let onnx = try ImportFixture("onnx-rf-binary").model()
        for model in [formatTwo, onnx] {
            #expect(model.cover.isEmpty)
            let error = try #require(throws: ExplanationError.self) { try TreeExplainer(model, name: "m@1") }
            #expect(error.reason == .noCover)
            #expect(error.description.hasPrefix("m@1: cannot explain its predictions"))
            #expect(error.description.contains("train a new version with this modelpress"))
            #expect(error.description.contains("`bundle` and `make run` write the deployment's prepared copy"))
        }
    }

    @Test func badInputIsRefusedAsPredictionRefusesIt() throws {
        let explainer = try TreeExplainer(try SplitRuleTests().stump(edge: 5))
        #expect(throws: PredictionInputError(field: "x", reason: .notANumber("abc"))) {
            try explainer.explain(["x": "abc"])
        }
        #expect(throws: PredictionInputError(field: "x", reason: .wrongKind)) {
            try explainer.explain(values: ["x": .category("a")])
        }
    }
}
