import ArgumentParser
import Basics
import Foundation
import Models
import Registry
import Serving

extension ModelPress {
    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a CSV file with a version's model, without a server.",
            discussion: """
                Reads research/artifacts/<endpoint>/<model>/<version>/model.bin and the rows of \
                --input (a CSV file whose header names the endpoint's fields, in any order), \
                checks each row as a batch job does (against the registered endpoint's schema, \
                else the model's own; any field may be missing: empty or ?), and writes the valid \
                rows with their prediction, as MLflow's `models predict` does: the input columns, \
                then `label` and `probability` (binary), plus one `probability_<class>` column \
                per class (multiclass), or `prediction` (regression). --json writes a JSON array \
                of {"row", "input", ...} objects instead. Nothing is logged.

                Each invalid row is reported on standard error as `row N: field: what is wrong` \
                (row 1 is the first row after the header); the valid rows are still scored, and \
                the exit status is 1 when any row was invalid.

                Examples:
                  modelpress predict income_classifier/random_forest@1.0.0 --input rows.csv
                  modelpress predict penguin_species/random_forest@1.0.0 --input new.csv --output scored.csv
                  modelpress predict penguin_mass/gradient_boosting@1.0.0 --input new.csv --json
                """
        )

        @Argument(help: "The version, as endpoint/model@version.", transform: VersionID.argument)
        var reference: VersionID

        @Option(help: "The CSV file to score (a header row naming the fields).")
        var input: String

        @Option(help: "Where to write the result (default: standard output).")
        var output: String?

        @Flag(help: "Write a JSON array instead of CSV.")
        var json = false

        @OptionGroup var options: RegistryOptions

        func run() throws {
            let rootURL = URL(fileURLWithPath: options.rootPath)
            let path = rootURL.appendingPathComponent(RepositoryLayout.artifactFolder(of: reference))
                .appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue).path
            guard FileManager.default.fileExists(atPath: path) else {
                printError(
                    "error: " + RepositoryRoot.missingArtifactMessage(reference, at: path, root: options.rootPath))
                throw ExitCode.failure
            }
            let model = try TreeModel(path: path)
            let registered = (try? options.store.load())?.endpoints[reference.endpoint]?.definition.schema
            guard let bytes = FileManager.default.contents(atPath: input) else {
                printError("error: cannot read the input file \(input)")
                throw ExitCode.failure
            }
            let outcome: FileScoring.Outcome
            do {
                outcome = try FileScoring(schema: registered ?? model.schema, model: model).score(
                    csv: Array(bytes), json: json)
            } catch {
                printError("error: \(input): \(error.description)")
                throw ExitCode.failure
            }
            if let output {
                try Data(outcome.text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(Data(outcome.text.utf8))
            }
            for problem in outcome.problems { printError("\(problem.field): \(problem.message)") }
            let bad = outcome.rows - outcome.scored
            printError(
                "scored \(outcome.scored) of \(outcome.rows) rows with \(reference)"
                    + (bad > 0 ? "; \(bad) invalid rows left out" : "") + (output.map { " into \($0)" } ?? ""))
            if bad > 0 { throw ExitCode.failure }
        }
    }
}
