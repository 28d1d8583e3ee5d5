import ArgumentParser
import Basics
import Evaluation
import Foundation
import Registry

extension ModelPress {
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a trained version on its held-out test data.",
            discussion: """
                Scores research/artifacts/<endpoint>/<model>/<version>/model.bin on the test file \
                its training.json names (checked against its SHA-256), and writes evaluation.json \
                beside it, with 95% intervals (Wilson for rates, a seeded bootstrap for the \
                rest): for a binary task the confusion matrix at --threshold, threshold metrics, \
                ROC AUC, average precision, log loss and Brier score, curves, calibration and \
                score histograms; for a multiclass task accuracy, balanced accuracy, macro and weighted F1, macro ROC AUC, log \
                loss, per-class precision, recall and F1, the confusion matrix and top-label \
                calibration; for a regression MAE, RMSE, R², MAPE, median absolute error and the \
                residuals. Beside each metric, what a constant learned from the training rows \
                scores on the same rows (scikit-learn's dummy estimators: the class shares and \
                majority class, or the mean for RMSE and R² and the median for MAE), with a \
                warning when the version does not beat it. Then metrics per slice that the pipeline's [evaluation] table \
                declares (none when it declares none), the model's own and permutation \
                feature importances, and mean |SHAP| per field over 200 seeded test rows \
                (TreeSHAP, as `modelpress explain --test-sample 200` prints it; for a model file \
                without per-node cover, the cover is counted from the declared training rows). \
                The file is byte-identical when run again. Each step is named on standard error \
                as it starts; permutation importance and mean |SHAP| also say how many of their \
                features or rows are done once they have run a second, at most every two seconds.

                Examples:
                  modelpress evaluate income_classifier/random_forest@1.0.0
                  modelpress evaluate income_classifier/gradient_boosting@1.0.0 --resamples 2000
                """
        )

        @Argument(help: "The version, as endpoint/model@version.", transform: VersionID.argument)
        var reference: VersionID

        @Option(help: "The repository root (default: the folder holding research/, from here upwards).")
        var root: String?

        @Option(help: "Bootstrap resamples for the confidence intervals.")
        var resamples: Int = 1000

        @Option(help: "Shuffles per feature for permutation importance (0 skips it).")
        var permutationRepeats: Int = 3

        @Option(help: "Binary tasks: the probability at or above which a row is predicted positive.")
        var threshold: Double = 0.5

        func validate() throws {
            guard resamples >= 0, permutationRepeats >= 0 else {
                throw ValidationError("--resamples and --permutation-repeats must not be negative")
            }
            guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1") }
        }

        func run() throws {
            let ref = reference
            let rootPath = try RepositoryRoot.resolve(root)
            let rootURL = URL(fileURLWithPath: rootPath)
            let folder = rootURL.appendingPathComponent(RepositoryLayout.artifactFolder(of: ref))
            let model = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue)
            guard FileManager.default.fileExists(atPath: model.path) else {
                throw CommandFailure(RepositoryRoot.missingArtifactMessage(ref, at: model.path, root: rootPath))
            }
            let started = Date()
            var options = EvaluationOptions(threshold: threshold)
            options.bootstrap.resamples = resamples
            let report = try VersionEvaluation.evaluate(
                folder: folder, root: rootURL, options: options, permutationRepeats: permutationRepeats
            ) { printError("[\(ref)] \($0)") }
            let output = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.evaluationReport.rawValue)
            try report.write(to: output)
            print(report.summary())
            print("wrote \(output.path) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        }
    }
}
