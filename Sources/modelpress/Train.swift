import ArgumentParser
import Basics
import Evaluation
import Foundation
import JSONWriting
import Models
import Pipelines
import Registry

extension ModelPress {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the models research/pipelines/*.toml declare and write their artifacts.",
            discussion: """
                Each pipeline names an endpoint, a model, a version, an algorithm \
                (random_forest, extra_trees, gradient_boosting, decision_tree), its \
                hyper-parameters, a seed, and its data in a [data] table:

                  [data]
                  training = "research/data/penguins/penguins.csv"  # header row
                  test = "research/data/penguins/test.csv"  # else a split
                  test_fraction = 0.2     # held out when there is no test
                  label = "species"       # the column to predict
                  task = "multiclass"     # binary, multiclass, regression
                  positive = "yes"        # binary (default: 2nd sorted)
                  missing = ["", "NA"]    # all of them (default "", NA, N/A, ?, null)
                  ignore = ["id"]         # columns that are not inputs
                  nullable = ["sex"]      # may be missing when predicting
                  separator = ";"         # ",", ";" or "\\t" (detected)
                  header = ["a", "b", "y"]  # a file without a header row
                  trim_spaces = true      # spaces around cells dropped
                  comment = "|"           # lines starting with it skipped
                  decimal = ","           # 41,4 is a number (default ".")
                  [data.columns]          # kind overrides
                  zip_code = "categorical"
                  [data.bounds]           # serving limits (numeric)
                  age = [0, 120]

                Kinds are inferred (numeric when every present value is a number) and printed, \
                as are the task and the positive class when they are inferred. Files are checked \
                against their folder's SHA256SUMS. Bad data stops training with the file, line \
                and column and what to do (a label whose classes read as the same number, 0 and \
                0.0; a column name holding a line break or a control character; …); nothing is \
                written then. A model keeps at most 254 categories of a field, the most frequent \
                in the training rows: every field with more is warned about, whatever else is \
                said of it (an identifier, dates, numbers read as text), naming the rarest and \
                their rows, which are scored as missing values (training.json lists them as \
                categories_not_kept). modelpress's own repository \
                documents every key at length in research/pipelines/README.md, and `modelpress data inspect FILE.csv --label NAME` shows \
                what would be inferred.

                The artifact goes to research/artifacts/<endpoint>/<model>/<version>/: model.bin \
                (the same bytes for the same pipeline) and training.json (the data as declared \
                and inferred, and for a split the seed it was drawn with, its row counts and the \
                SHA-256 of its held-out lines, so that evaluate and verify draw the same test \
                rows again and refuse a file that no longer gives them). A summary follows: fit time, size and the test metrics \
                of the task (accuracy and ROC AUC, with balanced accuracy and average precision when \
                a class is under 10% of the test rows; accuracy and macro F1; MAE, RMSE and R²), and \
                under them the constant baseline's on the same test rows: what always answering the \
                training rows' class shares (majority class), or their mean (RMSE, R²) and median \
                (MAE), scores, as scikit-learn's dummy estimators do.

                Each new version is registered in testing (unless --no-register); its endpoint \
                must exist (`modelpress new` creates one). Versions are immutable: a version \
                the registry already has is not trained again; give the pipeline a new version \
                instead. A pipeline file edited after its version was registered (another \
                hyper-parameter, seed or data key) is refused, naming each difference, since it \
                no longer says how the registered model was made.

                The run ends with the next steps, each a command that runs as printed: \
                `modelpress evaluate` per version, then one promotion per endpoint (its best \
                new version by the headline test metric, ROC AUC, macro F1 or RMSE, or for rare \
                positives average precision, among those that beat the constant \
                baseline, none when none does: an R² not above 0 never does; compared with production's when both \
                were measured on the same test rows: the same test file, or the same rows held \
                out by the same seed; on other rows the line says the two are not comparable \
                and how to make them so, and promotes only "anyway"); when production has no evaluation.json to compare with, \
                `modelpress evaluate` of production and `modelpress diff` come first; while \
                production is an arm of a running A/B test, ending the test (`ab stop` or \
                `ab abort`) comes first, and with --no-register, registering.

                Examples:
                  modelpress train
                  modelpress train research/pipelines/income_random_forest.toml --threads 1
                  modelpress train research/pipelines/penguin_species_random_forest.toml --no-register
                """
        )

        @Argument(help: "Pipeline files (default: every research/pipelines/*.toml of the repository).")
        var pipelines: [String] = []

        @OptionGroup var output: ArtifactOptions

        @Option(name: .long, help: "Training threads (default: every core).")
        var threads: Int?

        func validate() throws {
            if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        }

        func run() throws {
            // Paths typed here are relative to this folder; a pipeline's data paths, and the
            // default pipelines and artifacts, to the repository root, where training runs.
            let typed = pipelines.map { URL(fileURLWithPath: $0).standardizedFileURL }
            let artifactsFolder = output.artifactsFolder
            let root = try RepositoryRoot.resolve(nil)
            guard FileManager.default.changeCurrentDirectoryPath(root) else {
                throw CommandFailure("cannot enter the repository root \(root)")
            }
            let files = typed.isEmpty ? Pipeline.defaultFiles() : typed
            guard !files.isEmpty else { throw CommandFailure("no pipelines found in research/pipelines/") }
            let registry = Registry(folder: nil, root: ".")
            let state = output.noRegister ? nil : try reportingRegistryErrors { try registry.load() }
            // Unregistered artifacts too go under the endpoint's folder: one that differs from a
            // registered endpoint only in case would collide with it on macOS and Windows.
            let known = output.noRegister ? (registry.hasEventLog ? try? registry.load() : nil) : state
            let planned = try checkedBeforeTraining(
                files, state: state, known: known, skippingRegistered: typed.isEmpty)
            guard !planned.isEmpty else {
                print("nothing to train: every pipeline's version is registered; give a pipeline a new version")
                return
            }
            var lines: [String] = []
            var headlines: [VersionID: Headline] = [:]
            var trainedModels: [String: VersionID] = [:]
            var lastConstant: String?
            for (file, pipeline, id) in planned {
                let folder = URL(
                    fileURLWithPath: RepositoryLayout.artifactFolder(
                        of: id, in: artifactsFolder ?? RepositoryLayout.artifactsFolder))
                let existed = FileManager.default.fileExists(atPath: folder.path)
                if existed, !output.noRegister {
                    // What a run cut short between training and registering leaves (trial20 #3:
                    // Ctrl-C, or a kill): said, so that nobody looks for where it went.
                    print(
                        "[\(id)] note: \(folder.path) holds an artifact no run registered (an earlier train cut "
                            + "short, or --no-register); training again replaces it")
                }
                do {
                    let trained = try reportingRegistryErrors {
                        try Self.train(
                            pipeline, into: folder, threads: threads, check: Self.schemaCheck(id, state: state),
                            fieldOrder: Self.fieldOrder(of: id, state: state))
                    }
                    lines.append(trained.line)
                    // The constant's line under the first version of each set of test rows.
                    if let constant = trained.constant, constant != lastConstant {
                        lines.append(constant)
                        lastConstant = constant
                    }
                    headlines[id] = trained.headline
                    if !output.noRegister {
                        let outcome = try reportingRegistryErrors {
                            try registry.register(
                                id, artifactFolder: folder, owner: nil, description: nil,
                                by: output.actor(), note: "trained by modelpress train from \(file.lastPathComponent)")
                        }
                        print("[\(id)] registered in testing")
                        outcome.printSchemaChanges(of: id, prefix: "[\(id)] ")
                        if let twin = Self.identicalModel(of: id, in: folder, state: state, trainedNow: &trainedModels)
                        {
                            print(
                                "[\(id)] note: its model.bin is byte-identical to \(twin)'s: the same model under "
                                    + "another version (a setting that changed nothing, such as more iterations "
                                    + "than early stopping uses?); both stay registered")
                        }
                    }
                } catch {
                    // A version that cannot be registered leaves no artifact behind to be mistaken for one.
                    if !existed { try? FileManager.default.removeItem(at: folder) }
                    switch error {
                    case let error as DataFileError: throw PipelineError(file: file.path, message: error.description)
                    case let error as HyperparameterError:
                        throw PipelineError(file: file.path, message: error.description)
                    default: throw error
                    }
                }
            }
            print("\nmodel                                         fit s      size  test metrics")
            lines.forEach { print($0) }
            let answers = planned.compactMap { headlines[$0.id]?.baselineAnswer }
            for (index, answer) in answers.enumerated() where !answers[..<index].contains(answer) {
                print(
                    "constant baseline: \(answer) (scikit-learn's dummy estimators), each line scored on the test rows of the version above it"
                )
            }
            // The card's evaluation (intervals, curves, slices) comes from evaluation.json, which
            // `evaluate` writes; the metrics above are the summary of training's own check.
            // Only commands that can run as printed (trial16 #1): evaluate, register and status
            // read the repository's research/artifacts/, and status a registered version.
            if let artifactsFolder,
                artifactsFolder != URL(fileURLWithPath: RepositoryLayout.artifactsFolder).standardizedFileURL.path
            {
                print(
                    "next: the artifacts went to \(artifactsFolder) (--artifacts); `modelpress evaluate`, `register` "
                        + "and `publish` read research/artifacts/, so train without --artifacts the versions to keep")
                return
            }
            print("next: the model card shows what `modelpress evaluate` writes:")
            for (_, _, id) in planned { print("  modelpress evaluate \(id)") }
            guard let state else {
                print(
                    "then a version is registered in testing before it can be promoted (--no-register registered none):"
                )
                for (_, _, id) in planned { print("  modelpress register \(id)") }
                return
            }
            // `--by` is left out of the lines: status takes the same default name as train did (ActorName).
            print(
                planned.count == 1
                    ? "then `modelpress publish` builds the site; a version answers the site's form once promoted:"
                    : "then `modelpress publish` builds the site; a version answers its endpoint's form once promoted, "
                        + "one per endpoint (promoting another archives it):")
            var productions: [String: Production] = [:]
            for (_, _, id) in planned where productions[id.endpoint] == nil {
                guard let production = state.production(of: id.endpoint)?.id else { continue }
                let metric = planned.compactMap { headlines[$0.id] }.first?.metric ?? ""
                productions[id.endpoint] = Production(
                    id: production, headline: Self.evaluated(production, metric: metric),
                    record: Self.trainingRecord(of: production),
                    // The state before registering: a new version is no arm, so only production's test is in the way.
                    abTest: state.abTestInTheWay(of: id, to: .production)?.test.id)
            }
            // Files are read relative to the repository root, the current folder.
            let texts = DataText(root: URL(fileURLWithPath: "."))
            for line in Self.promotions(planned.map(\.id), headlines: headlines, productions: productions, texts: texts)
            {
                print(line)
            }
        }

        /// A version of `id`'s endpoint whose model.bin has the same bytes as the one just
        /// written to `folder` (trial17 #17: two pipelines that differ only in a setting that
        /// changed nothing): a registered one, or one trained earlier in this run
        /// (`trainedNow`, by SHA-256, which this adds `id` to); nil when there is none.
        static func identicalModel(
            of id: VersionID, in folder: URL, state: RegistryState?, trainedNow: inout [String: VersionID]
        ) -> VersionID? {
            let file = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue)
            guard let state, let bytes = try? Data(contentsOf: file) else { return nil }
            let sha256 = Digest.sha256(bytes)
            defer { trainedNow[sha256] = trainedNow[sha256] ?? id }
            if let earlier = trainedNow[sha256] { return earlier }
            return state.versions(of: id.endpoint).first { $0.id != id && $0.facts.artifact.sha256 == sha256 }?.id
        }

        /// An endpoint's production version when train ran, with its headline test metric as
        /// its evaluation.json has it (nil without one).
        struct Production {
            var id: VersionID
            var headline: Headline?
            /// Its training.json, which says how its test rows were drawn (nil when unreadable),
            /// also when it has no evaluation.json.
            var record: TrainingRecord?
            /// The running A/B test it is an arm of, which refuses archiving it (so promoting
            /// another version) until it ends.
            var abTest: Int?
        }

        /// `id`'s headline `metric` (`Headline.metric`'s name) from its evaluation.json, on the
        /// test rows the report names; nil without a report or the metric.
        static func evaluated(_ id: VersionID, metric: String) -> Headline? {
            guard let name = Headline.metrics.first(where: { $0.shown == metric })?.report,
                let report = try? ReportReference("\(id)", repositoryRoot: URL(fileURLWithPath: ".")).load(),
                let estimate = report.headline.first(where: { $0.name == name })?.estimate
            else { return nil }
            return Headline(
                metric: metric, value: estimate.value,
                test: TestRows(path: report.dataset.path, sha256: report.dataset.sha256, rows: report.dataset.rows),
                record: trainingRecord(of: id))
        }

        /// `id`'s training.json under the repository root (the current folder); nil when unreadable.
        static func trainingRecord(of id: VersionID) -> TrainingRecord? {
            FileManager.default.contents(atPath: RepositoryLayout.artifact(.trainingRecord, of: id))
                .flatMap { try? TrainingRecord.decode($0) }
        }

        /// A version's headline test metric, by which `train` suggests which of an endpoint's new
        /// versions to promote: ROC AUC (binary), macro F1 (multiclass), RMSE (regression); for a
        /// binary label with a rare class (`RareClass`), average precision when the positives are
        /// rare, else balanced accuracy.
        struct Headline {
            /// The headline metrics as the summary line names them and as evaluation.json does: the
            /// first the line has is the headline.
            static let metrics: [(shown: String, report: String)] = [
                ("average precision", "average_precision"), ("balanced accuracy", "balanced_accuracy"),
                ("ROC AUC", "roc_auc"), ("macro F1", "macro_f1"), ("RMSE", "rmse"),
            ]

            /// `metrics`' shown name.
            var metric: String
            var value: Double?
            /// The rows it was measured on.
            var test: TestRows
            /// The version's training.json, which says how its test rows were drawn (nil when unreadable).
            var record: TrainingRecord?
            /// Where it does not beat its constant baseline on the same test rows (nil when it
            /// does, or when that is not known); such a version is never recommended.
            var shortfall: ConstantBaseline.Shortfall?
            /// What its constant baseline answers (`ConstantBaseline.answer`).
            var baselineAnswer: String?

            /// Why `self` and `other` were measured on other test rows (`TrainingRecord.testRowsDiffer`,
            /// else the files the values name differ), or nil when they are comparable; with
            /// `texts`, a file of the same text in other bytes (CRLF) is the same file.
            func testRowsDiffer(from other: Headline, texts: DataText? = nil) -> String? {
                if let mine = record, let theirs = other.record,
                    let differ = mine.testRowsDiffer(from: theirs, texts: texts)
                {
                    return differ
                }
                // The same bytes at another path are the same rows (trial20 #7), and so is the same text.
                let sameText =
                    texts?.same(
                        .init(path: test.path, sha256: test.sha256),
                        .init(path: other.test.path, sha256: other.test.sha256))
                    == true
                guard test.sha256 != other.test.sha256 && !sameText || test.rows != other.test.rows else { return nil }
                return "the test metrics were measured on other test files: \(test.path) (SHA-256 "
                    + "\(test.sha256.prefix(12))), \(counted(test.rows, "row")); \(other.test.path) (SHA-256 "
                    + "\(other.test.sha256.prefix(12))), \(counted(other.test.rows, "row"))"
            }

            var higherIsBetter: Bool {
                Self.metrics.first { $0.shown == metric }.flatMap { EvaluationReport.higherIsBetter($0.report) } ?? true
            }

            /// The value as the summary line writes it (`metricsText`).
            var text: String { Train.metricText(value) }

            /// Whether `self` is better than `other`; a defined value beats an undefined one.
            func beats(_ other: Headline) -> Bool {
                guard let value else { return false }
                guard let theirs = other.value else { return true }
                return higherIsBetter ? value > theirs : value < theirs
            }
        }

        /// A test file, by its path, SHA-256 and rows: two metrics are comparable only on the same rows.
        struct TestRows: Equatable {
            var path: String
            var sha256: String
            var rows: Int
        }

        /// One `status … production` line per endpoint (trial14 B7: one per version archived all
        /// but the last promoted): its only new version, else the one with the best headline test
        /// metric on its own test rows (the first in pipeline order on a tie), saying so; only
        /// among the versions that beat their constant baseline (`Headline.shortfall`, trial26
        /// #1), and when none does, no promotion but a line saying so with both numbers. With a
        /// production version (trial15 finding 7), the line says it is archived and compares its
        /// headline metric (its evaluation.json's) with the new one's when both were measured on
        /// the same test rows, or says why they cannot be compared; a production version at least
        /// as good on the same rows is kept: the line says so ("at least" or "at most", as the
        /// metric's direction has it) and how to promote anyway; a production version without an
        /// evaluation.json is measured and compared first (trial17 #12), the promotion after. While
        /// production is an arm of a running A/B test (trial16 #1), the lines say to end the
        /// test first, since status refuses the promotion until then.
        static func promotions(
            _ versions: [VersionID], headlines: [VersionID: Headline], productions: [String: Production] = [:],
            texts: DataText? = nil
        ) -> [String] {
            var endpoints: [String] = []
            var byEndpoint: [String: [VersionID]] = [:]
            for id in versions {
                if byEndpoint[id.endpoint] == nil { endpoints.append(id.endpoint) }
                byEndpoint[id.endpoint, default: []].append(id)
            }
            return endpoints.map { endpoint in
                let ids = byEndpoint[endpoint] ?? []
                func best(of ids: [VersionID]) -> VersionID {
                    var best = ids[0]
                    for id in ids.dropFirst() {
                        if let mine = headlines[id], let theirs = headlines[best], mine.beats(theirs) { best = id }
                    }
                    return best
                }
                // No version that does not beat a constant on its test rows is recommended (trial26 #1).
                let beating = ids.filter { headlines[$0]?.shortfall == nil }
                let overall = best(of: ids)
                guard !beating.isEmpty else {
                    let numbers = headlines[overall]?.shortfall.map { ": " + EvaluationReport.comparison($0) } ?? ""
                    let which =
                        ids.count == 1
                        ? "\(overall) does not beat a constant on its test rows"
                        : "none of \(endpoint)'s \(ids.count) new versions beats a constant on its test rows; the "
                            + "best \(headlines[overall]?.metric ?? ""), \(overall), does not"
                    return "  promote none: \(which)\(numbers); `modelpress evaluate` shows the constant beside "
                        + "every metric; to promote it anyway: modelpress status \(overall) production"
                }
                let best = best(of: beating)
                let line = "  modelpress status \(best) production"
                var why: [String] = []
                if ids.count > 1, let headline = headlines[best] {
                    why.append(
                        "of the \(ids.count) new versions of \(endpoint), the best \(headline.metric) on its test rows"
                            + (beating.count < ids.count ? " of those that beat a constant" : ""))
                }
                if overall != best, let shortfall = headlines[overall]?.shortfall {
                    why.append(
                        "that of \(overall) is better but it does not beat a constant: "
                            + EvaluationReport.comparison(shortfall))
                }
                // A running A/B test with production as an arm refuses the promotion (status
                // archives production): the line says to end the test first (trial16 #1).
                var first = ""
                if let production = productions[endpoint], let test = production.abTest {
                    first =
                        "  first end A/B test \(test), which has production \(production.id) as an arm: "
                        + ABTestRecord.howToEnd(test) + " (the promotion is refused while it runs); then\n"
                }
                if let production = productions[endpoint] {
                    let current = production.id
                    // No promotion on numbers of other rows (trial19 #3): how to get comparable
                    // ones first, the promotion only "anyway"; said from the training records
                    // alone when production has no evaluation.json (trial20 #11).
                    // Rows of other files (a data update) are compared by scoring production on
                    // the new version's test rows (trial24 #5: training the new pipeline on the old
                    // data undid the change); rows held out with another seed, by the same seed.
                    func notComparable(_ versions: String, _ differ: String) -> String {
                        let start = first + "  \(versions) are not comparable: \(differ). "
                        let anyway = "; to promote \(best) anyway (it archives \(current)):\n" + line
                        if let mine = headlines[best]?.record, let theirs = production.record,
                            mine.testFileDiffers(from: theirs, texts: texts)
                        {
                            return start + "To compare them on the same rows, score production on \(best)'s test "
                                + "rows (after `modelpress evaluate \(best)`, which the comparison reads): "
                                + "`modelpress evaluate \(current) --on \(best)`" + anyway
                        }
                        let same =
                            production.record?.split.map {
                                "with production's seed (\($0.seed)) and data, "
                            } ?? "with production's test file, "
                        return start + "To compare them, train \(best)'s pipeline again as a new version \(same)"
                            + "evaluate it and run `modelpress diff \(current) NEW-VERSION`" + anyway
                    }
                    if let mine = headlines[best], let theirs = production.headline, mine.metric == theirs.metric {
                        if let differ = mine.testRowsDiffer(from: theirs, texts: texts) {
                            return notComparable(
                                "\(best)'s \(mine.metric) \(mine.text) and production \(current)'s \(theirs.text)",
                                differ)
                        } else if mine.beats(theirs) {
                            why.append(
                                "\(mine.metric) \(mine.text) against production \(current)'s \(theirs.text) on the same "
                                    + "test rows; it archives \(current)")
                        } else {
                            let anyway =
                                production.abTest.map {
                                    "end A/B test \($0) first (\(ABTestRecord.howToEnd($0))), then "
                                }
                                ?? ""
                            // "at least" for a score, "at most" for an error (RMSE): no worse either way.
                            let bound = theirs.higherIsBetter ? "at least" : "at most"
                            let better = theirs.higherIsBetter ? "higher" : "lower"
                            return "  keep production \(current): its \(theirs.metric) \(theirs.text) on the same test "
                                + "rows is \(bound) \(best)'s \(mine.text) (\(better) is better; promoting \(best) "
                                + "anyway archives it: " + anyway + "modelpress status \(best) production)"
                        }
                    } else if production.headline == nil, let mine = headlines[best]?.record,
                        let theirs = production.record, let differ = mine.testRowsDiffer(from: theirs, texts: texts)
                    {
                        return notComparable("\(best) and production \(current)", differ)
                    } else if production.headline == nil {
                        // Nothing to compare with (trial17 #12): measure production first, so
                        // that the promotion is not a step in the dark.
                        let reason = why.isEmpty ? "" : "  (" + why.joined(separator: "; ") + ")"
                        return first
                            + (first.isEmpty ? "  first measure" : "  measure")
                            + " production \(current), whose test metrics are not known here (it has "
                            + "no evaluation.json), and compare it with \(best) (after its own `modelpress evaluate` above):\n"
                            + "  modelpress evaluate \(current)\n" + "  modelpress diff \(current) \(best)\n"
                            + "  then, if \(best) is better, promote it (it archives \(current)):\n" + line + reason
                    } else {
                        why.append(
                            "it archives production \(current), whose test metrics cannot be compared with these "
                                + "(another metric)")
                    }
                }
                return first + (why.isEmpty ? line : line + "  (" + why.joined(separator: "; ") + ")")
            }
        }

        /// Reads every pipeline and checks what can be checked before any training: the file,
        /// and (unless --no-register, when `state` is nil) that the registry has the endpoint and
        /// not the version. A registered version is skipped with a note when `skippingRegistered`
        /// (every pipeline of the repository, where most are registered), refused when named.
        /// - Throws: `CommandFailure` saying how many have problems, after printing each;
        ///   nothing is trained then.
        private func checkedBeforeTraining(
            _ files: [URL], state: RegistryState?, known: RegistryState?, skippingRegistered: Bool
        ) throws -> [(file: URL, pipeline: Pipeline, id: VersionID)] {
            var planned: [(file: URL, pipeline: Pipeline, id: VersionID)] = []
            var problems: [String] = []
            for file in files {
                do {
                    let pipeline = try Pipeline(contentsOf: file)
                    let id = VersionID(endpoint: pipeline.endpoint, model: pipeline.model, version: pipeline.version)
                    if pipeline.algorithm == nil {
                        let how = "`modelpress import MODEL-FILE --pipeline \(file.path)`"
                        if skippingRegistered {
                            print("[\(id)] declares no algorithm: it imports a model (\(how)); not trained")
                            continue
                        }
                        throw PipelineError(
                            file: file.path,
                            message: "declares no algorithm, so it imports a model trained elsewhere: run \(how), or "
                                + "name an algorithm (\(Algorithm.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    // An edited pipeline of a registered version is named with its edits, whether
                    // it was named on the command line or found among all of them.
                    if let state, let registered = state.allVersions.first(where: { $0.id == id }) {
                        try Self.checkUnchanged(pipeline, registered: registered, file: file.path)
                        if skippingRegistered {
                            print("[\(id)] already registered; not trained again (versions are immutable)")
                            continue
                        }
                    }
                    if let state { try Self.checkRegistrable(id, state: state, file: file.path, verb: "train") }
                    if let known { try Self.checkEndpointCase(id, state: known, file: file.path) }
                    planned.append((file, pipeline, id))
                } catch let error as PipelineError {
                    problems.append(error.description)
                } catch let error as HyperparameterError {
                    problems.append(PipelineError(file: file.path, message: error.description).description)
                }
            }
            guard problems.isEmpty else {
                for problem in problems { printError("error: \(problem)") }
                throw CommandFailure("nothing was trained: \(problems.count) of \(files.count) pipelines have problems")
            }
            return planned
        }

        /// Refuses a pipeline file that no longer describes the registered version of the same
        /// name (its hyper-parameters, seed or data were edited without a new version), so that
        /// the committed pipeline cannot misstate what the registry, the card and the artifact say.
        /// A version whose training.json cannot be read is left to `registry check` and `verify`.
        /// - Throws: `PipelineError` naming the file, each difference and what to do.
        static func checkUnchanged(_ pipeline: Pipeline, registered: VersionRecord, file: String) throws {
            guard let bytes = FileManager.default.contents(atPath: Verify.trainingRecordURL(of: registered).path),
                let record = try? TrainingRecord.decode(bytes)
            else { return }
            let differences = pipeline.differences(from: record)
            guard !differences.isEmpty else { return }
            throw PipelineError(
                file: file,
                message: "no longer describes the registered \(registered.id) (recorded → in the file: "
                    + "\(differences.joined(separator: "; "))); registered versions are immutable: give the pipeline "
                    + "a new version to train the change, or undo the edit")
        }

        /// Refuses a version the registry cannot take: its endpoint is missing, or it is registered.
        /// - Parameter verb: what the command does (`train`, `import`), for the messages.
        /// - Throws: `PipelineError` naming the pipeline file and what to do.
        static func checkRegistrable(_ id: VersionID, state: RegistryState, file: String, verb: String) throws {
            try checkEndpointCase(id, state: state, file: file)
            if state.endpoints[id.endpoint] == nil {
                let known = state.endpointNames.isEmpty ? "none" : state.endpointNames.joined(separator: ", ")
                throw PipelineError(
                    file: file,
                    message: "the registry has no endpoint '\(id.endpoint)' (it has: \(known))"
                        + "\(RegistryError(reason: .unknownEndpoint(id.endpoint)).suggesting(in: state).hint); create it with "
                        + "`modelpress new \(id.endpoint) --data FILE.csv --label NAME`, or \(verb) with --no-register")
            }
            if state.allVersions.contains(where: { $0.id == id }) {
                throw PipelineError(
                    file: file,
                    message: "\(id) is already registered and versions are immutable; "
                        + "give the pipeline a new version to \(verb) again")
            }
        }

        /// Refuses an endpoint name that differs from a registered endpoint's only in letter case
        /// (`Penguin_Body_Mass`), registered or not (trial20 #8): its artifact folder would
        /// collide with the registered one's on macOS and Windows, and `new` refuses the name.
        /// - Throws: `PipelineError` naming the file and the registered name.
        static func checkEndpointCase(_ id: VersionID, state: RegistryState, file: String) throws {
            guard state.endpoints[id.endpoint] == nil,
                let meant = state.endpointNames.first(where: { $0.lowercased() == id.endpoint.lowercased() })
            else { return }
            throw PipelineError(
                file: file,
                message: "the registry has no endpoint '\(id.endpoint)'; did you mean '\(meant)'? (names differ only "
                    + "in letter case, which macOS and Windows do not tell apart: write endpoint = \"\(meant)\")")
        }

        /// The schema an endpoint's versions fix (its first version's, extended by categories and
        /// missing values), nil while it has no version.
        static func fixedSchema(of endpoint: String, state: RegistryState?) -> Schema? {
            let hasVersions = state?.allVersions.contains { $0.id.endpoint == endpoint } ?? false
            return hasVersions ? state?.endpoints[endpoint]?.definition.schema : nil
        }

        /// The order a later version's input fields take when its file has the endpoint's columns
        /// in another order (`DataDeclaration.load`): the endpoint's, nil while it has no version.
        static func fieldOrder(of id: VersionID, state: RegistryState?) -> (names: [String], of: String)? {
            fixedSchema(of: id.endpoint, state: state).map { ($0.fields.map(\.name), "endpoint \(id.endpoint)") }
        }

        /// The schema `check` of `train` and `import`: an endpoint's first version sets its
        /// schema, a later one must fit it (refused before any file is written, as registration
        /// would refuse it).
        static func schemaCheck(_ id: VersionID, state: RegistryState?) -> (Schema) throws -> Void {
            let endpointSchema = fixedSchema(of: id.endpoint, state: state)
            return { schema in
                if let endpointSchema { _ = try SchemaExtension(endpoint: endpointSchema, version: schema, id: id) }
            }
        }

        /// Writes a version's model.bin, training.json and reference.json (the training and test
        /// rows' distributions, which `monitor` compares served requests with) into `folder` and
        /// returns the model as loaded from the file written.
        /// - Parameters:
        ///   - model: the trees or their file's bytes, let go once written: the model is read
        ///     back from the file, not held twice (a 100-tree forest of a million rows is 153 MB).
        ///   - referenceFields: the input fields' distributions when they were taken before the
        ///     fit (`ReferenceDistribution.fields(of:binned:seed:)`, and `data.train` has no rows
        ///     left); nil to take them from `data.train` and the model.
        static func writeArtifact(
            model: consuming ArtifactModel, record: TrainingRecord, data: LoadedData,
            referenceFields: [ReferenceDistribution.Distribution]? = nil, into folder: URL
        ) throws -> TreeModel {
            let recordBytes = try record.jsonData()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let modelURL = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue)
            try model.write(to: modelURL)
            _ = consume model
            try recordBytes.write(
                to: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue),
                options: .atomic)
            let written = try TreeModel(contentsOf: modelURL)
            let reference =
                referenceFields.map { fields in
                    ReferenceDistribution(
                        version: record.id, seed: record.seed, fields: fields,
                        prediction: ReferenceDistribution.prediction(model: written, test: data.test, seed: record.seed)
                    )
                }
                ?? ReferenceDistribution.make(
                    id: record.id, seed: record.seed, model: written, training: data.train, test: data.test)
            try reference.jsonData().write(
                to: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.referenceDistribution.rawValue),
                options: .atomic)
            print("[\(record.id)] wrote \(modelURL.path) (\(written.treeCount) trees, \(written.byteCount) bytes)")
            return written
        }

        /// The test metrics of the summary line, by task: accuracy and ROC AUC (binary; with a rare
        /// class, `RareClass`, balanced accuracy too, and average precision when the positives are
        /// the rare class), accuracy and macro F1 (multiclass), MAE, RMSE and R² (regression); point values as
        /// `modelpress evaluate` reports them, `undefined` where the test rows leave one so.
        static func testMetrics(_ model: TreeModel, _ test: Dataset) throws -> String {
            metricsText(try testEstimates(model, test))
        }

        /// The test metrics `testMetrics` writes, by name.
        static func testEstimates(_ model: TreeModel, _ test: Dataset) throws -> [(String, MetricEstimate)] {
            let none = BootstrapSettings(resamples: 0)
            let metrics: [(String, MetricEstimate)]
            switch test.schema.task {
            case .binary:
                let data = try ScoredLabels(
                    labels: test.labels.map { $0 == 1 }, scores: model.positiveProbabilities(test))
                let headline = HeadlineMetrics.compute(data, threshold: EvaluationOptions().threshold, bootstrap: none)
                // A rare class (`RareClass`, trial26 #2): balanced accuracy and, when the positives
                // are the rare ones, average precision too, which then ranks the versions.
                let positives = data.positives, rows = data.count
                if RareClass.positivesAreRare(positives: positives, rows: rows) {
                    metrics = [
                        ("accuracy", headline[.accuracy]), ("balanced accuracy", headline[.balancedAccuracy]),
                        ("average precision", headline[.averagePrecision]), ("ROC AUC", headline[.rocAUC]),
                    ]
                } else if RareClass.isImbalanced(positives: positives, rows: rows) {
                    metrics = [
                        ("accuracy", headline[.accuracy]), ("balanced accuracy", headline[.balancedAccuracy]),
                        ("ROC AUC", headline[.rocAUC]),
                    ]
                } else {
                    metrics = [("accuracy", headline[.accuracy]), ("ROC AUC", headline[.rocAUC])]
                }
            case .multiclass:
                let data = try ScoredClasses(
                    labels: test.labels.map(Int.init), probabilities: model.classProbabilities(test),
                    classes: test.schema.labelValues)
                let multiclass = MulticlassMetrics.compute(data, bootstrap: none)
                metrics = [("accuracy", multiclass.accuracy), ("macro F1", multiclass.macroF1)]
            case .regression:
                let data = try ScoredValues(targets: test.targets, predictions: model.predictedValues(test))
                let regression = RegressionMetrics.compute(data, bootstrap: none)
                metrics = [
                    ("MAE", regression.meanAbsoluteError), ("RMSE", regression.rootMeanSquaredError),
                    ("R²", regression.r2),
                ]
            }
            return metrics
        }

        /// `metrics` as the summary line writes them.
        static func metricsText(_ metrics: [(String, MetricEstimate)]) -> String {
            // Four significant digits, trailing zeros kept (0.7000 beside 0.6980, not 0.7), without
            // an exponent for the errors of a target in the thousands (a price's MAE is 22412, not
            // 2.241e+04), with one past 1e12 (trial35: a label near 1e36 gave a 36-digit MAE).
            return metrics.map { name, estimate in "\(name) " + metricText(estimate.value) }.joined(separator: "  ")
        }

        /// A metric's value as the summary line writes it (`metricsText`), or `undefined`.
        static func metricText(_ value: Double?) -> String {
            value.map { String(format: abs($0) >= 1000 && abs($0) < 1e12 ? "%.0f" : "%#.4g", $0) } ?? "undefined"
        }

        /// A model file's size for the summary, right-aligned in `width` characters: `40 KB`,
        /// `3.2 MB` (1 KB = 1,000 bytes).
        static func size(_ bytes: Int, width: Int) -> String {
            let text =
                bytes < 1_000_000
                ? "\(max(1, (bytes + 500) / 1000)) KB" : String(format: "%.1f MB", Double(bytes) / 1e6)
            return String(repeating: " ", count: max(0, width - text.count)) + text
        }

        /// Trains one pipeline, writes its artifact into `folder`, and returns its summary line, the
        /// line of its constant baseline on the same test rows (`ConstantBaseline`; nil when
        /// there is none) and its headline.
        /// Nothing is written unless the data loads, `check` accepts its schema, the model trains
        /// and both files encode.
        static func train(
            _ pipeline: Pipeline, into folder: URL, threads: Int?, check: (Schema) throws -> Void = { _ in },
            fieldOrder: (names: [String], of: String)? = nil
        ) throws -> (line: String, constant: String?, headline: Headline) {
            let name = "\(pipeline.endpoint)/\(pipeline.model)@\(pipeline.version)"
            guard let algorithm = pipeline.algorithm else {
                throw PipelineError(file: pipeline.file, message: "declares no algorithm: it imports a model")
            }
            print("[\(name)] loading \(pipeline.data.training)")
            var data = try pipeline.loadData(progress: { step in print("[\(name)] \(step)") }, fieldOrder: fieldOrder)
            try check(data.train.schema)
            for note in data.notes { print("[\(name)] \(note)") }
            for warning in data.warnings { printError("[\(name)] warning: \(warning)") }
            let schema = data.train.schema
            if algorithm != .gradientBoosting,
                case .count(let count)? = try? Trainer.forestParameters(algorithm, pipeline.hyperparameters).maxFeatures,
                count > schema.fields.count
            {
                // Capped as scikit-learn caps it, but said (trial31: 100 on 13 fields trained in silence).
                print(
                    "[\(name)] note: max_features = \(count) is more than the \(schema.fields.count) input fields: "
                        + "every node tries all \(schema.fields.count), as max_features = \"all\" does")
            }
            // Before the fit lets the training rows go: the constant is learned from their labels.
            let baseline = ConstantBaseline(training: data.train, test: data.test)
            let (ensemble, referenceFields, seconds, split) = try fit(
                &data, algorithm: algorithm, pipeline: pipeline, threads: threads
            ) { done, total in
                // Boosting counts rounds (a tree per class in each for multiclass), forests trees.
                let unit = algorithm == .gradientBoosting ? "rounds" : "trees"
                if done == total || done % 10 == 0 { print("[\(name)] \(done)/\(total) \(unit)") }
            }
            let record = TrainingRecord(
                endpoint: pipeline.endpoint, model: pipeline.model, version: pipeline.version,
                algorithm: algorithm.rawValue, hyperparameters: pipeline.hyperparameters, seed: pipeline.seed,
                trainingData: data.trainingFile, testData: data.testFile, trainer: Trainer.identity,
                trainingSeconds: (seconds * 1000).rounded() / 1000, createdAt: Timestamp.now.description,
                schema: schema, data: data.declaration, split: data.split,
                evaluation: pipeline.evaluation.isEmpty ? nil : pipeline.evaluation,
                categoriesNotKept: ensemble.categoriesNotKept,
                earlyStopping: Self.earlyStopping(of: ensemble, split: split, pipeline: pipeline))
            // The trees are written a piece at a time and let go before the file is mapped again.
            let model = try writeArtifact(
                model: .trees(consume ensemble), record: record, data: data, referenceFields: referenceFields,
                into: folder)
            if algorithm == .gradientBoosting,
                let parameters = try? Trainer.boostingParameters(pipeline.hyperparameters),
                let patience = parameters.earlyStoppingRounds, let split, split.validation > 0
            {
                // "validation rows", never "held-out": the test rows are held out too (trial25 #7).
                let judged =
                    "\(split.validation) validation rows (validation_fraction \(parameters.validationFraction) of "
                    + "the \(split.training + split.validation) training rows; the test rows take no part)"
                let rounds = model.treeCount / max(model.outputWidth, 1)
                if rounds < parameters.maxIterations {
                    let perClass = model.outputWidth > 1 ? ", \(model.outputWidth) trees a round" : ""
                    print(
                        "[\(record.id)] early stopping: the loss on \(judged) last improved at round \(rounds), "
                            + "and not in the \(patience) after it; the first \(rounds) of up to "
                            + "\(parameters.maxIterations) rounds are kept\(perClass)")
                }
                if split.validation < Self.fewValidationRows {
                    let fraction =
                        (Double(Self.fewValidationRows) / Double(split.training + split.validation) * 100).rounded(.up)
                        / 100
                    let advice =
                        fraction < 1
                        ? "set validation_fraction = \(fraction) (\(Self.fewValidationRows) rows or more)"
                        : "the data set is too small for it"
                    printError(
                        "[\(record.id)] warning: early stopping chose its rounds on only \(judged), too few for the "
                            + "choice to be more than chance; \(advice), or early_stopping_rounds = 0 to train all "
                            + "\(parameters.maxIterations) rounds")
                }
            }
            let metrics = try testEstimates(model, data.test)
            let line =
                "\(name.padding(toLength: 44, withPad: " ", startingAt: 0))"
                + String(format: " %6.2f  ", seconds) + Self.size(model.byteCount, width: 8) + "  "
                + metricsText(metrics)
            let headlineMetric = Headline.metrics.map(\.shown).first { name in metrics.contains { $0.0 == name } }
            var headline = Headline(
                metric: headlineMetric ?? "", value: metrics.first { $0.0 == headlineMetric }?.1.value,
                test: TestRows(path: data.testFile.path, sha256: data.testFile.sha256, rows: data.test.rowCount),
                record: record)
            var constant: String?
            if let baseline {
                let named = metrics.compactMap { shown, estimate in
                    reportNames[shown].map { (name: $0, value: estimate.value) }
                }
                let checked = EvaluationReport.baselineMetrics(of: schema.task)
                headline.shortfall = baseline.shortfall(
                    of: checked.compactMap { name in named.first { $0.name == name } })
                headline.baselineAnswer = baseline.answer
                constant =
                    "  constant baseline".padding(toLength: 44, withPad: " ", startingAt: 0)
                    + String(repeating: " ", count: 19)
                    + metricsText(
                        metrics.map { shown, _ in
                            (shown, MetricEstimate(value: reportNames[shown].flatMap { baseline.metrics[$0] }))
                        })
            }
            return (line, constant, headline)
        }

        /// The summary line's metric names as evaluation.json names them.
        static let reportNames: [String: String] = [
            "accuracy": "accuracy", "ROC AUC": "roc_auc", "average precision": "average_precision",
            "balanced accuracy": "balanced_accuracy", "macro F1": "macro_f1", "MAE": "mae", "RMSE": "rmse", "R²": "r2",
        ]

        /// A model to write as an artifact's model.bin: trained trees, or an imported model's bytes.
        enum ArtifactModel {
            case trees(TreeEnsemble)
            case bytes([UInt8])

            /// Writes the model file at `url` atomically.
            /// - Throws: `ModelFileError` for trees a model file cannot hold; a file error.
            func write(to url: URL) throws {
                switch self {
                case .trees(let ensemble): try ensemble.write(to: url)
                case .bytes(let bytes): try Data(bytes).write(to: url, options: .atomic)
                }
            }
        }

        /// What early stopping did in a gradient boosting fit (`fit`'s split), for training.json;
        /// nil for other algorithms and without early stopping.
        static func earlyStopping(
            of ensemble: TreeEnsemble, split: (training: Int, validation: Int)?, pipeline: Pipeline
        ) -> EarlyStopping? {
            guard let split, split.validation > 0,
                let parameters = try? Trainer.boostingParameters(pipeline.hyperparameters)
            else { return nil }
            return EarlyStopping(
                roundsKept: ensemble.treeCount / max(ensemble.baseScores.count, 1),
                maxRounds: parameters.maxIterations, validationRows: split.validation,
                trainingRows: split.training + split.validation)
        }

        /// Under this many validation rows, early stopping's choice of rounds is mostly chance
        /// (trial25 #7: 2 rows with validation_fraction 0.01 kept 157 rounds without a word).
        static let fewValidationRows = 50

        /// Bins the training rows, takes their input fields' reference distributions, lets their
        /// raw columns go (`LoadedData.releaseTrainingRows`) and fits the model on the binned
        /// rows: the fit's memory is the binned matrix's, a byte a cell, not the raw columns'
        /// eight (issue 26). Returns the model, the distributions and the seconds binning and
        /// fitting took (the training time recorded), and for gradient boosting how many rows
        /// the trees were fitted on and how many validation rows early stopping judged on.
        /// - Throws: `HyperparameterError` for an unknown name or a bad value.
        static func fit(
            _ data: inout LoadedData, algorithm: Algorithm, pipeline: Pipeline, threads: Int?,
            progress: @escaping @Sendable (Int, Int) -> Void
        ) throws -> (
            TreeEnsemble, [ReferenceDistribution.Distribution], seconds: Double,
            split: (training: Int, validation: Int)?
        ) {
            try Trainer.check(algorithm, pipeline.hyperparameters, quoted: [])
            var start = DispatchTime.now().uptimeNanoseconds
            let binned = BinnedDataset(data.train, threads: threads)
            var nanoseconds = DispatchTime.now().uptimeNanoseconds - start
            let fields = ReferenceDistribution.fields(of: data.train, binned: binned, seed: pipeline.seed)
            // The rows gradient boosting's early stopping judges on, as the trainer draws them.
            let split =
                algorithm == .gradientBoosting
                ? (try? Trainer.boostingParameters(pipeline.hyperparameters)).map {
                    let rows = BoostingTrainer.earlyStoppingSplit(of: binned, parameters: $0, seed: pipeline.seed)
                    return (rows.training.count, rows.validation.count)
                } : nil
            data.releaseTrainingRows()
            FreedMemory.release()
            start = DispatchTime.now().uptimeNanoseconds
            let ensemble = try Trainer.train(
                binned, algorithm: algorithm, hyperparameters: pipeline.hyperparameters, seed: pipeline.seed,
                threads: threads, progress: progress)
            nanoseconds += DispatchTime.now().uptimeNanoseconds - start
            return (ensemble, fields, Double(nanoseconds) / 1e9, split)
        }
    }
}
