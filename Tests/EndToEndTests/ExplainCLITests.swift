import Foundation
import Testing

/// `modelpress explain`: a row's contributions from JSON or CSV, as text, JSON or CSV, on
/// committed versions with and without cover in their files, and its refusals.
@Suite struct ExplainCLITests {
    static let row = """
        {"age": 44, "workclass": "Private", "fnlwgt": 160323, "education": "Some-college", "education-num": 10,
         "marital-status": "Married-civ-spouse", "occupation": "Machine-op-inspct", "relationship": "Husband",
         "race": "Black", "sex": "Male", "capital-gain": 7688, "capital-loss": 0, "hours-per-week": 40,
         "native-country": null}
        """

    /// The format-2 income forest, explained with the cover counted from adult.data: the JSON's
    /// contributions add up to the raw score, which is the probability `predict` gives.
    @Test func aFormatTwoVersionIsExplainedFromItsDeclaredData() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url.appendingPathComponent("row.json")
        try Data(Self.row.utf8).write(to: input)
        let result = try run(
            Executables.modelpress,
            ["explain", "income_classifier/random_forest@1.0.0", "--input", input.path, "--json"],
            in: Executables.repositoryRoot)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.errorOutput.contains("records no per-node cover: it was counted again from the training rows"))
        let rows = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        let output = try #require((rows.first?["outputs"] as? [[String: Any]])?.first)
        #expect(output["output"] as? String == ">50K")
        #expect(output["units"] as? String == "probability")
        let contributions = try #require(output["contributions"] as? [String: Double])
        #expect(contributions.count == 14)
        let expected = try #require(output["expected_value"] as? Double)
        let raw = try #require(output["raw_score"] as? Double)
        #expect(abs(expected + contributions.values.reduce(0, +) - raw) <= 1e-9)
        // capital-gain 7688 carries this row (it is the largest contribution by far).
        #expect(contributions.max { abs($0.value) < abs($1.value) }?.key == "capital-gain")
    }

    /// Text lists fields by the size of their contribution; CSV has one column per field.
    @Test func textAndCSVOfAMulticlassVersion() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url.appendingPathComponent("rows.csv")
        try Data(
            "id,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\n7,Biscoe,46.1,13.2,211,4500,female\n8,Dream,,18.4,190,3700,male\n"
                .utf8
        ).write(to: input)
        let version = "penguin_species/gradient_boosting@1.0.0"
        let text = try run(
            Executables.modelpress, ["explain", version, "--input", input.path], in: Executables.repositoryRoot)
        #expect(text.status == 0, "\(text.errorOutput)")
        #expect(text.errorOutput.contains("left out: id"), "\(text.errorOutput)")
        #expect(text.output.contains("\(version), row 1: predicted Gentoo"), "\(text.output)")
        #expect(text.output.contains("expected value"))
        #expect(text.output.contains("(score before the softmax of Adelie)"))
        #expect(text.output.contains("(missing)"))
        let csv = try run(
            Executables.modelpress, ["explain", version, "--input", input.path, "--csv"], in: Executables.repositoryRoot
        )
        #expect(csv.status == 0, "\(csv.errorOutput)")
        let lines = csv.output.split(separator: "\n")
        #expect(lines.count == 3)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.first == "row")
        #expect(header.contains("contribution_Gentoo_flipper_length_mm"))
        #expect(header.contains("expected_value_Chinstrap") && header.contains("raw_score_Adelie"))
        #expect(lines[1].split(separator: ",").count == header.count)
        // `-` reads the same rows from standard input, a pipe.
        let piped = try run(
            Executables.modelpress, ["explain", version, "--input", "-", "--csv"],
            input: try Data(contentsOf: input), in: Executables.repositoryRoot)
        #expect(piped.status == 0, "\(piped.errorOutput)")
        #expect(piped.output == csv.output)
        let missing = try run(
            Executables.modelpress, ["explain", version, "--input", folder.url.appendingPathComponent("no.csv").path],
            in: Executables.repositoryRoot)
        #expect(missing.status == 1)
        #expect(
            missing.errorOutput.contains("error: cannot read the input file \(folder.url.path)/no.csv: no such file"),
            "\(missing.errorOutput)")
    }

    /// A key that is no field, and a cover-less model whose declared data is not there.
    @Test func refusalsNameTheVersionAndWhatToDo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url.appendingPathComponent("row.json")
        try Data(#"{"age": 44, "capital_gain": 7688}"#.utf8).write(to: input)
        let typo = try run(
            Executables.modelpress, ["explain", "income_classifier/gradient_boosting@1.0.0", "--input", input.path],
            in: Executables.repositoryRoot)
        #expect(typo.status == 1)
        #expect(
            typo.errorOutput.contains(
                "row 1: 'capital_gain' is not a field of income_classifier/gradient_boosting@1.0.0 (its fields: age, "),
            "\(typo.errorOutput)")
        // A value the model cannot read names its row.
        try Data(#"[{"age": 44}, {"age": "old"}]"#.utf8).write(to: input)
        let bad = try run(
            Executables.modelpress, ["explain", "income_classifier/gradient_boosting@1.0.0", "--input", input.path],
            in: Executables.repositoryRoot)
        #expect(bad.status == 1)
        #expect(bad.errorOutput.contains("\(input.path): row 2: "), "\(bad.errorOutput)")
        #expect(bad.errorOutput.contains("'old'") && bad.errorOutput.contains("nothing was explained"))

        // A repository holding the version's artifact folder but not research/data.
        let artifacts = "research/artifacts/income_classifier/random_forest/1.0.0"
        let copy = folder.url.appendingPathComponent(artifacts)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for file in ["model.bin", "training.json"] {
            try FileManager.default.copyItem(
                at: Executables.repositoryRoot.appendingPathComponent(artifacts).appendingPathComponent(file),
                to: copy.appendingPathComponent(file))
        }
        try Data(Self.row.utf8).write(to: input)
        let refused = try run(
            Executables.modelpress,
            ["explain", "income_classifier/random_forest@1.0.0", "--input", input.path, "--root", folder.url.path])
        #expect(refused.status == 1)
        #expect(
            refused.errorOutput.contains(
                "error: income_classifier/random_forest@1.0.0: cannot explain its predictions: the model file records "
                    + "no per-node cover"), "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("adult.data"))
        #expect(refused.errorOutput.contains("Restore those data files"))

        let usage = try run(Executables.modelpress, ["explain", "income_classifier/random_forest@1.0.0"])
        #expect(usage.status == 64)
        #expect(usage.errorOutput.contains("give either --input FILE"))
        let help = try run(Executables.modelpress, ["explain", "--help"])
        #expect(help.output.contains("Examples:") && help.output.contains("pred_contrib"))
    }

    /// --test-sample prints mean |SHAP| over seeded test rows, largest first.
    @Test func aTestSampleGivesMeanAbsoluteSHAP() throws {
        let result = try run(
            Executables.modelpress,
            ["explain", "penguin_species/random_forest@1.0.0", "--test-sample", "20", "--json"],
            in: Executables.repositoryRoot)
        #expect(result.status == 0, "\(result.errorOutput)")
        let summary = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(summary["rows"] as? Int == 20)
        #expect(summary["cover"] as? String == "model")
        #expect(summary["units"] as? String == "probability")
        let features = try #require(summary["features"] as? [[String: Any]])
        #expect(features.count == 6)
        #expect(features.allSatisfy { ($0["mean"] as? Double ?? -1) >= 0 })
    }
}
