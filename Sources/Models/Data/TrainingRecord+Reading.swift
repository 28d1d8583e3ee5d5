import Foundation
import JSONReading
import JSONWriting

// training.json is read with `JSONReader` (the site build reads one per version) and written
// by `JSONWriter` through the `Encodable` conformance, whose keys these are; the tests check
// that every committed record reads and writes back to the same bytes.

extension TrainingRecord {
    /// The record as training.json holds it: indented, sorted keys, a final newline.
    /// - Throws: `EncodingError` when a number is not finite.
    public func jsonData() throws -> Data {
        Data(try JSONWriter.encode(self, .document) + [0x0A])
    }

    /// Decodes a training record.
    /// - Throws: `JSONReadError` with line and column.
    public static func decode(_ data: some ContiguousBytes) throws(JSONReadError) -> TrainingRecord {
        try data.withUnsafeBytes { bytes in
            Result { () throws(JSONReadError) in try JSONReader.read(bytes, TrainingRecord.init(reading:)) }
        }.get()
    }

    /// Only `training_seconds` of a training record (the rest is checked for JSON syntax and
    /// skipped): what the site build shows from training.json, without reading the schema.
    /// - Throws: `JSONReadError` with line and column.
    public static func trainingSeconds(in data: some ContiguousBytes) throws(JSONReadError) -> Double? {
        try siteFacts(in: data).seconds
    }

    /// `training_seconds`, `split` and an imported model's `source` of a training.json, each nil
    /// when absent, without decoding the rest (the site reads them for every version).
    public static func siteFacts(
        in data: some ContiguousBytes
    ) throws(JSONReadError) -> (
        seconds: Double?, split: DataSplit?, source: ImportSource?, earlyStopping: EarlyStopping?
    ) {
        try data.withUnsafeBytes { bytes in
            Result { () throws(JSONReadError) in
                try JSONReader.read(bytes) { reader throws(JSONReadError) in
                    var seconds: Double?
                    var split: DataSplit?
                    var source: ImportSource?
                    var earlyStopping: EarlyStopping?
                    try reader.beginObject()
                    while let key = try reader.nextKey() {
                        switch key {
                        case "training_seconds": seconds = try reader.double()
                        case "split": split = try DataSplit(reading: &reader)
                        case "source": source = try ImportSource(reading: &reader)
                        case "early_stopping": earlyStopping = try EarlyStopping(reading: &reader)
                        default: try reader.skipValue()
                        }
                    }
                    return (seconds, split, source, earlyStopping)
                }
            }
        }.get()
    }

    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var endpoint: String?, model: String?, version: String?, algorithm: String?
        var hyperparameters: [String: String]?, seed: UInt64?, trainingData: DataFile?, testData: DataFile?
        var trainer: String?, trainingSeconds: Double?, createdAt: String?, schema: Schema?
        var data: DataDeclaration?, split: DataSplit?, evaluation: SliceDeclaration?, source: ImportSource?
        var categoriesNotKept: [String: [String]]?
        var earlyStopping: EarlyStopping?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "endpoint": endpoint = try reader.string()
            case "model": model = try reader.string()
            case "version": version = try reader.string()
            case "algorithm": algorithm = try reader.string()
            case "hyperparameters":
                var map: [String: String] = [:]
                try reader.beginObject()
                while let name = try reader.nextKey() { map[name.string] = try reader.string() }
                hyperparameters = map
            case "seed": seed = try reader.uint64()
            case "training_data": trainingData = try DataFile(reading: &reader)
            case "test_data": testData = try DataFile(reading: &reader)
            case "trainer": trainer = try reader.string()
            case "training_seconds": trainingSeconds = try reader.double()
            case "created_at": createdAt = try reader.string()
            case "schema": schema = try Schema(reading: &reader)
            case "data": data = try DataDeclaration(reading: &reader)
            case "split": split = try DataSplit(reading: &reader)
            case "evaluation": evaluation = try SliceDeclaration(reading: &reader)
            case "source": source = try ImportSource(reading: &reader)
            case "categories_not_kept":
                var map: [String: [String]] = [:]
                try reader.beginObject()
                while let name = try reader.nextKey() {
                    var names: [String] = []
                    try reader.beginArray()
                    while try reader.nextElement() { names.append(try reader.string()) }
                    map[name.string] = names
                }
                categoriesNotKept = map
            case "early_stopping": earlyStopping = try EarlyStopping(reading: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            endpoint: try reader.required(endpoint, "endpoint"), model: try reader.required(model, "model"),
            version: try reader.required(version, "version"), algorithm: try reader.required(algorithm, "algorithm"),
            hyperparameters: try reader.required(hyperparameters, "hyperparameters"),
            seed: try reader.required(seed, "seed"), trainingData: try reader.required(trainingData, "training_data"),
            testData: try reader.required(testData, "test_data"), trainer: try reader.required(trainer, "trainer"),
            trainingSeconds: try reader.required(trainingSeconds, "training_seconds"),
            createdAt: try reader.required(createdAt, "created_at"), schema: try reader.required(schema, "schema"),
            data: data, split: split, evaluation: evaluation, source: source, categoriesNotKept: categoriesNotKept,
            earlyStopping: earlyStopping)
    }
}

extension TrainingRecord.DataFile {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var path: String?, sha256: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "path": path = try reader.string()
            case "sha256": sha256 = try reader.string()
            default: try reader.skipValue()
            }
        }
        self.init(path: try reader.required(path, "path"), sha256: try reader.required(sha256, "sha256"))
    }
}

extension DataDeclaration {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var training: String?, label: String?
        var declaration = DataDeclaration(training: "", label: "")
        func strings(_ r: inout JSONReader) throws(JSONReadError) -> [String] {
            try r.array { r throws(JSONReadError) in try r.string() }
        }
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "training": training = try reader.string()
            case "test": declaration.test = try reader.string()
            case "test_fraction": declaration.testFraction = try reader.double()
            case "label": label = try reader.string()
            case "task":
                let text = try reader.string()
                guard let task = PredictionTask(rawValue: text) else { throw reader.fail("unknown task \"\(text)\"") }
                declaration.task = task
            case "positive": declaration.positive = try reader.string()
            case "missing": declaration.missing = try strings(&reader)
            case "ignore": declaration.ignore = try strings(&reader)
            case "nullable": declaration.nullable = try strings(&reader)
            case "columns":
                try reader.beginObject()
                while let name = try reader.nextKey() {
                    let text = try reader.string()
                    guard let kind = Field.Kind(rawValue: text) else { throw reader.fail("unknown kind \"\(text)\"") }
                    declaration.kinds[name.string] = kind
                }
            case "bounds":
                try reader.beginObject()
                while let name = try reader.nextKey() {
                    declaration.bounds[name.string] = try reader.array { r throws(JSONReadError) in try r.double() }
                }
            case "separator": declaration.separator = try reader.string()
            case "header": declaration.header = try strings(&reader)
            case "trim_spaces": declaration.trimSpaces = try reader.bool()
            case "comment": declaration.comment = try reader.string()
            case "decimal": declaration.decimal = try reader.string()
            default: try reader.skipValue()
            }
        }
        declaration.training = try reader.required(training, "training")
        declaration.label = try reader.required(label, "label")
        self = declaration
    }
}

extension DataSplit {
    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var seed: UInt64?, fraction: Double?, stratified: Bool?, trainingRows: Int?, testRows: Int?, digest: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "seed": seed = try reader.uint64()
            case "test_fraction": fraction = try reader.double()
            case "stratified": stratified = try reader.bool()
            case "training_rows": trainingRows = try reader.int()
            case "test_rows": testRows = try reader.int()
            case "test_lines_sha256": digest = try reader.string()
            default: try reader.skipValue()
            }
        }
        self.init(
            seed: try reader.required(seed, "seed"), testFraction: try reader.required(fraction, "test_fraction"),
            stratified: try reader.required(stratified, "stratified"),
            trainingRows: try reader.required(trainingRows, "training_rows"),
            testRows: try reader.required(testRows, "test_rows"),
            testLinesSHA256: try reader.required(digest, "test_lines_sha256"))
    }
}
