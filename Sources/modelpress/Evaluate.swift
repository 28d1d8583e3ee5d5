import ArgumentParser
import Basics
import Evaluation
import Foundation
import Models
import Registry
import Serving

extension ModelPress {
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a trained version on its held-out test data.",
            discussion: """
                Scores research/artifacts/<endpoint>/<model>/<version>/model.bin on the test file \
                its training.json names (checked against its SHA-256), and writes evaluation.json \
                beside it, with 95% intervals (Wilson for rates, a seeded bootstrap for the \
                rest, which draws each class's row of the confusion matrix from its Jeffreys \
                posterior for balanced accuracy, F1 and MCC; a metric whose resamples all give \
                the same value has no interval, and says so): for a binary task the confusion matrix at --threshold, threshold metrics, \
                ROC AUC, average precision, log loss and Brier score, curves, calibration and \
                score histograms; for a multiclass task accuracy, balanced accuracy, macro and weighted F1, macro ROC AUC, log \
                loss, per-class precision, recall and F1, the confusion matrix and top-label \
                calibration; for a regression MAE, RMSE, R², MAPE (left out, naming the row, when \
                a target is zero or within 0.1% of the mean |target| of it), median absolute error and the \
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

                With --on B (another version, say one trained on a newer data file), the version \
                is scored on B's held-out test rows instead of its own: the file, SHA-256 and split \
                B's training.json records, read with B's pipeline, checked as B's own evaluation \
                checks them. The output names those rows (file, SHA-256, split, count), notes the \
                rows with a category the version never saw (scored as missing) or missing a field \
                its training rows never missed (scored down each split's default side), and when B has an \
                evaluation.json compares the two on these same rows, as `modelpress diff` does: \
                "is the new model better than production on the new data?". It is refused when \
                B's rows lack a field the version needs, when the labels differ (another name, \
                task or positive class, or a class it never saw), or when a field it reads as a \
                number is text in B's rows. Nothing is written beside either version (their \
                evaluation.json stays each one on its own test rows); --out FILE writes this \
                report, which `modelpress diff FILE B` reads.

                With --data FILE (a labelled CSV, say this month's rows \
                with their true labels), the version is scored on every row of that file instead, \
                read as the version reads rows (its separator, decimal mark and missing markers, \
                its fields and classes): "how does it do on the new data?". The output names the \
                file (path, SHA-256, rows), notes categories the version never saw and fields missing \
                that its training rows never missed (and when the file is its training file, that the \
                figures are in-sample), and beside its \
                own evaluation.json shows each metric on the file and on its own test rows (other \
                rows, so a change is the data's, not the model's). It is refused when the file \
                lacks a field or the label, or has a class the version never saw. Nothing is \
                written beside the version; --out FILE writes the report.

                Examples:
                  modelpress evaluate income_classifier/random_forest@1.0.0
                  modelpress evaluate income_classifier/gradient_boosting@1.0.0 --resamples 2000
                  modelpress evaluate rent/gbt@1.0.0 --on rent/gbt@1.1.0
                  modelpress evaluate rent/gbt@1.0.0 --data research/data/rent/2026-11.csv --out nov.json
                """
        )

        @Argument(help: "The version, as endpoint/model@version.", transform: VersionID.argument)
        var reference: VersionID

        @Option(
            help: ArgumentHelp(
                "Score the version on this other version's held-out test rows (endpoint/model@version).",
                valueName: "version"),
            transform: VersionID.argument)
        var on: VersionID?

        @Option(
            help: ArgumentHelp(
                "Score the version on every row of this labelled CSV file.",
                valueName: "file"))
        var data: String?

        @Option(
            help: ArgumentHelp(
                "With --on or --data: write the report to this file (a new file or an earlier report; never a data "
                    + "file or one under research/artifacts).", valueName: "file"))
        var out: String?

        @Option(help: "The repository root (default: the folder holding research/, from here upwards).")
        var root: String?

        @Option(help: "Bootstrap resamples for the confidence intervals.")
        var resamples: Int = 1000

        @Option(help: "Shuffles per feature for permutation importance (0 skips it).")
        var permutationRepeats: Int = 3

        @Option(help: "Binary tasks: the probability above which a row is predicted positive (served labels use 0.5).")
        var threshold: Double = 0.5

        func validate() throws {
            guard resamples >= 0, permutationRepeats >= 0 else {
                throw ValidationError("--resamples and --permutation-repeats must not be negative")
            }
            guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1") }
            if out != nil, on == nil, data == nil {
                throw ValidationError(
                    "--out is for --on and --data: a version's own report is always written beside it as "
                        + "evaluation.json")
            }
            if on != nil, data != nil {
                throw ValidationError("--on and --data each name the rows to score the version on; give one")
            }
            if let on, on == reference {
                throw ValidationError(
                    "--on names \(on) itself; `modelpress evaluate \(on)` scores it on its own test rows")
            }
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
            if let out { try Self.checkReplaceable(out, root: rootURL) }
            let started = Date()
            var options = EvaluationOptions(threshold: threshold)
            options.bootstrap.resamples = resamples
            if let on {
                try evaluate(on: on, folder: folder, root: rootURL, options: options)
                return
            }
            if let data {
                try evaluate(file: data, folder: folder, root: rootURL, options: options)
                return
            }
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

extension ModelPress.Evaluate {
    /// `--on`: the version in `folder` scored on `other`'s test rows, said with the rows it
    /// used, and compared with `other`'s own report on them when it has one.
    func evaluate(on other: VersionID, folder: URL, root: URL, options: EvaluationOptions) throws {
        let ref = reference
        let otherFolder = root.appendingPathComponent(RepositoryLayout.artifactFolder(of: other))
        let otherRecordURL = otherFolder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
        guard let data = FileManager.default.contents(atPath: otherRecordURL.path) else {
            throw CommandFailure(
                RepositoryRoot.unregisteredMessage(other, root: root.path, lacking: "no training.json")
                    ?? "\(other) has no training record at \(otherRecordURL.path); train it with `modelpress train`")
        }
        let rows = try TrainingRecord.decode(data)
        let recordURL = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
        guard let own = FileManager.default.contents(atPath: recordURL.path) else {
            throw CommandFailure("\(ref) has no training record at \(recordURL.path); train it with `modelpress train`")
        }
        let model = try TrainingRecord.decode(own)
        printError("[\(ref)] checking and reading \(other)'s test rows of \(rows.testData.path)")
        let test = try rows.testDataset(root: root, scoredBy: model)
        let report = try score(
            on: (rows, test), named: Self.rowsUsed(rows, count: test.rowCount), version: model, folder: folder,
            root: root, options: options)
        let label = "\(ref) on \(other)'s rows"
        let otherReport = otherFolder.appendingPathComponent(RepositoryLayout.ArtifactFile.evaluationReport.rawValue)
        if let theirs = try? EvaluationReport.read(from: otherReport) {
            var diff = MetricsDiff(report, theirs, labelA: label, labelB: "\(other)")
            // The same rows by construction, unless other's report is of other data (an older file).
            diff.testRows(differ: nil)
            print("")
            print("compared with \(other)'s own evaluation.json on the same rows (change = B − A):")
            print(diff.table(), terminator: "")
        } else {
            print("")
            print(
                "\(other) has no evaluation.json to compare with; run `modelpress evaluate \(other)`, then this "
                    + "command again")
        }
        if let out {
            let url = URL(fileURLWithPath: out)
            try report.write(to: url)
            print("wrote \(url.path) (compare it again with `modelpress diff \(out) \(other)`)")
        }
    }

    /// Refuses an `--out` that would replace anything but an earlier `--on`/`--data` report,
    /// before anything is read (trial29 #1, #2: `--out` naming the `--data` file, or another
    /// version's training file, replaced the data with JSON; naming another version's
    /// evaluation.json put this report on that version's card): any file under
    /// research/artifacts (a version's own files), and any existing file that does not read as
    /// an evaluation report (the `--data` file, any data file, also through another path).
    /// - Throws: `CommandFailure` naming the file, what it is, and what to do.
    static func checkReplaceable(_ out: String, root: URL) throws {
        let url = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        guard !isFolder.boolValue else {
            throw CommandFailure("--out \(out) is a folder; name the report's file, such as \(url.path)/report.json")
        }
        let artifacts =
            root.appendingPathComponent(RepositoryLayout.artifactsFolder).standardizedFileURL
            .resolvingSymlinksInPath().path + "/"
        if url.path.hasPrefix(artifacts) {
            throw CommandFailure(
                "--out \(out) is under \(RepositoryLayout.artifactsFolder), where each version keeps its own files "
                    + "(its model, training record and evaluation.json): a report there would stand for that "
                    + "version's; name a file outside it, such as reports/\(url.lastPathComponent)")
        }
        guard (try? EvaluationReport.read(from: url)) != nil else {
            throw CommandFailure(
                "--out \(out) exists and is not an evaluation report (a data file?): it would be replaced; name a "
                    + "new file, or remove this one first if it is yours to lose")
        }
    }

    /// `--data`: the version in `folder` scored on every row of the labelled file `path`, said
    /// with the rows it used, beside its own report on its own test rows when it has one.
    func evaluate(file path: String, folder: URL, root: URL, options: EvaluationOptions) throws {
        let ref = reference
        let fileURL = URL(fileURLWithPath: path).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: fileURL.path, isDirectory: &isFolder) else {
            throw CommandFailure("--data \(path): no such file")
        }
        guard !isFolder.boolValue else {
            throw CommandFailure("--data \(path) is a folder; name one labelled CSV file in it")
        }
        // Recorded in the report as the other data paths are: from the repository's root.
        let relative = Registry.relativePath(of: fileURL, under: root) ?? fileURL.path
        let recordURL = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
        guard let own = FileManager.default.contents(atPath: recordURL.path) else {
            throw CommandFailure("\(ref) has no training record at \(recordURL.path); train it with `modelpress train`")
        }
        let model = try TrainingRecord.decode(own)
        // The file as this version's test rows: read with its reading rules, every row.
        var rows = model
        rows.testData = .init(path: relative, sha256: try Digest.sha256(ofFile: fileURL))
        rows.split = nil
        rows.data?.test = relative
        printError("[\(ref)] reading the rows of \(relative)")
        let file = try model.dataset(readingFile: relative, root: root)
        var notes: [String] = []
        if !file.unreadColumns.isEmpty {
            notes.append(
                "\(relative) has \(counted(file.unreadColumns.count, "column")) \(ref) does not read, left out: "
                    + ShortList.text(file.unreadColumns.map(CategoryName.cited)))
        }
        if let warning = file.unlabelledWarning { notes.append(warning) }
        if rows.testData.sha256 == model.trainingData.sha256 {
            // trial29 #6: the figures include the rows the version learned from.
            let heldOut = model.split.map { " except the rows its split held out (test_fraction \($0.testFraction))" }
            notes.append(
                "\(relative) is \(ref)'s training file (the same SHA-256): every row of it\(heldOut ?? "") "
                    + "trained the version, so these figures are in-sample, better than on rows it never saw; "
                    + "`modelpress evaluate \(ref)` scores its held-out test rows")
        }
        let report = try score(
            on: (rows, file.rows),
            named: "the \(counted(file.rows.rowCount, "row")) of \(relative) (SHA-256 \(rows.testData.sha256))",
            notes: notes, version: model, folder: folder, root: root, options: options)
        let ownReport = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.evaluationReport.rawValue)
        if let theirs = try? EvaluationReport.read(from: ownReport) {
            let diff = MetricsDiff(theirs, report, labelA: "own test rows", labelB: relative)
            print("")
            print("beside \(ref)'s own evaluation.json on its test rows (change = file − own):")
            print(diff.table(), terminator: "")
        } else {
            print("")
            print("\(ref) has no evaluation.json to set beside this; run `modelpress evaluate \(ref)`")
        }
        if let out {
            let url = URL(fileURLWithPath: out)
            try report.write(to: url)
            print("wrote \(url.path)")
        }
    }

    /// The version in `folder` (`version`, its training record) scored on `rows`, printed as
    /// `--on` and `--data` print it: which rows (`named`), the `notes` on them, the categories it
    /// never saw, the fields missing in rows that its training rows never had missing, the
    /// report's summary.
    private func score(
        on rows: (record: TrainingRecord, test: Dataset), named: String, notes: [String] = [], version: TrainingRecord,
        folder: URL, root: URL, options: EvaluationOptions
    ) throws -> EvaluationReport {
        let ref = reference
        let report = try VersionEvaluation.evaluate(
            folder: folder, root: root, options: options, permutationRepeats: permutationRepeats, on: rows
        ) { printError("[\(ref)] \($0)") }
        print("rows: " + named)
        for note in notes { print("note: \(note)") }
        for note in Self.unseenNotes(rows.test, reference: ref) { print("note: \(note)") }
        let profile = TrainingProfile(schema: version.schema)
        for note in Self.neverMissingNotes(rows.test, profile: profile, reference: ref) { print("note: \(note)") }
        print(report.summary())
        return report
    }

    /// Which rows a version's test rows are, for people: "the 1,200 rows held out of FILE
    /// (SHA-256 …) by rent/gbt@1.1.0's split (seed 42, test_fraction 0.2, test_lines_sha256 …)",
    /// or "the 600 rows of rent/gbt@1.1.0's test file FILE (SHA-256 …)".
    static func rowsUsed(_ record: TrainingRecord, count: Int) -> String {
        guard let split = record.split else {
            return "the \(counted(count, "row")) of \(record.id)'s test file \(record.testData.path) (SHA-256 "
                + "\(record.testData.sha256))"
        }
        return "the \(counted(count, "row")) held out of \(record.trainingData.path) (SHA-256 "
            + "\(record.trainingData.sha256)) by \(record.id)'s split (seed \(split.seed), test_fraction "
            + "\(split.testFraction), test_lines_sha256 \(split.testLinesSHA256.prefix(12)))"
    }

    /// One line per field of `test` with rows missing it that `reference`'s training rows never
    /// had missing (`profile`), as `modelpress predict` words it (trial29 #5: they were scored
    /// without a word, though serving refuses them unless another version lets the field be
    /// missing).
    static func neverMissingNotes(_ test: Dataset, profile: TrainingProfile, reference: VersionID) -> [String] {
        test.schema.fields.indices.compactMap { index in
            let field = test.schema.fields[index].name
            let count = test.missingCount(field: index)
            guard count > 0, profile.neverMissing.contains(field) else { return nil }
            return FileScoring.MissingNeverInTraining(field: field, count: count)
                .text(version: reference.description, of: test.rowCount)
        }
    }

    /// One line per field of `test` with categories `reference` never saw (scored as missing,
    /// as predict.cgi scores them): how many rows and which categories.
    static func unseenNotes(_ test: Dataset, reference: VersionID) -> [String] {
        test.schema.fields.indices.compactMap { index in
            let unlisted = test.unlisted[index]
            guard !unlisted.isEmpty else { return nil }
            let categories = Set(unlisted.values).sorted()
            return "\(test.schema.fields[index].name): \(counted(unlisted.count, "row")) of "
                + "\(groupedDigits(test.rowCount)) have "
                + "\(categories.count == 1 ? "a category" : "categories") \(reference) never saw ("
                + ShortList.text(categories.map(CategoryName.cited)) + "), scored as missing"
        }
    }
}
