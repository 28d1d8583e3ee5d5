import Foundation
import Testing

@testable import Models

/// A model that reads a field as the other kind than the declared data has it: the advice is to
/// declare the model's kind, unless the endpoint's versions fixed the declared one; then it is to
/// make another endpoint, with the command (trial22 #9: the import's advice and the
/// registration's refusal sent the user back and forth between the two kinds).
@Suite struct ImportFieldKindTests {
    private func refusal(_ fixture: ImportFixture, schema: Schema) -> ImportError? {
        do {
            _ = try ModelImporter.convert(
                fixture.bytes, format: ModelImporter.detect(fixture.bytes, file: "m"), schema: schema, file: "m")
            return nil
        } catch {
            return error
        }
    }

    /// income's [data] as an import pipeline declares it, with `kinds` under [data.columns].
    private func data(_ kinds: [String: Field.Kind]) -> DataDeclaration {
        DataDeclaration(
            training: "research/data/adult/adult.data", label: "income", task: .binary, ignore: ["fnlwgt"],
            kinds: kinds)
    }

    /// A LightGBM model trained on integer-coded categories without pandas (its file's
    /// `pandas_categorical:null`) read against data that has them numeric, as trial22 #9's
    /// `occupation_code`: here adult's model with every categorical field declared numeric.
    @Test func aCategoricalSplitOfANumericFieldNeedsAnotherEndpointWhenOneFixesIt() throws {
        var fixture = try ImportFixture("lightgbm-binary")
        fixture.bytes = Array(
            String(decoding: fixture.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("pandas_categorical:") ? "pandas_categorical:null" : String($0) }
                .joined(separator: "\n").utf8)
        var schema = fixture.schema
        for f in schema.fields.indices where schema.fields[f].kind == .categorical {
            schema.fields[f] = .numeric(schema.fields[f].name)
        }
        let error = try #require(refusal(fixture, schema: schema))
        #expect(
            error.reason
                == .fieldKind("relationship", model: .categorical, what: "tree 0 splits 'relationship' by category"))
        #expect(
            error.description.hasSuffix(
                ": the model does not match the declared data: tree 0 splits 'relationship' by category and the "
                    + "declared data has it as numeric; declare it categorical in [data.columns]"))
        // No endpoint fixes the field (a new one, or one without versions), or one has it as the
        // model does: declaring the model's kind is the remedy, and the error stays.
        for kinds in [[:], ["relationship": Field.Kind.categorical]] {
            #expect(
                error.naming(
                    endpoint: "income", fixedKinds: kinds, newEndpoint: "income_lightgbm", data: data([:]),
                    pipeline: "p.toml") == error)
        }
        let fixed = error.naming(
            endpoint: "income", fixedKinds: ["relationship": .numeric, "age": .numeric], newEndpoint: "income_lightgbm",
            data: data(["relationship": .numeric, "age": .numeric]), pipeline: "research/imports/income.toml")
        let expected: String =
            ": the model cannot be a version of endpoint income: tree 0 splits 'relationship' by category, and the "
            + "endpoint has 'relationship' numeric, as its first version fixed it (declaring it categorical "
            + "would only have the registration refuse the version); import the model into a new endpoint "
            + "whose data has 'relationship' categorical: `modelpress new income_lightgbm --data "
            + "research/data/adult/adult.data --label income --task binary --ignore fnlwgt --column "
            + "age=numeric --column relationship=categorical` (or another name; add the pipeline's other "
            + "[data] keys, such as --separator or --missing, where it declares them), then in "
            + "research/imports/income.toml set endpoint = \"income_lightgbm\" and, under [data.columns], "
            + "relationship = \"categorical\", and import again"
        #expect(fixed.description.hasSuffix(expected), "\(fixed.description)")
    }

    @Test func aNumericSplitOfACategoricalFieldSaysTheOtherWay() throws {
        let fixture = try ImportFixture("xgboost-binary")
        var schema = fixture.schema
        let f = try #require(schema.fields.firstIndex { $0.name == "age" })
        schema.fields[f] = .categorical("age", ["17", "18"])
        let error = try #require(refusal(fixture, schema: schema))
        #expect(error.reason == .fieldKind("age", model: .numeric, what: "the model takes 'age' as a number"))
        #expect(
            error.description
                == "m: the model does not match the declared data: the model takes 'age' as a number and the declared "
                + "data has it as categorical; declare it numeric in [data.columns]")
        let fixed = error.naming(
            endpoint: "income", fixedKinds: ["age": .categorical], newEndpoint: "income_xgboost",
            data: data(["age": .categorical]), pipeline: "p.toml")
        #expect(fixed.description.contains("the endpoint has 'age' categorical, as its first version fixed it"))
        #expect(fixed.description.contains("--column age=numeric`"))
    }
}
