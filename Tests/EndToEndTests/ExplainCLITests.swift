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

    /// A binary model's raw score is named as the positive class's probability (a forest's) or
    /// turned into it (boosting's log-odds), so a row predicted negative needs no subtraction.
    @Test func theBinaryRawScoreNamesThePositiveClassesProbability() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url.appendingPathComponent("row.json")
        try Data(Self.row.utf8).write(to: input)
        for model in ["random_forest", "gradient_boosting"] {
            let version = "income_classifier/\(model)@1.0.0"
            let text = try run(
                Executables.modelpress, ["explain", version, "--input", input.path], in: Executables.repositoryRoot)
            #expect(text.status == 0, "\(text.errorOutput)")
            let json = try run(
                Executables.modelpress, ["explain", version, "--input", input.path, "--json"],
                in: Executables.repositoryRoot)
            let row = try #require((try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])?.first)
            let predicted = try #require(row["predicted"] as? [String: Any])
            let probability = try #require(predicted["probability"] as? Double)
            let positive = predicted["label"] as? String == ">50K" ? probability : 1 - probability
            let line = try #require(text.output.split(separator: "\n").first { $0.contains("raw score") })
            if model == "random_forest" {
                #expect(line.hasSuffix("(expected value + contributions = P(>50K))"), "\(line)")
                let raw = try #require(
                    Double(line.split(separator: " ").first { $0.hasPrefix("+") || $0.hasPrefix("-") } ?? ""))
                #expect(abs(raw - positive) < 5e-4, "\(line) vs \(positive)")
            } else {
                #expect(line.hasSuffix(" after the sigmoid)"), "\(line)")
                let stated = try #require(
                    line.components(separatedBy: "P(>50K) = ").last?.split(separator: " ").first.flatMap { Double($0) })
                #expect(abs(stated - positive) < 5e-4, "\(line) vs \(positive)")
            }
        }
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
        // Each class's block has its heading, a blank line before the next (trial15); the
        // predicted class's comes first (trial22).
        #expect(text.output.contains(")\n  species = Gentoo (predicted)\n  expected value"), "\(text.output)")
        #expect(text.output.contains("expected value + contributions)\n\n  species = Adelie\n"), "\(text.output)")
        #expect(text.output.contains("expected value + contributions)\n\n  species = Chinstrap\n"), "\(text.output)")
        #expect(text.output.contains("(missing)"))
        let csv = try run(
            Executables.modelpress, ["explain", version, "--input", input.path, "--csv"], in: Executables.repositoryRoot
        )
        #expect(csv.status == 0, "\(csv.errorOutput)")
        let lines = csv.output.split(separator: "\n")
        #expect(lines.count == 3)
        let header = lines[0].split(separator: ",").map(String.init)
        // The columns a batch job's `?explain=true` result adds, in its order (trial14 B2).
        let fields = ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"]
        #expect(
            header
                == ["row", "explanation_units"]
                + ["Adelie", "Chinstrap", "Gentoo"].flatMap { name in
                    ["expected_value_\(name)", "raw_score_\(name)"] + fields.map { "contribution_\(name)_\($0)" }
                })
        #expect(lines[1].hasPrefix("1,softmax_score,"))
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
        // A file where a folder would have to be: --output cannot be written.
        let unwritable = try run(
            Executables.modelpress, ["explain", version, "--input", input.path, "--output", input.path + "/x.csv"],
            in: Executables.repositoryRoot)
        #expect(unwritable.status == 1)
        #expect(
            unwritable.errorOutput.contains(
                "error: cannot write the result to \(input.path)/x.csv: \(input.path) is a file, not a folder"),
            "\(unwritable.errorOutput)")
        // A missing folder is refused, not made (trial19 #5: a typo made folders without a word);
        // a folder is refused, as predict refuses it.
        let nested = folder.url.appendingPathComponent("new/folder/x.csv")
        let refused = try run(
            Executables.modelpress, ["explain", version, "--input", input.path, "--csv", "--output", nested.path],
            in: Executables.repositoryRoot)
        #expect(refused.status == 1, "\(refused.errorOutput)")
        #expect(
            refused.errorOutput.contains(
                "error: cannot write the result to \(nested.path): the folder \(folder.url.path)/new/folder does not "
                    + "exist; correct the path, or create the folder first"), "\(refused.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("new").path))
        let intoFolder = try run(
            Executables.modelpress, ["explain", version, "--input", input.path, "--output", folder.url.path],
            in: Executables.repositoryRoot)
        #expect(intoFolder.status == 1)
        #expect(intoFolder.errorOutput.contains("is a folder; name the result's file"), "\(intoFolder.errorOutput)")
    }

    /// Multiclass JSON says which class each row was predicted, with its probability, and keeps
    /// the outputs in the model's class order (as the CSV's columns); the text writes every
    /// signed figure with its sign, zero as `+0` (trial23 #4, #6).
    @Test func multiclassJSONSaysThePredictedClassAndTextSignsZero() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url.appendingPathComponent("rows.csv")
        try Data(
            ("island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\nBiscoe,46.1,13.2,211,4500,female\n"
                + "Torgersen,39.1,18.7,181,3750,male\n").utf8
        ).write(to: input)
        for version in ["penguin_species/gradient_boosting@1.0.0", "penguin_species/random_forest@1.0.0"] {
            let json = try run(
                Executables.modelpress, ["explain", version, "--input", input.path, "--json"],
                in: Executables.repositoryRoot)
            #expect(json.status == 0, "\(json.errorOutput)")
            let rows = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
            #expect(rows.count == 2)
            for (row, expected) in zip(rows, ["Gentoo", "Adelie"]) {
                let predicted = try #require(row["predicted"] as? [String: Any], "\(row)")
                #expect(predicted["label"] as? String == expected, "\(predicted)")
                let probability = try #require(predicted["probability"] as? Double)
                let outputs = try #require(row["outputs"] as? [[String: Any]])
                #expect(outputs.map { $0["output"] as? String } == ["Adelie", "Chinstrap", "Gentoo"])
                // The predicted class's probability is what its raw score gives: itself for a
                // forest, its softmax share for boosting.
                let raw = outputs.compactMap { $0["raw_score"] as? Double }
                let index = try #require(outputs.firstIndex { $0["output"] as? String == expected })
                let shares =
                    version.contains("forest") ? raw : raw.map { exp($0) / raw.map(exp).reduce(0, +) }
                #expect(abs(shares[index] - probability) < 1e-9, "\(raw) \(probability)")
                #expect(shares.max() == shares[index])
            }
            let text = try run(
                Executables.modelpress, ["explain", version, "--input", input.path], in: Executables.repositoryRoot)
            #expect(text.status == 0, "\(text.errorOutput)")
            // A zero is signed as every other figure: a contribution ends its line, an expected
            // value or raw score comes before its note.
            #expect(!text.output.contains(" 0\n") && !text.output.contains("  0  ("), "\(text.output)")
            if version.contains("forest") {
                // A forest sure of Gentoo gives the other classes a raw score of zero.
                #expect(text.output.contains("raw score") && text.output.contains("  +0  ("), "\(text.output)")
            }
        }
    }

    /// A key that is no field, and a cover-less model whose declared data is not there.
    @Test func refusalsNameTheVersionAndWhatToDo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url.appendingPathComponent("row.json")
        // A key that is no field is refused as predict refuses it, naming the row.
        try Data(Self.row.replacingOccurrences(of: "\"capital-gain\"", with: "\"capital_gain\"").utf8).write(to: input)
        let typo = try run(
            Executables.modelpress, ["explain", "income_classifier/gradient_boosting@1.0.0", "--input", input.path],
            in: Executables.repositoryRoot)
        #expect(typo.status == 1)
        #expect(
            typo.errorOutput.contains(
                "row 1: capital_gain: is not a field of this endpoint (did you mean capital-gain?)"),
            "\(typo.errorOutput)")
        #expect(typo.errorOutput.contains("explained none of the 1 row with income_classifier/gradient_boosting@1.0.0"))
        // With --output, the file is left as it was, and the summary says so (as predict's does).
        let kept = folder.url.appendingPathComponent("kept.json")
        let untouched = try run(
            Executables.modelpress,
            ["explain", "income_classifier/gradient_boosting@1.0.0", "--input", input.path, "--output", kept.path],
            in: Executables.repositoryRoot)
        #expect(untouched.status == 1)
        #expect(untouched.errorOutput.contains("(above) (\(kept.path) not written)"), "\(untouched.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: kept.path))
        // Its result is still written, empty, as predict writes it (trial15: --json > out.json
        // left an empty file): JSON `[]`, CSV the header row; exit 1 all the same.
        let empty = try run(
            Executables.modelpress,
            ["explain", "income_classifier/gradient_boosting@1.0.0", "--input", input.path, "--json"],
            in: Executables.repositoryRoot)
        #expect(empty.status == 1)
        #expect((try JSONSerialization.jsonObject(with: empty.stdout) as? [Any])?.isEmpty == true, "\(empty.output)")
        let header = try run(
            Executables.modelpress,
            ["explain", "income_classifier/gradient_boosting@1.0.0", "--input", input.path, "--csv"],
            in: Executables.repositoryRoot)
        #expect(header.status == 1)
        #expect(
            header.output.hasPrefix("row,explanation_units,expected_value,raw_score,contribution_age,"),
            "\(header.output)")
        #expect(header.output.split(separator: "\n").count == 1)

        // A repository holding the version's artifact folder but not research/data.
        let artifacts = "research/artifacts/income_classifier/random_forest/1.0.0"
        let copy = folder.url.appendingPathComponent(artifacts)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for file in ["model.bin", "training.json"] {
            try FileManager.default.copyItem(
                at: Executables.repositoryRoot.appendingPathComponent(artifacts).appendingPathComponent(file),
                to: copy.appendingPathComponent(file))
        }
        // (Without a registry the schema is training.json's, where native-country may not be missing.)
        try Data(Self.row.replacingOccurrences(of: "null", with: "\"United-States\"").utf8).write(to: input)
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

    /// explain reads and checks its input as predict and a batch job do (trial14 A5): every bad
    /// row is reported as `row N: field: …` and the good rows are still explained, from CSV and
    /// JSON alike; the exit status is 1.
    @Test func badRowsAreReportedAndTheGoodOnesExplained() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let version = "penguin_species/random_forest@1.0.0"
        let csv = folder.url.appendingPathComponent("rows.csv")
        try Data(
            """
            island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex
            Biscoe,46.1,13.2,211,4500,female
            Dream,x,18.4,190,3700,male
            Mars,40,18,190,3700,male
            Dream,39,18.4,190,3700,male

            """.utf8
        ).write(to: csv)
        let json = folder.url.appendingPathComponent("rows.json")
        try Data(
            #"""
            [{"island": "Biscoe", "bill_length_mm": 46.1, "bill_depth_mm": 13.2, "flipper_length_mm": 211, "body_mass_g": 4500, "sex": "female"},
             {"island": "Dream", "bill_length_mm": "x", "bill_depth_mm": 18.4, "flipper_length_mm": 190, "body_mass_g": 3700, "sex": "male"},
             {"island": "Mars", "bill_length_mm": 40, "bill_depth_mm": 18, "flipper_length_mm": 190, "body_mass_g": 3700, "sex": "male"},
             {"island": "Dream", "bill_length_mm": 39, "bill_depth_mm": 18.4, "flipper_length_mm": 190, "body_mass_g": 3700, "sex": "male"}]
            """#.utf8
        ).write(to: json)
        for input in [csv, json] {
            let result = try run(
                Executables.modelpress, ["explain", version, "--input", input.path, "--csv"],
                in: Executables.repositoryRoot)
            #expect(result.status == 1, "\(result.errorOutput)")
            #expect(
                result.errorOutput.contains("row 2: bill_length_mm: must be a number, got 'x'"), "\(result.errorOutput)"
            )
            #expect(result.errorOutput.contains("row 3: island: unknown value 'Mars'"), "\(result.errorOutput)")
            #expect(result.errorOutput.contains("explained 2 of 4 rows with \(version); 2 rows not explained (above)"))
            // The good rows, by their numbers in the input.
            #expect(result.output.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } } == ["1", "4"])
        }
    }

    /// A JSON row that is no object or names a field twice is that row's problem, not the whole
    /// input's (trial15 #8), in an array and in JSON lines, from a file or standard input (which
    /// could not carry JSON lines); a key that is no field is left out, as a CSV column is
    /// (trial15 #9); a syntax error of the whole text still names its line and column.
    @Test func malformedJSONRowsAreReportedPerRowAndJSONLinesComeFromStandardInput() throws {
        let version = "penguin_species/random_forest@1.0.0"
        let good =
            #"{"island": "Biscoe", "bill_length_mm": 46.1, "bill_depth_mm": 13.2, "flipper_length_mm": 211, "#
            + #""body_mass_g": 4500, "sex": "female", "tag": "p-17"}"#
        let repeated = good.replacingOccurrences(of: #""sex": "female""#, with: #""sex": "female", "sex": "male""#)
        func explain(_ text: String) throws -> ProcessResult {
            try run(
                Executables.modelpress, ["explain", version, "--input", "-", "--csv"], input: Data(text.utf8),
                in: Executables.repositoryRoot)
        }
        for text in ["[\(good),\n[1, 2],\n\(repeated),\n\(good)]", "\(good)\n[1, 2]\n\(repeated)\n\(good)\n"] {
            let result = try explain(text)
            #expect(result.status == 1, "\(result.errorOutput)")
            let lines = text.hasPrefix("[") ? ["", ""] : ["line 2: ", "line 3: "]
            #expect(
                result.errorOutput.contains("row 2: \(lines[0])is not an object of field names and values"),
                "\(result.errorOutput)")
            #expect(
                result.errorOutput.contains(
                    #"row 3: \#(lines[1])"sex" appears twice in one object; send each field once"#),
                "\(result.errorOutput)")
            #expect(result.errorOutput.contains("explained 2 of 4 rows with \(version); 2 rows not explained (above)"))
            #expect(result.errorOutput.contains("left out: tag"), "\(result.errorOutput)")
            #expect(result.output.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } } == ["1", "4"])
        }
        let broken = try explain("[\(good),\n {\"island\": }]")
        #expect(broken.status == 1)
        #expect(broken.errorOutput.contains("line 2, column 13:"), "\(broken.errorOutput)")
        #expect(!broken.errorOutput.contains("explained"))
    }

    /// An empty input says so, for explain and predict alike (trial14 A6); a header alone keeps
    /// its own message; JSON given to predict says that predict reads CSV (trial14 B6).
    @Test func emptyInputAndJSONForPredict() throws {
        let version = "penguin_species/random_forest@1.0.0"
        for command in ["explain", "predict"] {
            for input in ["", "\n"] {
                let result = try run(
                    Executables.modelpress, [command, version, "--input", "-"], input: Data(input.utf8),
                    in: Executables.repositoryRoot)
                #expect(result.status == 1)
                #expect(
                    result.errorOutput.contains("error: -: the input is empty: it has no header and no rows; "),
                    "\(command): \(result.errorOutput)")
            }
        }
        // Arrays one after another: one array, or JSON lines (trial17 #17).
        let arrays = try run(
            Executables.modelpress, ["explain", version, "--input", "-"],
            input: Data("[{\"island\": \"Dream\"}]\n[{\"island\": \"Biscoe\"}]\n".utf8), in: Executables.repositoryRoot)
        #expect(arrays.status == 1)
        #expect(
            arrays.errorOutput.contains(
                "unexpected text after the JSON value; several JSON values one after another? Put the rows in one "
                    + "array, or write one object per line in a file named .jsonl (JSON lines)"),
            "\(arrays.errorOutput)")
        let header = "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\n"
        let explained = try run(
            Executables.modelpress, ["explain", version, "--input", "-"], input: Data(header.utf8),
            in: Executables.repositoryRoot)
        #expect(explained.errorOutput.contains("error: -: no rows to explain; add rows below the header row"))
        let predicted = try run(
            Executables.modelpress, ["predict", version, "--input", "-"], input: Data(header.utf8),
            in: Executables.repositoryRoot)
        #expect(
            predicted.errorOutput.contains(
                "error: -: the file has no rows to score below its header row; add the rows under it"))
        let json = try run(
            Executables.modelpress, ["predict", version, "--input", "-"], input: Data(#"[{"island": "Dream"}]"#.utf8),
            in: Executables.repositoryRoot)
        #expect(json.status == 1)
        #expect(
            json.errorOutput.contains(
                "error: -: the text is JSON, not CSV: modelpress predict reads CSV only: write the rows as CSV, a "
                    + "header row naming the fields first (`modelpress explain` reads JSON rows, from a file or -)"),
            "\(json.errorOutput)")
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
        // The text says the units and how the classes are combined, as --json's `units` and the
        // model card's caption do (trial17 #17: a multiclass model's text had neither).
        let text = try run(
            Executables.modelpress,
            ["explain", "penguin_species/gradient_boosting@1.0.0", "--test-sample", "20"],
            in: Executables.repositoryRoot)
        #expect(text.status == 0, "\(text.errorOutput)")
        let lines = text.output.split(separator: "\n")
        #expect(
            lines.dropFirst().first.map(String.init)
                == "  units: mean absolute TreeSHAP contribution to the raw score (score before the softmax), "
                + "summed over the classes", "\(text.output)")
    }
}
