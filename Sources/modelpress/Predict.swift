import ArgumentParser
import Basics
import Foundation
import Models
import Registry
import Serving

extension ModelPress {
    struct Predict: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a CSV file with a version's model, without a server.",
            discussion: """
                Reads research/artifacts/<endpoint>/<model>/<version>/model.bin and the rows of \
                --input (a CSV file whose header names the endpoint's fields, in any order; `,`, \
                `;` or tab between cells, detected as for training data unless --separator says), \
                checks each row as a batch job does (against the registered endpoint's schema, \
                else the one the version's training.json records; a missing value is empty, ?, or one of the missing \
                markers the version was trained with; only the fields the schema marks nullable \
                may be missing, as in predict.cgi), and writes the scored rows with their \
                prediction, as MLflow's `models predict` does: `row` (the row's number in the \
                input), the fields, the input's other columns (an id, the label of a hold-out \
                file, notes: passed through, in the input's order), then `label` and \
                `probability` (binary), plus one `probability_<class>` column per class \
                (multiclass), or `prediction` (regression); an input column named like one of \
                those (a hold-out file's `label`) is written as `input_label`, with a note. \
                Numbers are read with the decimal mark the version's training data declared \
                (`decimal = ","` reads 41,4), unless --decimal says otherwise. `probability` is the predicted \
                label's probability, not the positive class's: for a binary task P(positive) is \
                1 − probability where the label is the negative class. A batch job's result starts with the same \
                columns. --json writes a JSON array of {"row", "input", "extra", ..., "notes"} \
                objects instead, `notes` as a batch job's JSON result has them (below). Nothing \
                is logged.

                Rows that cannot be scored are left out of the result: join it to the input by \
                `row`, never by position. An --output that is the --input file (also by another \
                path or a symbolic link, or the file `--input -` reads from a shell's <) is refused before anything is written. A row that cannot be scored is reported \
                on standard error as `row N: field: what is wrong` (row 1 is the first row after \
                the header; a row with the wrong number of cells or no value at all as \
                `row N: has … (line L)`), and the other rows are still scored; the exit status is 1 \
                when any row was not scored, 0 otherwise. Values outside the range a numeric \
                field had in training are scored as the nearest end of that range (the largest \
                or the smallest value training saw), and counted per field, below and above \
                apart, in a note on standard error; so are categories the endpoint accepts \
                (another version was trained on them) that this version never saw, and the \
                rare categories of a field of more than 254 that this version does not keep \
                (it keeps the 254 most frequent), which it scores as missing values, and the \
                rows missing a field this version's training rows never missed (the endpoint lets \
                it be missing for another version's sake). With \
                --json each such row also carries `notes`, one \
                sentence per value, worded as predict.cgi's answer words them ("… it was scored \
                as the largest (198)"). A category matches when it \
                is sent exactly, or when, without surrounding spaces and with line breaks as LF, \
                it is exactly one category compared the same way (README, "Categories").

                Examples:
                  modelpress predict income_classifier/random_forest@1.0.0 --input rows.csv
                  modelpress predict penguin_species/random_forest@1.0.0 --input new.csv --output scored.csv
                  modelpress predict penguin_mass/gradient_boosting@1.0.0 --input new.csv --json
                  modelpress predict penguin_species/random_forest@1.0.0 --input rows.tsv --separator tab
                """
        )

        @Argument(help: "The version, as endpoint/model@version.", transform: VersionID.argument)
        var reference: VersionID

        @Option(help: "The CSV file to score (a header row naming the fields); `-` reads standard input.")
        var input: String

        @Option(help: "Where to write the result (default: standard output).")
        var output: String?

        @Flag(help: "Write a JSON array instead of CSV.")
        var json = false

        @Option(help: "The separator: ',', ';' or 'tab' (default: detected).")
        var separator: String?

        @Option(
            help:
                "The decimal mark of the input's numbers: '.' or ',' (default: the one the version's training data used)."
        )
        var decimal: String?

        @OptionGroup var options: RegistryOptions

        func validate() throws {
            if let separator, DataCommand.separator(separator) == nil {
                throw ValidationError("--separator must be ',', ';' or 'tab'")
            }
            try DataCommand.validate(decimal: decimal)
        }

        func run() throws {
            try OutputFile.checkNotInput(output, input: input)
            let rootPath = try options.rootPath
            let rootURL = URL(fileURLWithPath: rootPath)
            let folder = rootURL.appendingPathComponent(RepositoryLayout.artifactFolder(of: reference))
            let path = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure(RepositoryRoot.missingArtifactMessage(reference, at: path, root: rootPath))
            }
            let model = try TreeModel(path: path)
            let bytes = try InputFile.read(input)
            let reading = VersionCSVReading.ofModel(at: path)
            let read = VersionSchema(reference, folder: folder, model: model, options: options)
            let scoring = FileScoring(
                schema: read.schema, model: model,
                missingMarkers: reading.missingMarkers, separator: separator.flatMap(DataCommand.separator)?.utf8.first,
                decimalComma: decimal.map { $0 == "," } ?? reading.decimalComma,
                jsonHint: "modelpress predict reads CSV only: write the rows as CSV, a header row naming the fields "
                    + "first (`modelpress explain` reads JSON rows, from a file or -)", version: "\(reference)",
                trainingProfile: read.trainingProfile)
            let outcome: FileScoring.Outcome
            do {
                outcome = try scoring.score(csv: Array(bytes), json: json)
            } catch {
                throw CommandFailure("\(input): \(error.description)")
            }
            // A result without a single scored row would only replace what the file held.
            let writesFile = outcome.scored > 0 || outcome.rows == 0
            if let output, writesFile {
                try OutputFile.write(outcome.text, to: output)
            } else if output == nil {
                try OutputFile.writeStandardOutput(outcome.text)
            }
            if !outcome.extraColumns.isEmpty {
                let names = outcome.extraColumns.map(CategoryName.cited).joined(separator: ", ")
                printError(
                    "note: \(input): not fields of \(reference.endpoint), passed through to the result unscored: \(names)"
                )
            }
            if !outcome.renamedColumns.isEmpty {
                let names = outcome.renamedColumns.map {
                    "\(CategoryName.cited($0.column)) as \(CategoryName.cited($0.writtenAs))"
                }
                printError(
                    "note: \(input): input columns written under another name, since the result has columns of "
                        + "theirs: \(names.joined(separator: ", "))")
            }
            for problem in outcome.problems { printError("\(problem.field): \(problem.message)") }
            if let note = Self.nullableNote(outcome.problems, version: reference) { printError(note) }
            if let marks = outcome.numberMarks, !outcome.problems.isEmpty {
                let read = scoring.decimalComma ? nil : { (_: String) in "read them with --decimal ," }
                printError("note: \(input): " + marks.advice(readDecimalComma: read))
            }
            // One line per field: a field's text has `;` of its own (below; above).
            for outside in outcome.outsideTrainingRange { printError("note: \(outside.text)") }
            for missing in outcome.missingNeverInTraining {
                printError("note: \(missing.text(version: reference.description))")
            }
            func counts(_ found: [FileScoring.UnseenCategories]) -> String {
                found.map {
                    "\($0.field): \(counted($0.count, "value")) (\(ShortList.text($0.values.map(CategoryName.quoted))))"
                }.joined(separator: ", ")
            }
            let unseen = outcome.unseenCategories.filter { $0.notKept == nil }
            if !unseen.isEmpty {
                printError(
                    "note: scored categories that \(reference) was not trained on: \(counts(unseen)); "
                        + "the endpoint accepts them (another version was trained on them) and this version "
                        + "scores them as missing values")
            }
            for found in outcome.unseenCategories {
                guard let notKept = found.notKept else { continue }
                let which = ScoringNotes.notKept(kept: notKept.kept, left: notKept.left, version: reference.description)
                printError(
                    "note: \(counts([found])) \(found.values.count == 1 ? "is one of" : "are among") the \(which); "
                        + "scored as missing values")
            }
            let bad = outcome.rows - outcome.scored
            printError(
                "scored \(outcome.scored) of \(outcome.rows) rows with \(reference)"
                    + (output.map { writesFile ? " into \($0)" : " (\($0) not written)" } ?? "")
                    + (bad > 0 ? "; \(counted(bad, "row")) not scored (above)" : ""))
            if bad > 0 { throw ResultWritten(status: .failure) }
        }

        /// What the owner of `version` can do about rows refused for a missing value of a field
        /// its schema does not let be missing (trial28 #7: the refusal alone did not say), and
        /// what declaring it nullable does and does not do (trial29 #4); nil when no problem is one.
        static func nullableNote(_ problems: [ServingError.FieldProblem], version: VersionID) -> String? {
            var fields: [String] = []
            for problem in problems where InputValidator.refusesMissing(problem) && !fields.contains(problem.fieldName)
            {
                fields.append(problem.fieldName)
            }
            guard !fields.isEmpty else { return nil }
            let one = fields.count == 1
            return "note: \(version)'s schema does not let \(ShortList.text(fields.map(CategoryName.cited))) be "
                + "missing; for rows missing \(one ? "it" : "them") to be scored, list "
                + "\(one ? "it" : "them") in the pipeline's [data] nullable = [...] and train a new "
                + "version. Its trees learn where a missing value goes only from training rows that miss "
                + "\(one ? "it" : "them"): without such rows the version is the same, and a missing value is sent "
                + "down each split's default side (every answer then says so)"
        }
    }
}
