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
        try data.withUnsafeBytes { bytes in
            Result { () throws(JSONReadError) in
                try JSONReader.read(bytes) { reader throws(JSONReadError) in
                    try reader.field("training_seconds") { r throws(JSONReadError) in try r.double() }
                }
            }
        }.get()
    }

    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var endpoint: String?, model: String?, version: String?, algorithm: String?
        var hyperparameters: [String: String]?, seed: UInt64?, trainingData: DataFile?, testData: DataFile?
        var trainer: String?, trainingSeconds: Double?, createdAt: String?, schema: Schema?
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
            createdAt: try reader.required(createdAt, "created_at"), schema: try reader.required(schema, "schema"))
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
