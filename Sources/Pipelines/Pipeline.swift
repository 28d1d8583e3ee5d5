import Basics
import Foundation
import Models
import TOMLKit

/// A training pipeline declared in research/pipelines/*.toml.
///
/// ```toml
/// endpoint = "penguin_species"
/// model = "random_forest"
/// version = "1.0.0"
/// algorithm = "random_forest"
/// seed = 42
/// [data]
/// training = "research/data/penguins/penguins.csv"   # no test file: 20% held out
/// label = "species"
/// [hyperparameters]
/// trees = 100
/// [evaluation]
/// slices = ["island", "sex", ["island", "sex"]]
/// ```
///
/// research/pipelines/README.md documents every key. `modelpress train` and `verify` run
/// pipelines; the training benchmark times them. A pipeline without `algorithm` declares a
/// model trained elsewhere, for `modelpress import`: no hyper-parameters, and `seed` (default 0)
/// only draws the held-out rows of a split.
public struct Pipeline: Sendable {
    /// The file the pipeline was read from (or, when rebuilt from a record, that record's).
    public var file: String
    public var endpoint: String
    public var model: String
    public var version: String
    /// What trains the model; nil when the pipeline imports one.
    public var algorithm: Algorithm?
    public var seed: UInt64
    /// The `[data]` table.
    public var data: DataDeclaration
    /// The `[hyperparameters]` table, every scalar as its text.
    public var hyperparameters: [String: String]
    /// The `[evaluation]` table: `slices`, each the fields it groups by (one, or several
    /// crossed), and `[evaluation.bands]`, how each numeric field named in a slice is banded.
    public var evaluation: SliceDeclaration
    /// An import pipeline's `trained_on = "split"`: the model was trained elsewhere on exactly
    /// the rows `[data]`'s seeded split leaves for training, so the rows it holds out are a fair
    /// test. Without it and without a `test` file, `modelpress import` refuses to evaluate.
    public var trainedOnSplit = false

    /// Every `research/pipelines/*.toml` under the current directory, sorted by name; none when
    /// the folder is missing.
    public static func defaultFiles() -> [URL] { files(in: RepositoryLayout.pipelinesFolder) }

    /// Every pipeline file that may describe a registered version: research/pipelines/*.toml and
    /// the import pipelines beside their models in research/imports/*.toml (relative to the
    /// current directory, the repository root).
    public static func describingFiles() -> [URL] {
        defaultFiles() + files(in: RepositoryLayout.importsFolder)
    }

    private static func files(in path: String) -> [URL] {
        let folder = URL(fileURLWithPath: path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Reads and checks a pipeline file: known keys only, a known algorithm, hyper-parameters
    /// the trainer accepts.
    /// - Throws: `PipelineError` naming the file (and line, for TOML syntax) and the problem.
    public init(contentsOf url: URL) throws {
        file = url.path
        guard let bytes = FileManager.default.contents(atPath: url.path) else {
            throw PipelineError(
                file: url.path, message: "cannot read the pipeline file: \(FileProblem.reason(reading: url.path))")
        }
        guard let text = TextFile.decode(bytes) else {
            throw PipelineError(file: url.path, message: "is not UTF-8 text; save the pipeline file as UTF-8")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PipelineError(file: "\(url.path):\(error.source.begin.line)", message: error.description)
        }
        let known: Set = [
            "endpoint", "model", "version", "algorithm", "seed", "data", "hyperparameters", "evaluation", "trained_on",
        ]
        if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
            let hint =
                ["dataset", "training_data", "test_data"].contains(unknown)
                ? "; the data is declared in a [data] table now (training, test, label: see research/pipelines/README.md)"
                : NearestName.hint(for: unknown, in: known.sorted())
            throw PipelineError(file: url.path, message: "unknown key '\(unknown)'\(hint)")
        }
        func string(_ key: String) throws -> String {
            guard let value = table[key]?.string, !value.isEmpty else {
                throw PipelineError(file: url.path, message: "'\(key)' is required and must be a string")
            }
            return value
        }
        endpoint = try string("endpoint")
        model = try string("model")
        version = try string("version")
        if table["algorithm"] == nil {
            algorithm = nil
        } else {
            let name = try string("algorithm")
            guard let algorithm = Algorithm(rawValue: name) else {
                let names = Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw PipelineError(
                    file: url.path,
                    message: "algorithm '\(name)' is not one of \(names)"
                        + NearestName.hint(for: name, in: Algorithm.allCases.map(\.rawValue)))
            }
            self.algorithm = algorithm
        }
        guard let seed = table["seed"]?.int ?? (algorithm == nil ? 0 : nil), seed >= 0 else {
            throw PipelineError(file: url.path, message: "'seed' is required and must be a non-negative integer")
        }
        self.seed = UInt64(seed)
        guard let dataTable = table["data"]?.table else {
            throw PipelineError(
                file: url.path, message: "a [data] table is required (at least training = \"….csv\" and label = \"…\")")
        }
        data = try Self.data(dataTable, file: url.path)
        evaluation = try Self.evaluation(table["evaluation"]?.table, file: url.path)
        if let trainedOn = table["trained_on"] {
            guard trainedOn.string == "split" else {
                throw PipelineError(
                    file: url.path,
                    message: "'trained_on' can only be \"split\" (the model was trained on the rows the seeded split "
                        + "leaves for training)")
            }
            guard algorithm == nil, data.test == nil else {
                throw PipelineError(
                    file: url.path,
                    message:
                        "'trained_on' belongs to a pipeline for `modelpress import` without a `test` file: it says "
                        + "that the model trained elsewhere never saw the rows the seeded split holds out")
            }
            trainedOnSplit = true
        }
        var values: [String: String] = [:]
        var quoted: Set<String> = []
        for (key, value) in table["hyperparameters"]?.table ?? TOMLTable() {
            if let int = value.int {
                values[key] = String(int)
            } else if let double = value.double {
                values[key] = String(double)
            } else if let bool = value.bool {
                values[key] = String(bool)
            } else if let text = value.string {
                values[key] = text
                quoted.insert(key)
            } else {
                throw PipelineError(file: url.path, message: "hyper-parameter '\(key)' must be a scalar")
            }
        }
        hyperparameters = values
        guard let algorithm else {
            guard values.isEmpty else {
                throw PipelineError(
                    file: url.path,
                    message: "[hyperparameters] belong to a pipeline that trains (it names an algorithm); a "
                        + "pipeline without one imports a model trained elsewhere, with its own")
            }
            return
        }
        do {
            try Trainer.check(algorithm, values, quoted: quoted)
        } catch let error as HyperparameterError {
            throw PipelineError(file: url.path, message: error.description)
        }
    }

    /// The pipeline a training record was made from (`modelpress verify` retrains it).
    public init(record: TrainingRecord, algorithm: Algorithm?, file: String) {
        self.file = file
        endpoint = record.endpoint
        model = record.model
        version = record.version
        self.algorithm = algorithm
        seed = record.seed
        data = record.declaredData
        hyperparameters = record.hyperparameters
        evaluation = record.evaluation ?? SliceDeclaration()
    }

    /// The `min_samples_leaf` the pipeline trains with (its algorithm's default when not
    /// declared), or nil when it imports a model or its hyper-parameters do not read (training
    /// says why).
    var minimumLeaf: Int? {
        switch algorithm {
        case nil: nil
        case .gradientBoosting?: (try? Trainer.boostingParameters(hyperparameters))?.minSamplesLeaf
        case let algorithm?: (try? Trainer.forestParameters(algorithm, hyperparameters))?.minSamplesLeaf
        }
    }

    /// Loads the declared data (files checked against their folders' SHA256SUMS) and checks
    /// that the evaluation slices name its fields.
    /// - Parameters:
    ///   - root: the folder the data paths are relative to.
    ///   - progress: called with a line for people after each step of reading a large file.
    ///   - recorded: the digests a version's training.json records for its files, which the
    ///     files must still have (see `DataDeclaration.load`).
    ///   - fieldOrder: the input fields' order when the file's columns may come in another
    ///     (`DataDeclaration.load`).
    /// - Throws: `DataFileError` (see `DataDeclaration.load`), or `PipelineError` for a slice
    ///   naming a field the data does not have or a numeric field without bands.
    public func loadData(
        root: URL = URL(fileURLWithPath: "."), progress: (@Sendable (String) -> Void)? = nil,
        recorded: (training: String, test: String?)? = nil, fieldOrder: (names: [String], of: String)? = nil
    ) throws -> LoadedData {
        let loaded = try data.load(
            seed: seed, root: root, progress: progress, minimumLeaf: minimumLeaf, recorded: recorded,
            fieldOrder: fieldOrder)
        // The file's text and the parse's scratch are freed: training has no use for them.
        FreedMemory.release()
        for name in Set(evaluation.slices.joined()).sorted() {
            guard let field = loaded.train.schema.field(named: name) else {
                let names = loaded.train.schema.fields.map(\.name).joined(separator: ", ")
                throw PipelineError(
                    file: file, message: "[evaluation] slices name '\(name)', which is not a field (fields: \(names))")
            }
            if field.kind == .numeric, evaluation.bands[name] == nil {
                throw PipelineError(
                    file: file,
                    message: "[evaluation] slices name the numeric field '\(name)'; band it in [evaluation.bands] "
                        + "(\(name) = [edges…] or \(name) = { quantiles = 4 })")
            }
        }
        for name in evaluation.bands.keys.sorted() where loaded.train.schema.field(named: name)?.kind != .numeric {
            throw PipelineError(file: file, message: "[evaluation.bands] names '\(name)', which is not a numeric field")
        }
        return loaded
    }
}
