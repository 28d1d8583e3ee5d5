import ArgumentParser
import Basics
import Evaluation
import Foundation
import Models
import Serving

extension ModelPress {
    struct Explain: ParsableCommand {
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

                --input is a JSON file (one object keyed by field name, or an array of them; \
                null or "" is missing) or a CSV file with a header row naming the fields (`,`, \
                `;` or tab between cells; empty, ? or the version's missing markers are \
                missing). A field left out is explained as missing; a key that is no field is \
                an error. The text output lists, per row and output, the fields sorted by the \
                size of their contribution, with the expected value and the raw score; --json \
                writes an array of {"row", "outputs": [{"output", "expected_value", \
                "raw_score", "contributions": {field: value}}]}; --csv writes one line per row: \
                `row`, then per output `expected_value`, one `contribution_<field>` per field \
                and `raw_score` (multiclass: `expected_value_<class>`, \
                `contribution_<class>_<field>`, `raw_score_<class>`).

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
                "The rows to explain: a .json file (an object or an array of objects) or a CSV file; `-` reads "
                    + "standard input."))
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
            let root = URL(fileURLWithPath: options.rootPath)
            let folder = root.appendingPathComponent(RepositoryLayout.artifactFolder(of: reference))
            let path = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure(RepositoryRoot.missingArtifactMessage(reference, at: path, root: options.rootPath))
            }
            let model = try TreeModel(path: path)
            // The input first: a typo in it should not wait for a cover to be counted.
            let rows = try input.map { try readRows(model: model, modelPath: path, path: $0) } ?? []
            let explainer = try TreeExplainer.forVersion(model, folder: folder, root: root, name: "\(reference)")
            if explainer.coverWasGiven {
                printError(
                    "note: \(reference)'s model file records no per-node cover: it was counted again from the "
                        + "training rows its training.json declares")
            }
            let text: String
            if let testSample {
                text = try summary(explainer, folder: folder, root: root, rows: testSample)
            } else {
                let explanations = try rows.enumerated().map { index, row in
                    do {
                        return try explainer.explain(row)
                    } catch {
                        throw CommandFailure("\(input ?? "--input"): row \(index + 1): \(error); nothing was explained")
                    }
                }
                let result = ExplanationOutput(explainer: explainer, rows: rows, explanations: explanations)
                text = json ? result.json() : csv ? result.csv() : result.text(version: "\(reference)")
                printError("explained \(counted(rows.count, "row")) with \(reference)")
            }
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
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

        /// The rows of the --input file as text keyed by field name, a missing value as "".
        private func readRows(model: TreeModel, modelPath: String, path: String) throws -> [[String: String]] {
            let bytes = Data(try InputFile.read(path))
            let fields = Set(model.schema.fields.map(\.name))
            let first = bytes.first { ![UInt8(ascii: " "), 9, 10, 13].contains($0) }
            let rows: [[String: String]]
            if path.hasSuffix(".json") || first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                rows = try jsonRows(bytes, path: path)
            } else {
                rows = try csvRows(
                    bytes, path: path, fields: fields, missing: VersionCSVReading.ofModel(at: modelPath).missingMarkers)
            }
            guard !rows.isEmpty else { throw CommandFailure("\(path): no rows to explain") }
            for (index, row) in rows.enumerated() {
                if let unknown = row.keys.sorted().first(where: { !fields.contains($0) }) {
                    throw CommandFailure(
                        "\(path): row \(index + 1): '\(unknown)' is not a field of \(reference) (its fields: "
                            + model.schema.fields.map(\.name).joined(separator: ", ") + ")")
                }
            }
            let absent = model.schema.fields.map(\.name).filter { name in rows.contains { $0[name] == nil } }
            if !absent.isEmpty {
                printError(
                    "note: \(path): not given in every row, explained as missing: \(absent.joined(separator: ", "))")
            }
            return rows
        }

        private func jsonRows(_ bytes: Data, path: String) throws -> [[String: String]] {
            let parsed: Any
            do {
                parsed = try JSONSerialization.jsonObject(with: bytes)
            } catch {
                throw CommandFailure("\(path) is not JSON: \((error as NSError).localizedDescription)")
            }
            let objects: [[String: Any]]
            if let one = parsed as? [String: Any] {
                objects = [one]
            } else if let many = parsed as? [[String: Any]] {
                objects = many
            } else {
                throw CommandFailure("\(path): give one JSON object keyed by field name, or an array of them")
            }
            return try objects.enumerated().map { index, object in
                try object.mapValues { value -> String in
                    switch value {
                    case is NSNull: return ""
                    case let text as String: return text
                    // A JSON true or false is an NSNumber of type `c`: not a value of a field.
                    case let number as NSNumber where String(cString: number.objCType) != "c":
                        return numberText(number.doubleValue)
                    default:
                        throw CommandFailure(
                            "\(path): row \(index + 1): give each field a string, a number or null, not \(value)")
                    }
                }
            }
        }

        /// The CSV file's rows; columns that are no field (an id, a label) are left out, with a note.
        private func csvRows(
            _ bytes: Data, path: String, fields: Set<String>, missing: [String]
        ) throws -> [[String: String]] {
            let dialect = CSVTable.Dialect(
                separator: nil, trimsSpaces: true, commentPrefix: nil, missingMarkers: ["", "?"] + missing)
            let table: CSVTable
            do {
                table = try CSVTable(parsing: [UInt8](bytes), dialect: dialect)
            } catch {
                throw CommandFailure("\(path): \(error.description)")
            }
            let records = table.records
            guard let header = records.first?.fields else { return [] }
            let others = header.filter { !fields.contains($0) }
            if !others.isEmpty {
                printError(
                    "note: \(path): not fields of \(reference.endpoint), left out: \(others.joined(separator: ", "))")
            }
            return try records.dropFirst().map { record in
                guard record.fields.count == header.count else {
                    throw CommandFailure(
                        "\(path): line \(record.line): \(record.fields.count) cells, but the header names "
                            + "\(header.count) columns")
                }
                var row: [String: String] = [:]
                for (name, cell) in zip(header, record.fields) where fields.contains(name) {
                    row[name] = table.isMissing(cell) ? "" : cell
                }
                return row
            }
        }
    }
}
