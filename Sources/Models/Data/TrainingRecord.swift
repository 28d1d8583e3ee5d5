import Basics
import Foundation

/// What a training run records next to its artifact (`training.json`): the facts a model
/// card, the registry and `modelpress verify` need to describe and reproduce the version.
///
/// It lives in the version's artifact folder beside `model.bin` and, once evaluated,
/// `evaluation.json` (see `RepositoryLayout`).
public struct TrainingRecord: Encodable, Equatable, Sendable {
    /// A data file used by the run, with its SHA-256 (registry events record it too).
    public struct DataFile: Codable, Equatable, Sendable {
        /// Path relative to the repository root.
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public var endpoint: String
    public var model: String
    public var version: String
    /// `random_forest`, `extra_trees`, `gradient_boosting` or `decision_tree`; for an imported
    /// model, its format (`lightgbm`).
    public var algorithm: String
    /// Hyper-parameters by name, as written in the pipeline (numbers in their canonical form);
    /// none for an imported model.
    public var hyperparameters: [String: String]
    public var seed: UInt64
    public var trainingData: DataFile
    public var testData: DataFile
    /// The trainer that made the artifact (`modelpress-trees/9`); `verify` retrains the versions
    /// whose bytes the current trainer gives (`Trainer.reproduces`).
    public var trainer: String
    public var trainingSeconds: Double
    /// UTC, ISO 8601 (`2026-11-22T03:00:00Z`).
    public var createdAt: String
    public var schema: Schema
    /// The data as the pipeline declared it, with what was inferred filled in; nil in records
    /// written before data was declared (their files are read as `DataDeclaration(legacyFiles:)` says).
    public var data: DataDeclaration?
    /// The held-out rows when the test rows came from the training file.
    public var split: DataSplit?
    /// The pipeline's `[evaluation]` breakdowns, when it declared any.
    public var evaluation: SliceDeclaration?
    /// Where an imported model came from; nil for a model trained here.
    public var source: ImportSource?
    /// Per categorical field of more categories than a model keeps (254), the categories of
    /// the training rows the model does not keep (the rarest; `FeatureBinning.keptCategories`),
    /// in byte order, scored as missing values; nil when the model keeps every category.
    public var categoriesNotKept: [String: [String]]?
    /// What gradient boosting's early stopping did; nil for other algorithms, without early
    /// stopping, and in records written before it was recorded.
    public var earlyStopping: EarlyStopping?

    public init(
        endpoint: String, model: String, version: String, algorithm: String,
        hyperparameters: [String: String], seed: UInt64, trainingData: DataFile, testData: DataFile,
        trainer: String, trainingSeconds: Double, createdAt: String, schema: Schema, data: DataDeclaration? = nil,
        split: DataSplit? = nil, evaluation: SliceDeclaration? = nil, source: ImportSource? = nil,
        categoriesNotKept: [String: [String]]? = nil, earlyStopping: EarlyStopping? = nil
    ) {
        self.endpoint = endpoint
        self.model = model
        self.version = version
        self.algorithm = algorithm
        self.hyperparameters = hyperparameters
        self.seed = seed
        self.trainingData = trainingData
        self.testData = testData
        self.trainer = trainer
        self.trainingSeconds = trainingSeconds
        self.createdAt = createdAt
        self.schema = schema
        self.data = data
        self.split = split
        self.evaluation = evaluation
        self.source = source
        self.categoriesNotKept = categoriesNotKept
        self.earlyStopping = earlyStopping
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, model, version, algorithm, hyperparameters, seed
        case trainingData = "training_data"
        case testData = "test_data"
        case trainer
        case trainingSeconds = "training_seconds"
        case createdAt = "created_at"
        case schema, data, split, evaluation, source
        case categoriesNotKept = "categories_not_kept"
        case earlyStopping = "early_stopping"
    }
}

extension TrainingRecord {
    /// The version the record describes.
    public var id: VersionID { VersionID(endpoint: endpoint, model: model, version: version) }

    /// The data declaration the record's files are read with.
    public var declaredData: DataDeclaration {
        data ?? DataDeclaration(legacyFiles: trainingData.path, test: testData.path, schema: schema)
    }

    /// The labelled rows of another file read as the version's test file would be (its header
    /// and missing markers as declared), but not checked against SHA256SUMS: rows to replay
    /// through a server, say. A file with a header row has its separator detected from it, as
    /// `modelpress predict` detects one (trial29 #12: a `;` file was read with the `,` the
    /// training file had); a headerless one keeps the declared separator.
    /// - Parameters:
    ///   - path: the file, absolute or relative to `root`.
    /// - Throws: `DataFileError` naming the file, line and field of what cannot be read.
    public func dataset(readingFile path: String, root: URL) throws -> FileRows {
        var declaration = declaredData
        declaration.test = path
        if declaration.header == nil { declaration.separator = nil }
        let (rows, _, unlabelled, header) = try declaration.testData(schema: schema, root: root, checked: false)
        let read = Set(schema.fields.map(\.name) + [schema.label] + declaredData.ignore)
        return FileRows(rows: rows, unreadColumns: header.filter { !read.contains($0) }, unlabelledWarning: unlabelled)
    }

    /// Another file's rows as `dataset(readingFile:root:)` reads them, with what it leaves out
    /// (trial29 #18: an extra column was passed over without a word).
    public struct FileRows: Sendable {
        /// The labelled rows, in the version's schema.
        public var rows: Dataset
        /// The file's columns, in file order, that the version does not read and its training
        /// data did not declare ignored (`ignore`): a column the version never learned from.
        public var unreadColumns: [String]
        /// Says which rows were left out for a missing label; nil when none were.
        public var unlabelledWarning: String?
    }

    /// The test rows the version was evaluated on when it was trained, read again: the test
    /// file, or the rows `split` held out of the training file, drawn again and checked against
    /// the recorded digest.
    /// - Parameter root: the folder the record's paths are relative to (the repository root).
    /// - Throws: `DataFileError` when a file is missing, altered or malformed, or the rows drawn
    ///   are not the recorded ones.
    /// - Complexity: O(rows × columns).
    public func testDataset(root: URL) throws -> Dataset {
        guard let split else {
            return try declaredData.testData(schema: schema, root: root, expectedSHA256: testData.sha256).0
        }
        let (whole, rows) = try splitRows(split, root: root)
        return whole.subset(rows.test)
    }

    /// The rows the version was trained on, read again: the training file, less the rows
    /// `split` held out of it (drawn again and checked as `testDataset` does).
    /// - Parameter root: the folder the record's paths are relative to (the repository root).
    /// - Throws: `DataFileError` as `testDataset`.
    /// - Complexity: O(rows × columns).
    public func trainingDataset(root: URL) throws -> Dataset {
        guard let split else {
            var declaration = declaredData
            declaration.test = trainingData.path
            return try declaration.testData(schema: schema, root: root, expectedSHA256: trainingData.sha256).0
        }
        let (whole, rows) = try splitRows(split, root: root)
        return whole.subset(rows.training)
    }

    /// The training file as a data set and its rows split again as `split` records, checked
    /// against the recorded held-out rows.
    private func splitRows(_ split: DataSplit, root: URL) throws -> (Dataset, (training: [Int], test: [Int])) {
        let file = try DataTable(
            reading: trainingData.path, declaration: declaredData, root: root, expectedSHA256: trainingData.sha256)
        let columns = try file.columns(schema.fields.map(\.name) + [schema.label], what: "training column")
        let rows = try heldOutRows(split, of: file, labelColumn: columns[columns.count - 1])
        return (try Dataset(table: file.table, schema: schema, columns: columns), rows)
    }

    /// The training file's rows split again as `split` records (by the label at `labelColumn`
    /// when stratified), checked against the recorded held-out rows.
    /// - Throws: `DataFileError` when a label is not a class, or the rows drawn are not the recorded ones.
    func heldOutRows(
        _ split: DataSplit, of file: DataTable, labelColumn: Int
    ) throws -> (training: [Int], test: [Int]) {
        let groups =
            try split.stratified
            ? file.classIndices(column: labelColumn, classes: schema.labelValues, label: schema.label)
            : nil
        let rows = DataSplit.rows(
            rowCount: file.table.recordCount, groups: groups, fraction: split.testFraction, seed: split.seed)
        let digest = DataSplit.digest(lines: rows.test.map { file.table.line(of: $0) })
        guard rows.test.count == split.testRows, digest == split.testLinesSHA256 else {
            throw DataFileError(
                file: file.table.file,
                reason: .malformed(
                    "the held-out rows drawn again (\(rows.test.count)) are not the \(split.testRows) recorded in "
                        + "training.json; the split or its file changed, so train the version again"))
        }
        return rows
    }
}
