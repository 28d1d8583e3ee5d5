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
                splits (categories named by the file's pandas_categorical line), default_left, \
                missing types None, Zero and NaN; random-forest mode (average_output)
                  xgboost    XGBoost's JSON model (save_model("m.json"); UBJSON is refused: save \
                JSON): binary:logistic, multi:softprob / multi:softmax, reg:squarederror; \
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
                OneHotEncoder / LabelEncoder, Concat, Reshape and Cast nodes; any other node is \
                refused by name

                The pipeline is a pipeline without `algorithm` or [hyperparameters]: endpoint, \
                model, version, the [data] the model was trained on (its schema: the model's \
                features, categories and classes must match it, classes in the schema's order, \
                sorted, the positive class second) and optionally [evaluation] and `seed` (which \
                draws a split's held-out rows). Anything the converter cannot convert exactly (an \
                objective, linear trees, a mismatch with the declared data) is refused, naming \
                the file, line and what differs.

                research/artifacts/<endpoint>/<model>/<version>/ gets model.bin, training.json \
                (with `source`: the format, the library and the version its file records, the \
                file's SHA-256 and path, and the importer, instead of hyper-parameters) and \
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
            let source = URL(fileURLWithPath: file).standardizedFileURL
            let pipelineURL = URL(fileURLWithPath: pipeline).standardizedFileURL
            let artifactsFolder = output.artifactsFolder
            let root = try RepositoryRoot.resolve(nil)
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
            let id = VersionID(endpoint: pipeline.endpoint, model: pipeline.model, version: pipeline.version)
            let registry = Registry(folder: nil, root: ".")
            let state = output.noRegister ? nil : try reportingRegistryErrors { try registry.load() }
            if let state { try Train.checkRegistrable(id, state: state, file: pipelineURL.path, verb: "import") }
            guard let bytes = FileManager.default.contents(atPath: source.path) else {
                throw ValidationError("cannot read the model file \(source.path)")
            }
            let folder = URL(
                fileURLWithPath: RepositoryLayout.artifactFolder(
                    of: id, in: artifactsFolder ?? RepositoryLayout.artifactsFolder))
            let existed = FileManager.default.fileExists(atPath: folder.path)
            do {
                try importAndRegister(
                    Array(bytes), source: source, pipeline: pipeline, id: id, folder: folder, root: root,
                    state: state, registry: registry)
            } catch {
                // A version that cannot be registered leaves no artifact behind to be mistaken for one.
                if !existed { try? FileManager.default.removeItem(at: folder) }
                if let error = error as? DataFileError {
                    throw PipelineError(file: pipelineURL.path, message: error.description)
                }
                throw error
            }
        }

        private func importAndRegister(
            _ bytes: [UInt8], source: URL, pipeline: Pipeline, id: VersionID, folder: URL, root: String,
            state: RegistryState?, registry: Registry
        ) throws {
            let format = try format ?? ModelImporter.detect(bytes, file: file)
            print("[\(id)] loading \(pipeline.data.training)")
            let data = try pipeline.loadData()
            try reportingRegistryErrors { try Train.schemaCheck(id, state: state)(data.train.schema) }
            for note in data.notes { print("[\(id)] \(note)") }
            for warning in data.warnings { printError("[\(id)] warning: \(warning)") }
            let start = DispatchTime.now().uptimeNanoseconds
            let converted = try ModelImporter.convert(bytes, format: format, schema: data.train.schema, file: file)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
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
                    kept: kept, sha256: Digest.sha256(bytes), importer: ModelImporter.identity))
            print("[\(id)] converted \(converted.library) \(converted.libraryVersion) model \(file)")
            for line in converted.inputMapping { print("[\(id)] \(line)") }
            if !kept {
                print("[\(id)] note: \(file) is outside the repository; keep it there for `modelpress verify`")
            }
            let model = try Train.writeArtifact(model: converted.ensemble.serialized(), record: record, into: folder)
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
            if case .registered(_, let additions) = outcome, !additions.isEmpty {
                print("[\(id)] extended \(id.endpoint)'s schema: \(additions.joined(separator: "; "))")
            }
        }
    }
}

extension ModelImporter.Format: ExpressibleByArgument {}
