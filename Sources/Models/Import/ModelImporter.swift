/// Converting a tree model trained by another library into a `TreeEnsemble` once, so that it is
/// served, evaluated and published like a native one.
public enum ModelImporter {
    /// The importer that writes the model files (recorded as a version's trainer): `verify`
    /// converts a kept source file again only with the importer that made the artifact.
    public static let identity = "modelpress-import/1"

    /// The formats read.
    public enum Format: String, Sendable, CaseIterable {
        /// LightGBM's text model (`Booster.save_model`).
        case lightgbm
        /// XGBoost's JSON model (`save_model("m.json")`).
        case xgboost
        /// An ONNX model ending in an ONNX-ML tree ensemble (skl2onnx's scikit-learn forests,
        /// boosting and pipelines that encode categorical columns).
        case onnx
    }

    /// A converted model and what its file says about where it came from.
    public struct Converted: Sendable {
        public var ensemble: TreeEnsemble
        /// The library that wrote the file (`LightGBM`, `XGBoost`).
        public var library: String
        /// The version the file records (LightGBM's text model records its format version, `v4`;
        /// XGBoost its own, `3.2.0`; an ONNX model its producer's, `skl2onnx` `1.20.0`).
        public var libraryVersion: String
        /// How the model's inputs were matched to the declared fields, one line each, where the
        /// file does not name them (ONNX); empty otherwise.
        public var inputMapping: [String] = []
    }

    /// The format of a file's bytes, or why it is none the importer reads.
    /// - Throws: `ImportError` (`.unsupported`) for a format recognised and not read (XGBoost's
    ///   UBJSON, a binary model), `.corrupt` for bytes of no known format.
    public static func detect(_ bytes: [UInt8], file: String) throws(ImportError) -> Format {
        if bytes.starts(with: Array("tree\n".utf8)) || bytes.starts(with: Array("tree\r\n".utf8)) { return .lightgbm }
        if XGBoostJSON.isUBJSON(bytes) { return .xgboost }  // refused by the converter, saying how to save JSON
        if bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{") { return .xgboost }
        // An ONNX ModelProto starts with its ir_version: field 1, a varint (tag byte 0x08), 3 or more.
        if bytes.count > 1, bytes[0] == 0x08, (3...127).contains(bytes[1]) { return .onnx }
        throw ImportError(
            file: file,
            reason: .corrupt(
                "not a model file the importer knows (a LightGBM text model starts with the line 'tree', an "
                    + "XGBoost JSON model with '{', an ONNX model with its IR version); give --format if it is one"))
    }

    /// Converts a model file's bytes, matching its features, categories and classes to `schema`.
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - format: the file's format (see `detect`).
    ///   - schema: the declared data's schema (fields in order, categories, classes).
    ///   - file: the path used in messages.
    /// - Throws: `ImportError` naming the file, the line where the format has lines, and what is
    ///   corrupt, truncated, unsupported or does not match the schema.
    /// - Complexity: O(file size + nodes × log thresholds).
    public static func convert(
        _ bytes: [UInt8], format: Format, schema: Schema, file: String
    ) throws(ImportError) -> Converted {
        switch format {
        case .lightgbm:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw ImportError(file: file, reason: .corrupt("a LightGBM text model is UTF-8 text"))
            }
            let model = try LightGBMText(text: text, file: file)
            let trees = try model.trees(schema: schema)
                .inSchemaClassOrder(from: ImportedTrees.boosterClassOrder(schema.labelValues))
            return Converted(
                ensemble: try trees.ensemble(file: file), library: "LightGBM",
                libraryVersion: model.header["version"].map { String($0.value) } ?? "unknown")
        case .xgboost:
            let model = try XGBoostJSON(bytes: bytes, file: file)
            let trees = try model.trees(schema: schema)
                .inSchemaClassOrder(from: ImportedTrees.boosterClassOrder(schema.labelValues))
            return Converted(
                ensemble: try trees.ensemble(file: file), library: "XGBoost", libraryVersion: model.version)
        case .onnx:
            let model = try ONNXModel(bytes: bytes, file: file)
            let node = try model.ensembleNode()
            let (columns, mapping) = try model.columns(into: node, schema: schema)
            let forest = try ONNXForest(node, model: model)
            return Converted(
                ensemble: try forest.trees(columns: columns, schema: schema, model: model).ensemble(file: file),
                library: model.producer.name, libraryVersion: model.producer.version, inputMapping: mapping)
        }
    }
}
