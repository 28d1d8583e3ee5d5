import ArgumentParser
import Basics
import Evaluation
import Foundation
import Models

extension ModelPress {
    struct Diff: JSONOutputCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the metric changes between two evaluated model versions.",
            discussion: """
                A and B are model versions (endpoint/model@version), whose reports are read \
                from research/artifacts/<endpoint>/<model>/<version>/evaluation.json, or paths \
                to evaluation report files. The change is B − A, like `dvc metrics diff`. Two \
                versions whose test rows differ (other test files, by SHA-256: the same bytes \
                at another path are the same rows; or rows held out with another seed: \
                training.json's split) get a warning line first, and in --json \
                `test_rows_comparable` false with `test_rows_warning`, which is never null then. \
                For other test files the warning gives the command that makes the two comparable: \
                `modelpress evaluate A --on B` scores A on B's test rows and compares.
                """
        )

        enum Format: String, EnumerableFlag {
            case table, json, md

            static func help(for value: Format) -> ArgumentHelp? {
                switch value {
                case .table: "Print an aligned table."
                case .json: "Print JSON: values and changes at full precision."
                case .md: "Print a Markdown table."
                }
            }
        }

        @Argument(help: "The baseline: endpoint/model@version or a report file.")
        var a: String

        @Argument(help: "The version compared with it: endpoint/model@version or a report file.")
        var b: String

        @Flag(exclusivity: .exclusive)
        var format: Format = .table

        @Option(help: "Decimal places in the table and Markdown output.")
        var precision: Int = 4

        @Option(help: "The repository root (default: the folder holding research/, from here upwards).")
        var root: String?

        var json: Bool { format == .json }

        func validate() throws {
            guard (0...17).contains(precision) else { throw ValidationError("--precision must be between 0 and 17.") }
        }

        func run() throws {
            // An EvaluationError prints as its one-sentence description, without the usage.
            // Two report files need no repository; a version's report is found in the repository,
            // and outside one the error says so (trial16 #5: it named a research/ path here).
            let refA = try ReportReference(a, repositoryRoot: URL(fileURLWithPath: try RepositoryRoot.resolve(root)))
            let refB = try ReportReference(b, repositoryRoot: URL(fileURLWithPath: try RepositoryRoot.resolve(root)))
            // A version the registry lacks is named as such, with a "did you mean" (trial20 #8:
            // `churn/Random_Forest@1.0.0` was to be evaluated), when it has no report either.
            func load(_ reference: ReportReference) throws -> EvaluationReport {
                do {
                    return try reference.load()
                } catch let error as EvaluationError {
                    guard let id = reference.model,
                        let unknown = RepositoryRoot.unregisteredMessage(
                            id, root: try RepositoryRoot.resolve(root), lacking: "no report")
                    else { throw error }
                    throw CommandFailure(unknown)
                }
            }
            // A test file and its copy with other line ends hold the same rows (trial21 #9).
            let texts = DataText(root: URL(fileURLWithPath: try RepositoryRoot.resolve(root)))
            var diff = MetricsDiff(
                try load(refA), try load(refB), labelA: refA.label, labelB: refB.label, texts: texts)
            // Two versions' training records say whether their test rows are the same (trial19 #3).
            if let idA = refA.model, let idB = refB.model {
                let base = URL(fileURLWithPath: try RepositoryRoot.resolve(root))
                func record(_ id: VersionID) -> TrainingRecord? {
                    let url = base.appendingPathComponent(RepositoryLayout.artifact(.trainingRecord, of: id))
                    return FileManager.default.contents(atPath: url.path).flatMap { try? TrainingRecord.decode($0) }
                }
                if let recordA = record(idA), let recordB = record(idB) {
                    // Other files (a data update): A scored on B's rows is comparable (trial24 #5).
                    let advice =
                        recordA.testFileDiffers(from: recordB, texts: texts)
                        ? "; to compare them on the same rows, score \(idA) on \(idB)'s test rows: "
                            + "`modelpress evaluate \(idA) --on \(idB)`" : ""
                    diff.testRows(differ: recordA.testRowsDiffer(from: recordB, texts: texts).map { $0 + advice })
                }
            }
            switch format {
            case .table: print(diff.table(precision: precision), terminator: "")
            case .md: print(diff.markdown(precision: precision), terminator: "")
            case .json: print(String(decoding: try diff.jsonData(), as: UTF8.self), terminator: "")
            }
        }
    }
}
