import JSONReading

/// Where an imported version's model came from (training.json's `source`): what a card shows
/// instead of hyper-parameters, and what `modelpress verify` converts again.
public struct ImportSource: Codable, Equatable, Sendable {
    /// `lightgbm`: a `ModelImporter.Format`.
    public var format: String
    /// The library that wrote the file, and the version the file records.
    public var library: String
    public var libraryVersion: String
    /// The file's path from the repository root when it is kept in the repository (then
    /// `verify` converts it again), else its name as given.
    public var path: String
    /// Whether `path` is in the repository.
    public var kept: Bool
    public var sha256: String
    /// The importer that converted it (`ModelImporter.identity`).
    public var importer: String
    /// `split` when the import pipeline declared `trained_on = "split"`: the library trained on
    /// the rows the seeded split leaves for training, so the held-out rows are a fair test; nil
    /// with a test file (and in records made before the key existed).
    public var trainedOn: String?
    /// What the model file's own importances measure (`importanceMeasure` for records made
    /// before the key existed).
    public var importance: ImportanceMeasure?

    public init(
        format: String, library: String, libraryVersion: String, path: String, kept: Bool, sha256: String,
        importer: String, trainedOn: String? = nil, importance: ImportanceMeasure? = nil
    ) {
        self.format = format
        self.library = library
        self.libraryVersion = libraryVersion
        self.path = path
        self.kept = kept
        self.sha256 = sha256
        self.importer = importer
        self.trainedOn = trainedOn
        self.importance = importance
    }

    /// What the importances measure: as recorded, else as the importer of the time made them
    /// (an ONNX file's count the splits, LightGBM's and XGBoost's sum the gains).
    public var importanceMeasure: ImportanceMeasure {
        importance ?? (format == ModelImporter.Format.onnx.rawValue ? .splits : .gain)
    }

    enum CodingKeys: String, CodingKey {
        case format, library
        case libraryVersion = "library_version"
        case path, kept, sha256, importer
        case trainedOn = "trained_on"
        case importance
    }

    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var format: String?, library: String?, libraryVersion: String?, path: String?, kept: Bool?
        var sha256: String?, importer: String?, trainedOn: String?, importance: ImportanceMeasure?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "format": format = try reader.string()
            case "library": library = try reader.string()
            case "library_version": libraryVersion = try reader.string()
            case "path": path = try reader.string()
            case "kept": kept = try reader.bool()
            case "sha256": sha256 = try reader.string()
            case "importer": importer = try reader.string()
            case "trained_on": trainedOn = try reader.string()
            case "importance":
                let text = try reader.string()
                guard let measure = ImportanceMeasure(rawValue: text) else {
                    throw reader.fail(
                        "importance '\(text)' is none of \(ImportanceMeasure.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                importance = measure
            default: try reader.skipValue()
            }
        }
        self.init(
            format: try reader.required(format, "format"), library: try reader.required(library, "library"),
            libraryVersion: try reader.required(libraryVersion, "library_version"),
            path: try reader.required(path, "path"), kept: try reader.required(kept, "kept"),
            sha256: try reader.required(sha256, "sha256"), importer: try reader.required(importer, "importer"),
            trainedOn: trainedOn, importance: importance)
    }
}

/// What a model file's own importances (`TreeModel.featureImportances`, evaluation.json's
/// `importances.model`) measure per field, each a share of the whole.
public enum ImportanceMeasure: String, Codable, Sendable, CaseIterable {
    /// The gain of the splits on the field: the loss reduction a booster records (LightGBM's
    /// `split_gain`, its `importance_type="gain"`; XGBoost's `loss_changes`, its `total_gain`)
    /// or the impurity decrease of a forest's splits (modelpress's own trainers).
    case gain
    /// The splits on the field, counted: all an ONNX tree ensemble records.
    case splits
    /// Nothing: the model has no split with a gain (its trees are leaves, or the file records
    /// no gain).
    case none
}
