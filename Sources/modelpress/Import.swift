import ArgumentParser
import Basics
import Evaluation
import Foundation
import Models
import Pipelines
import Registry

extension ModelPress {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a tree model trained elsewhere into a version: artifact, evaluation, registration.",
            discussion: """
                Reads FILE, a model another library saved, converts it once into modelpress's \
                model file, and from then on the version is like a trained one: evaluated, \
                registered in testing, promoted, A/B tested, served by predict.cgi and published.

                Formats (--format, else recognised from the file):
                  lightgbm   LightGBM's text model (Booster.save_model("m.txt")): objectives \
                binary (with its sigmoid), multiclass (softmax; not multiclassova) and the \
                regression objectives whose output is the score; numerical and categorical \
                splits (categories named by the file's pandas_categorical line; a bool column's \
                false/true name the data's false/true in any letter case), default_left, \
                missing types None, Zero and NaN; random-forest mode (average_output)
                  xgboost    XGBoost's JSON model (save_model("m.json"); UBJSON is refused: save \
                JSON): binary:logistic, multi:softprob / multi:softmax, and the regression \
                objectives whose prediction is the margin: reg:squarederror, reg:squaredlogerror, \
                reg:pseudohubererror, reg:absoluteerror, reg:quantileerror with one quantile; \
                base_score as a number (before 3.1) or a list (3.1+); splits `value < threshold` \
                in float32 with default_left; numeric features only, matched by name
                  onnx       an ONNX model ending in an ONNX-ML TreeEnsembleClassifier, \
                TreeEnsembleRegressor or opset-5 TreeEnsemble, as skl2onnx writes scikit-learn's \
                RandomForest, ExtraTrees, GradientBoosting and HistGradientBoosting: every \
                branch mode (LEQ, LT, GTE, GT, EQ, NEQ, set membership), missing values by \
                nodes_missing_value_tracks_true, post_transform NONE, LOGISTIC (binary) and \
                SOFTMAX (multiclass), base_values, class labels as strings or int64; one input \
                of numbers matched to the numeric fields by position (the mapping is printed), \
                or one input per field named after it, through a ColumnTransformer's \
                OneHotEncoder / LabelEncoder, Concat, Gather (of columns: a transformer over one \
                column), Reshape and Cast nodes; any other node is refused by name. Trees that \
                record no way for missing values (skl2onnx records it for HistGradientBoosting \
                only) send one to each split's false branch, as onnxruntime does; scikit-learn's \
                own predict may not, and a note says so when the data may miss a field they use

                The pipeline is a pipeline without `algorithm` or [hyperparameters]: endpoint, \
                model, version, the [data] the model was trained on (its schema: the model's \
                features, categories and classes must match it, classes in the schema's order, \
                sorted, the positive class second) and optionally [evaluation]. The model is \
                evaluated on [data]'s `test` file, which it must not have been trained on; without \
                one, on the rows a seeded split (`seed`, `test_fraction`) holds out of the \
                training file, and only when the pipeline says `trained_on = "split"`: the model \
                was trained on exactly the other rows. Anything the converter cannot convert \
                exactly (an objective, linear trees, a mismatch with the declared data) is \
                refused, naming the file, line and what differs (a field the model reads as the \
                other kind than the endpoint's versions fixed: with the `modelpress new … \
                --column` that makes an endpoint for it); so is a binary LightGBM or \
                XGBoost model whose score ranks the test rows backwards (ROC AUC below 0.5: \
                those files do not say which class their score is for; declare the other \
                `positive`), and a Python pickle, which is never loaded.

                research/artifacts/<endpoint>/<model>/<version>/ gets model.bin, training.json \
                (with `source`: the format, the library and the version its file records (a \
                LightGBM text model records only its format's, v4), the file's SHA-256 and path, \
                the importer, and what the model's importances are: `importance` gain for \
                LightGBM and XGBoost, splits for ONNX, whose file records no gain; instead of \
                hyper-parameters) and \
                evaluation.json. A source file inside the repository is kept by path, and \
                `modelpress verify` converts it again and compares the bytes.

                Examples:
                  modelpress import research/imports/income_lightgbm.txt \\
                      --pipeline research/imports/income_lightgbm.toml
                  modelpress import m.txt --format lightgbm --pipeline p.toml --no-register
                """
        )

        @Argument(help: "The model file to convert.")
        var file: String

        @Option(help: "The file's format (default: recognised from the file).")
        var format: ModelImporter.Format?

        @Option(help: "The pipeline (TOML) naming the version and the data the model was trained on.")
        var pipeline: String

        @OptionGroup var output: ArtifactOptions

        func run() throws {
            let root = try RepositoryRoot.resolve(nil)
            let source = URL(fileURLWithPath: file).standardizedFileURL
            guard let bytes = FileManager.default.contents(atPath: source.path) else {
                throw CommandFailure(
                    "\(file): cannot read the model file: \(FileProblem.reason(reading: source.path)) (the path is "
                        + "taken from the current folder, \(FileManager.default.currentDirectoryPath))")
            }
            // What the file is, before any data is read: a pickle, the wrong --format, UBJSON.
            let format = try ModelImporter.format(of: Array(bytes), declared: format, file: file)
            let pipelineURL = URL(fileURLWithPath: pipeline).standardizedFileURL
            let artifactsFolder = output.artifactsFolder
            guard FileManager.default.changeCurrentDirectoryPath(root) else {
                throw ValidationError("cannot enter the repository root \(root)")
            }
            let pipeline = try Pipeline(contentsOf: pipelineURL)
            if let algorithm = pipeline.algorithm {
                throw PipelineError(
                    file: pipelineURL.path,
                    message: "names algorithm '\(algorithm.rawValue)', so it trains (`modelpress train`); a pipeline "
                        + "for import names none and has no [hyperparameters]")
            }
            if pipeline.data.test == nil, !pipeline.trainedOnSplit {
                throw PipelineError(
                    file: pipelineURL.path,
                    message: "[data] has no `test` file, so the model would be evaluated on rows a seeded split holds "
                        + "out of \(pipeline.data.training), and a model trained elsewhere has most likely seen them "
                        + "(trained on the whole file, or on another split): its metrics would look better than they "
                        + "are. Declare `test = \"….csv\"`, a file the model was not trained on; or, if the model was "
                        + "trained on exactly the rows this split leaves for training (seed \(pipeline.seed), "
                        + "test_fraction \(pipeline.data.testFraction), drawn as research/pipelines/README.md says), "
                        + "add `trained_on = \"split\"` to the pipeline")
            }
            let id = VersionID(endpoint: pipeline.endpoint, model: pipeline.model, version: pipeline.version)
            let registry = Registry(folder: nil, root: ".")
            let state = output.noRegister ? nil : try reportingRegistryErrors { try registry.load() }
            if let state {
                // An edited pipeline of a registered version is named with its edits, as `train` names them.
                if let registered = state.allVersions.first(where: { $0.id == id }) {
                    try Train.checkUnchanged(pipeline, registered: registered, file: pipelineURL.path)
                }
                try Train.checkRegistrable(id, state: state, file: pipelineURL.path, verb: "import")
            }
            let folder = URL(
                fileURLWithPath: RepositoryLayout.artifactFolder(
                    of: id, in: artifactsFolder ?? RepositoryLayout.artifactsFolder))
            let existed = FileManager.default.fileExists(atPath: folder.path)
            do {
                try importAndRegister(
                    Array(bytes), format: format, source: source, pipeline: pipeline, id: id, folder: folder,
                    root: root, state: state, registry: registry)
            } catch {
                // A version that cannot be registered leaves no artifact behind to be mistaken for one.
                if !existed { try? FileManager.default.removeItem(at: folder) }
                if let error = error as? DataFileError {
                    throw PipelineError(file: pipelineURL.path, message: error.description)
                }
                if let error = error as? ImportError {
                    // An endpoint whose versions fix a field's kind needs no advice to declare the other kind.
                    let fields = Train.fixedSchema(of: id.endpoint, state: state)?.fields ?? []
                    throw error.naming(ignored: pipeline.data.ignore).naming(
                        endpoint: id.endpoint,
                        fixedKinds: Dictionary(fields.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a }),
                        newEndpoint: "\(id.endpoint)_\(id.model)", data: pipeline.data,
                        pipeline: self.pipeline)
                }
                throw error
            }
        }

        private func importAndRegister(
            _ bytes: [UInt8], format: ModelImporter.Format, source: URL, pipeline: Pipeline, id: VersionID,
            folder: URL, root: String, state: RegistryState?, registry: Registry
        ) throws {
            print("[\(id)] loading \(pipeline.data.training)")
            let data = try pipeline.loadData(fieldOrder: Train.fieldOrder(of: id, state: state))
            try reportingRegistryErrors { try Train.schemaCheck(id, state: state)(data.train.schema) }
            for note in data.notes { print("[\(id)] \(note)") }
            if pipeline.trainedOnSplit {
                print(
                    "[\(id)] the pipeline says the model was trained without these rows (trained_on = \"split\"): "
                        + "they are its test")
            }
            for warning in data.warnings { printError("[\(id)] warning: \(warning)") }
            let start = DispatchTime.now().uptimeNanoseconds
            let converted = try ModelImporter.convert(bytes, format: format, schema: data.train.schema, file: file)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print("[\(id)] converted \(converted.library) \(converted.libraryVersion) model \(file)")
            for line in converted.inputMapping + converted.notes { print("[\(id)] \(line)") }
            let splitOn = Set(converted.ensemble.nodes.feature.lazy.filter { $0 >= 0 }.map(Int.init))
            let unused = data.train.schema.fields.indices.filter { !splitOn.contains($0) }
            if !unused.isEmpty {
                print(
                    "[\(id)] note: no tree splits on "
                        + ShortList.text(unused.map { data.train.schema.fields[$0].name })
                        + "; requests must still send \(unused.count == 1 ? "it" : "them"), as the endpoint's schema "
                        + "asks (null where a field may be missing)")
            }
            let serialized = try converted.ensemble.serialized()
            try Self.checkPositiveClass(
                TreeModel(bytes: serialized, name: file), data: data, format: format, file: file,
                pipeline: pipeline.file)
            let rootPrefix = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
            let kept = source.path.hasPrefix(rootPrefix)
            let record = TrainingRecord(
                endpoint: id.endpoint, model: id.model, version: id.version, algorithm: format.rawValue,
                hyperparameters: [:], seed: pipeline.seed, trainingData: data.trainingFile, testData: data.testFile,
                trainer: ModelImporter.identity, trainingSeconds: (seconds * 1000).rounded() / 1000,
                createdAt: Timestamp.now.description, schema: data.train.schema, data: data.declaration,
                split: data.split, evaluation: pipeline.evaluation.isEmpty ? nil : pipeline.evaluation,
                source: ImportSource(
                    format: format.rawValue, library: converted.library, libraryVersion: converted.libraryVersion,
                    path: kept ? String(source.path.dropFirst(rootPrefix.count)) : source.lastPathComponent,
                    kept: kept, sha256: Digest.sha256(bytes), importer: ModelImporter.identity,
                    trainedOn: pipeline.trainedOnSplit ? "split" : nil, importance: converted.importance))
            if !kept {
                print("[\(id)] note: \(file) is outside the repository; keep it there for `modelpress verify`")
            }
            let model = try Train.writeArtifact(model: .bytes(serialized), record: record, data: data, into: folder)
            let report = try VersionEvaluation.evaluate(folder: folder, root: URL(fileURLWithPath: ".")) {
                print("[\(id)] \($0)")
            }
            try report.write(to: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.evaluationReport.rawValue))
            print("[\(id)] test metrics: \(try Train.testMetrics(model, data.test))")
            guard !output.noRegister else { return }
            let outcome = try reportingRegistryErrors {
                try registry.register(
                    id, artifactFolder: folder, owner: nil, description: nil,
                    by: output.actor(), note: "imported by modelpress import from \(source.lastPathComponent)")
            }
            print("[\(id)] registered in testing")
            outcome.printSchemaChanges(of: id, prefix: "[\(id)] ")
        }

        /// Refuses a binary LightGBM or XGBoost model whose score ranks the test rows backwards
        /// (ROC AUC below 0.5): those files do not record which class their score is the
        /// probability of, and such a model was almost always trained with the other class as 1.
        /// (An ONNX classifier names its classes, and they are matched by name.)
        /// - Throws: `CommandFailure` naming the file, the AUC and the `positive` to declare.
        static func checkPositiveClass(
            _ model: TreeModel, data: LoadedData, format: ModelImporter.Format, file: String, pipeline: String
        ) throws {
            let test = data.test
            guard test.schema.task == .binary, format != .onnx, test.schema.labelValues.count == 2 else { return }
            let scored = try ScoredLabels(
                labels: test.labels.map { $0 == 1 }, scores: model.positiveProbabilities(test))
            let headline = HeadlineMetrics.compute(
                scored, threshold: EvaluationOptions().threshold, bootstrap: BootstrapSettings(resamples: 0))
            guard let auc = headline[.rocAUC].value, auc < 0.5 else { return }
            let (negative, positive) = (test.schema.labelValues[0], test.schema.labelValues[1])
            throw CommandFailure(
                "\(file): the model's score ranks the \(test.rowCount) test rows backwards (ROC AUC "
                    + "\(String(format: "%.3f", auc)), below 0.5, with '\(positive)' as the positive class): it is most "
                    + "likely the probability of '\(negative)', the model trained with '\(negative)' as class 1. "
                    + "\(format == .lightgbm ? "LightGBM" : "XGBoost")'s file does not record which class its score is "
                    + "for. If so, declare positive = \"\(negative)\" in [data] of \(pipeline) and import again (an "
                    + "endpoint whose positive class is '\(positive)' will refuse it: import into a new one); if not, the "
                    + "model is no better than chance on these rows. Nothing was written")
        }
    }
}

extension ModelImporter.Format: ExpressibleByArgument {}
