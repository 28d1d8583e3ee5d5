import ArgumentParser
import Basics
import Evaluation
import Foundation
import Models
import Serving

extension ModelPress {
    struct Explain: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say why a version's model scored rows as it did: each field's SHAP contribution.",
            discussion: """
                Explains the rows of --input with exact TreeSHAP (Lundberg et al. 2018, \
                path-dependent: the expectation over the training rows as the per-node cover \
                records them), as LightGBM's `predict(pred_contrib=True)`, XGBoost's \
                `pred_contribs` and the shap package's TreeExplainer do: per row and output, \
                the expected value (what the model scores before it knows any field) plus every \
                field's contribution add up to the raw score. Raw scores are the model's own \
                before its output function, named as predict.cgi's `explanation` names them: for \
                gradient boosting the log-odds of the positive class (log_odds, binary) or each \
                class's score before the softmax (softmax_score, multiclass), for forests the \
                mean of the leaves (probability: the positive class's, or each class's); for \
                regression the value (value). --test-sample's mean |SHAP| of a multiclass model \
                sums each field's |contribution| over the classes.

                --input is read and checked as `predict` reads and checks its file, and as a \
                batch job reads its rows: a CSV file with a header row naming the fields (`,`, \
                `;` or tab between cells; empty, ? or the version's missing markers are \
                missing; other columns are left out), or JSON — a file named .json or \
                beginning with { or [: one object keyed by field name, or an array of them; \
                .jsonl or .ndjson, or objects one after another (from - too): one object per \
                line; null, "" or a field left out is missing, and a key that is no field is \
                left out as a column is (one that looks like a misspelt field is refused). \
                Only the fields the schema marks nullable may be missing, as in \
                predict.cgi. A row that cannot be explained is reported on standard error as \
                `row N: field: what is wrong` (row 1 is the first row after the header, or the \
                first object), also an element or line that is no object or names a field \
                twice; the other rows are still explained, and the exit status is 1 (a JSON \
                syntax error of the whole text is refused naming its line and column). \
                A category the endpoint accepts but this version never saw is explained as the \
                missing value it is scored as, and the text says so, as it does for a missing \
                value of a field the version's training rows never missed.

                The text output lists, per row and output, the fields sorted by the size of \
                their contribution, with the expected value and the raw score (multiclass: the \
                predicted class's block first); --json writes an array of {"row", "predicted", \
                "outputs": [{"output", "units", "expected_value", "raw_score", "contributions": \
                {field: value}}]}, where "predicted" is {"label", "probability"} (classification) \
                or {"value"} (regression), as predict --json names them, and the outputs keep the \
                model's class order, as the CSV's columns do: find the predicted class's by its \
                "output"; --csv writes the columns a \
                batch job's `?explain=true` result adds, after `row`: `explanation_units`, then \
                `expected_value`, `raw_score` and one `contribution_<field>` per field \
                (multiclass: per class `expected_value_<class>`, `raw_score_<class>`, \
                `contribution_<class>_<field>`). Rows that cannot be explained are left out, so \
                join the result to the input by `row` (a row's number in the input), never by \
                position; with none explained, --json writes [] and --csv the header row. A \
                category with surrounding spaces is shown quoted ('basic ').

                --test-sample N explains a seeded sample of N of the version's test rows (read \
                again from the data its training.json declares) and prints each field's mean \
                |SHAP| — what `evaluate` stores in evaluation.json and the model card shows \
                next to the feature importances (200 rows there).

                A model file that records no per-node cover (a modelpress-trees/2 file, as the \
                first income_classifier versions are, or an ONNX import) is explained with the \
                cover counted again from the training rows its training.json declares; without \
                them it is refused, saying which file is missing.

                Examples:
                  modelpress explain income_classifier/gradient_boosting@1.0.0 --input row.json
                  modelpress explain penguin_species/random_forest@1.0.0 --input new.csv --csv --output shap.csv
                  modelpress explain income_classifier/random_forest@1.0.0 --test-sample 200
                """
        )

        @Argument(help: "The version, as endpoint/model@version.", transform: VersionID.argument)
        var reference: VersionID

        @Option(
            help: ArgumentHelp(
                "The rows to explain: a CSV file with a header row, or JSON (.json, or text beginning with { or [: "
                    + "an object or an array of objects; .jsonl, or objects one after another: one object per line); "
                    + "`-` reads standard input."))
        var input: String?

        @Option(help: "Explain N seeded rows of the version's test data and print each field's mean |SHAP|.")
        var testSample: Int?

        @Flag(help: "Write JSON instead of text.")
        var json = false

        @Flag(help: "Write CSV, one line per row, instead of text.")
        var csv = false

        @Option(help: "Where to write the result (default: standard output).")
        var output: String?

        @OptionGroup var options: RegistryOptions

        func validate() throws {
            guard (input == nil) != (testSample == nil) else {
                throw ValidationError("give either --input FILE (rows to explain) or --test-sample N")
            }
            if let testSample, testSample < 1 { throw ValidationError("--test-sample must be at least 1") }
            if json && csv { throw ValidationError("give --json or --csv, not both") }
        }

        func run() throws {
            try OutputFile.checkNotInput(output, input: input)
            let rootPath = try options.rootPath
            let root = URL(fileURLWithPath: rootPath)
            let folder = root.appendingPathComponent(RepositoryLayout.artifactFolder(of: reference))
            let path = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure(RepositoryRoot.missingArtifactMessage(reference, at: path, root: rootPath))
            }
            let model = try TreeModel(path: path)
            let read = VersionSchema(reference, folder: folder, model: model, options: options)
            let (schema, trainingProfile) = (read.schema, read.trainingProfile)
            // The input first: a typo in it should not wait for a cover to be counted.
            let checked = try input.map { try readRows(schema: schema, modelPath: path, path: $0) }
            var rows: [ExplanationOutput.Row] = []
            var problems = checked?.problems ?? []
            // Rows none of which can be explained need no explainer (nor its cover counted); their
            // result is still written, empty, as predict's is.
            if checked?.valid.isEmpty != true {
                let explainer = try TreeExplainer.forVersion(model, folder: folder, root: root, name: "\(reference)")
                if explainer.coverWasGiven {
                    printError(
                        "note: \(reference)'s model file records no per-node cover: it was counted again from the "
                            + "training rows its training.json declares")
                }
                guard let checked else {
                    try write(try summary(explainer, folder: folder, root: root, rows: testSample ?? 0))
                    return
                }
                for (row, values) in checked.valid {
                    do {
                        let explanation = try explainer.explain(values: values)
                        let inOrder = schema.fields.map { values[$0.name] ?? .missing }
                        rows.append(
                            ExplanationOutput.Row(
                                number: row.number, values: values,
                                explanation: ServedExplanation(explanation, explainer: explainer, schema: schema),
                                notes: ScoringNotes.notes(
                                    inOrder, schema: schema, model: model, trainingProfile: trainingProfile)))
                    } catch {
                        problems.append(ServingError.FieldProblem(field: "row \(row.number)", message: "\(error)"))
                    }
                }
            }
            guard let checked else { return }  // (the summary, written above)
            let result = ExplanationOutput(model: model, schema: schema, rows: rows)
            // A result without a single explained row would only replace what the file held.
            let writesFile = !rows.isEmpty
            if writesFile || output == nil {
                try write(json ? result.json() : csv ? result.csv() : result.text(version: "\(reference)"))
            }
            problems.sort { $0.rowNumber < $1.rowNumber }
            for problem in problems { printError("\(problem.field): \(problem.message)") }
            if let note = Predict.nullableNote(problems, version: reference) { printError(note) }
            let all = checked.valid.count + checked.invalidRows
            let bad = all - rows.count
            // As predict says it: where the result went, or that the file was left as it was.
            let destination = output.map { writesFile ? " into \($0)" : " (\($0) not written)" } ?? ""
            printError(
                rows.isEmpty
                    ? "explained none of the \(counted(all, "row")) with \(reference) (above)\(destination)"
                    : "explained \(groupedDigits(rows.count)) of \(counted(all, "row")) with \(reference)\(destination)"
                        + (bad > 0 ? "; \(counted(bad, "row")) not explained (above)" : ""))
            if bad > 0 { throw ResultWritten(status: .failure) }
        }

        /// `text` to --output (`OutputFile`), else standard output.
        /// - Throws: `CommandFailure` naming --output's file when it is a folder or cannot be written.
        private func write(_ text: String) throws {
            if let output {
                try OutputFile.write(text, to: output)
            } else {
                try OutputFile.writeStandardOutput(text)
            }
        }

        /// Mean |SHAP| per field over a seeded sample of the test rows, as evaluation.json stores it.
        private func summary(_ explainer: TreeExplainer, folder: URL, root: URL, rows: Int) throws -> String {
            let record = try TrainingRecord.decode(
                Data(contentsOf: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)))
            let test = try record.testDataset(root: root)
            let shap = MeanAbsoluteSHAP.compute(explainer, test: test, seed: record.seed, limit: rows)
            if json { return shap.jsonText() }
            let sorted = shap.features.sorted { ($0.mean, $1.feature) > ($1.mean, $0.feature) }
            let width = max(5, sorted.map(\.feature.count).max() ?? 0)
            var text = "\(reference): mean |SHAP| over \(shap.rows) of \(test.rowCount) test rows (seed \(shap.seed))"
            text += explainer.coverWasGiven ? ", cover counted from the training rows\n" : "\n"
            // The units --json gives as `units` (trial17 #17: the text had none).
            text += "  units: \(shap.measured(perClassSummed: test.schema.task == .multiclass))\n"
            if csv {
                text = "feature,mean_abs_shap\n"
                for item in sorted { text += "\(CSVTable.escape(item.feature)),\(item.mean)\n" }
                return text
            }
            for item in sorted {
                text +=
                    "  " + item.feature.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + significant(item.mean, digits: 4) + "\n"
            }
            return text
        }

        /// The rows of the --input file, read as a batch job reads its rows (`JobInput`) and
        /// checked as `predict` checks them (`InputValidator`).
        /// - Throws: `CommandFailure` naming the file when it cannot be read, is empty, is not
        ///   CSV or JSON, or its CSV header lacks a field.
        private func readRows(schema: Schema, modelPath: String, path: String) throws -> JobInput.Checked {
            let bytes = try InputFile.read(path)
            let input: JobInput
            do {
                input = try JobInput(
                    bytes: bytes, format: .ofFile(named: path, bytes: bytes), schema: schema,
                    reading: VersionCSVReading.ofModel(at: modelPath), maxRows: .max, reserved: [], oneObject: true,
                    noRows: "no rows to explain; add rows below the header row (or objects to the JSON array)")
            } catch {
                throw CommandFailure("\(path): \(error.description)")
            }
            if !input.extraColumns.isEmpty {
                printError(
                    "note: \(path): not fields of \(reference.endpoint), left out: "
                        + input.extraColumns.joined(separator: ", "))
            }
            return input.validated(by: InputValidator(schema: schema, reservedKeys: []))
        }
    }
}
