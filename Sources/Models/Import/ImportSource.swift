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

    public init(
        format: String, library: String, libraryVersion: String, path: String, kept: Bool, sha256: String,
        importer: String, trainedOn: String? = nil
    ) {
        self.format = format
        self.library = library
        self.libraryVersion = libraryVersion
        self.path = path
        self.kept = kept
        self.sha256 = sha256
        self.importer = importer
        self.trainedOn = trainedOn
    }

    enum CodingKeys: String, CodingKey {
        case format, library
        case libraryVersion = "library_version"
        case path, kept, sha256, importer
        case trainedOn = "trained_on"
    }

    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var format: String?, library: String?, libraryVersion: String?, path: String?, kept: Bool?
        var sha256: String?, importer: String?, trainedOn: String?
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
            default: try reader.skipValue()
            }
        }
        self.init(
            format: try reader.required(format, "format"), library: try reader.required(library, "library"),
            libraryVersion: try reader.required(libraryVersion, "library_version"),
            path: try reader.required(path, "path"), kept: try reader.required(kept, "kept"),
            sha256: try reader.required(sha256, "sha256"), importer: try reader.required(importer, "importer"),
            trainedOn: trainedOn)
    }
}
