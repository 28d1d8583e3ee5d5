import Basics
import Foundation
import Models
import TOMLKit

/// A training pipeline declared in research/pipelines/*.toml.
///
/// ```toml
/// endpoint = "income_classifier"
/// model = "random_forest"
/// version = "1.0.0"
/// algorithm = "random_forest"
/// seed = 42
/// dataset = "adult"                      # the only schema known so far
/// training_data = "research/data/adult/adult.data"
/// test_data = "research/data/adult/adult.test"
/// [hyperparameters]
/// trees = 100
/// ```
///
/// `modelpress train` and `verify` run pipelines; the training benchmark times them.
public struct Pipeline: Sendable {
    /// The file the pipeline was read from (or, when rebuilt from a record, that record's).
    public var file: String
    public var endpoint: String
    public var model: String
    public var version: String
    public var algorithm: Algorithm
    public var seed: UInt64
    /// Paths of the training and test files, relative to the repository root.
    public var trainingData: String
    public var testData: String
    /// The `[hyperparameters]` table, every scalar as its text.
    public var hyperparameters: [String: String]

    /// Every `research/pipelines/*.toml` under the current directory, sorted by name; none when
    /// the folder is missing.
    public static func defaultFiles() -> [URL] {
        let folder = URL(fileURLWithPath: RepositoryLayout.pipelinesFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Reads and checks a pipeline file: known keys only, a known algorithm, hyper-parameters
    /// the trainer accepts.
    /// - Throws: `PipelineError` naming the file (and line, for TOML syntax) and the problem.
    public init(contentsOf url: URL) throws {
        file = url.path
        guard let data = FileManager.default.contents(atPath: url.path), let text = TextFile.decode(data) else {
            throw PipelineError(file: url.path, message: "cannot read the pipeline file")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PipelineError(file: "\(url.path):\(error.source.begin.line)", message: error.description)
        }
        let known: Set = [
            "endpoint", "model", "version", "algorithm", "seed", "dataset", "training_data", "test_data",
            "hyperparameters",
        ]
        if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
            throw PipelineError(file: url.path, message: "unknown key '\(unknown)'")
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
        let name = try string("algorithm")
        guard let algorithm = Algorithm(rawValue: name) else {
            let names = Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
            throw PipelineError(file: url.path, message: "algorithm '\(name)' is not one of \(names)")
        }
        self.algorithm = algorithm
        guard let seed = table["seed"]?.int, seed >= 0 else {
            throw PipelineError(file: url.path, message: "'seed' is required and must be a non-negative integer")
        }
        self.seed = UInt64(seed)
        if let dataset = table["dataset"]?.string, dataset != "adult" {
            throw PipelineError(file: url.path, message: "dataset '\(dataset)' is unknown (only 'adult' is)")
        }
        trainingData = try string("training_data")
        testData = try string("test_data")
        var values: [String: String] = [:]
        for (key, value) in table["hyperparameters"]?.table ?? TOMLTable() {
            if let int = value.int {
                values[key] = String(int)
            } else if let double = value.double {
                values[key] = String(double)
            } else if let bool = value.bool {
                values[key] = String(bool)
            } else if let text = value.string {
                values[key] = text
            } else {
                throw PipelineError(file: url.path, message: "hyper-parameter '\(key)' must be a scalar")
            }
        }
        hyperparameters = values
        do {
            switch algorithm {
            case .gradientBoosting: _ = try Trainer.boostingParameters(values)
            default: _ = try Trainer.forestParameters(algorithm, values)
            }
        } catch let error as HyperparameterError {
            throw PipelineError(file: url.path, message: error.description)
        }
    }

    /// The pipeline a training record was made from (`modelpress verify` retrains it).
    public init(record: TrainingRecord, algorithm: Algorithm, file: String) {
        self.file = file
        endpoint = record.endpoint
        model = record.model
        version = record.version
        self.algorithm = algorithm
        seed = record.seed
        trainingData = record.trainingData.path
        testData = record.testData.path
        hyperparameters = record.hyperparameters
    }

    /// Loads the training and test files (checked against their folders' SHA256SUMS), with the
    /// schema fitted on the training file.
    /// - Throws: the data errors of `Checksums`, `DelimitedTable` and `Dataset`.
    public func loadData() throws -> (train: Dataset, test: Dataset, trainSHA: String, testSHA: String) {
        let trainURL = URL(fileURLWithPath: trainingData)
        let testURL = URL(fileURLWithPath: testData)
        let columns = AdultData.fieldKinds.count + 1
        let trainSums = try Checksums(folder: trainURL.deletingLastPathComponent())
        let testSums = try Checksums(folder: testURL.deletingLastPathComponent())
        let trainSHA = try trainSums.verify(trainURL)
        let testSHA = try testSums.verify(testURL)
        let trainTable = try CSVTable(contentsOf: trainURL, columns: columns)
        let testTable = try CSVTable(contentsOf: testURL, columns: columns)
        let schema = AdultData.schema(fittedOn: trainTable)
        return (
            try Dataset(table: trainTable, schema: schema), try Dataset(table: testTable, schema: schema), trainSHA,
            testSHA
        )
    }
}
