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
        /// The version the file records: XGBoost's own (`3.2.0`), an ONNX model's producer's
        /// (`skl2onnx` `1.20.0`); LightGBM's text model records none, only its format's
        /// (`(library version not recorded; model format v4)`).
        public var libraryVersion: String
        /// How the model's inputs were matched to the declared fields, one line each, where the
        /// file does not name them (ONNX); empty otherwise.
        public var inputMapping: [String] = []
        /// What the conversion decided that a person should know, one line each (a declared
        /// category the model never saw, and where it goes).
        public var notes: [String] = []
        /// What the ensemble's importances measure: the gains LightGBM and XGBoost record, the
        /// splits an ONNX file's trees make (it records no gain), or none when all are zero.
        public var importance: ImportanceMeasure

        init(
            ensemble: TreeEnsemble, library: String, libraryVersion: String, inputMapping: [String] = [],
            notes: [String] = [], measured: ImportanceMeasure
        ) {
            self.ensemble = ensemble
            self.library = library
            self.libraryVersion = libraryVersion
            self.inputMapping = inputMapping
            self.notes = notes
            importance = ensemble.importances.contains { $0 > 0 } ? measured : .none
        }
    }

    /// The format of a file's bytes, or why it is none the importer reads.
    /// - Throws: `ImportError`: `.unsupported` for a Python pickle (never loaded); `.corrupt` for
    ///   bytes of no known format. XGBoost's UBJSON is recognised as `.xgboost`, whose converter
    ///   refuses it saying how to save JSON.
    public static func detect(_ bytes: [UInt8], file: String) throws(ImportError) -> Format {
        try refusePickle(bytes, file: file)
        if let format = recognised(bytes) { return format }
        throw ImportError(
            file: file,
            reason: .corrupt(
                "not a model file the importer knows (a LightGBM text model starts with the line 'tree', an "
                    + "XGBoost JSON model with '{', an ONNX model with its IR version); give --format if it is one"))
    }

    /// The format a file is converted as: `declared` (`--format`) when the bytes agree with it,
    /// else the one recognised; refusing, before any data is read, what will not convert.
    /// - Throws: `ImportError`, as `detect` and `convert` do for the file's first bytes: a pickle,
    ///   a `--format` the bytes contradict, XGBoost's UBJSON, a LightGBM model with CRLF lines.
    public static func format(of bytes: [UInt8], declared: Format?, file: String) throws(ImportError) -> Format {
        let format: Format
        if let declared { format = declared } else { format = try detect(bytes, file: file) }
        try check(bytes, format: format, file: file)
        return format
    }

    /// The format the bytes look like (by their first bytes), or nil.
    static func recognised(_ bytes: [UInt8]) -> Format? {
        if bytes.starts(with: Array("tree\n".utf8)) || bytes.starts(with: Array("tree\r\n".utf8)) { return .lightgbm }
        if XGBoostJSON.isUBJSON(bytes) { return .xgboost }
        if bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{") { return .xgboost }
        // An ONNX ModelProto starts with its ir_version: field 1, a varint (tag byte 0x08), 3 or more.
        if bytes.count > 1, bytes[0] == 0x08, (3...127).contains(bytes[1]) { return .onnx }
        return nil
    }

    /// What a file of each format is, and how it starts, for the message of a wrong `--format`.
    static func kind(_ format: Format) -> (name: String, start: String) {
        switch format {
        case .lightgbm: ("a LightGBM text model", "the line 'tree'")
        case .xgboost: ("an XGBoost JSON model", "'{'")
        case .onnx: ("an ONNX model", "its IR version")
        }
    }

    /// Refuses a Python pickle (`pickle.dump`, `joblib.dump`): loading one runs code from the file.
    /// - Throws: `ImportError` (`.unsupported`) saying how each library saves its model instead.
    static func refusePickle(_ bytes: [UInt8], file: String) throws(ImportError) {
        // A pickle of protocol 2 or later starts with the PROTO opcode (0x80) and the protocol.
        guard bytes.count > 1, bytes[0] == 0x80, (2...5).contains(bytes[1]) else { return }
        throw ImportError(
            file: file,
            reason: .unsupported(
                "a Python pickle (pickle.dump or joblib.dump), which modelpress never loads (unpickling runs code "
                    + "from the file); save the model in its library's own format: LightGBM "
                    + "booster.save_model(\"m.txt\"), XGBoost model.save_model(\"m.json\"), scikit-learn through "
                    + "skl2onnx (to_onnx(model, X[:1]) written to m.onnx)"))
    }

    /// Refuses bytes that are not of `format` when they are recognisably another format's, and
    /// text models with Windows line endings.
    /// - Throws: `ImportError` (`.corrupt`) naming what the file looks like and the `--format` to
    ///   give; `.unsupported` for a pickle, UBJSON, or a LightGBM model with CRLF line endings.
    static func check(_ bytes: [UInt8], format: Format, file: String) throws(ImportError) {
        try refusePickle(bytes, file: file)
        if let seen = recognised(bytes), seen != format {
            throw ImportError(
                file: file,
                reason: .corrupt(
                    "not \(kind(format).name): it starts with \(kind(seen).start), as \(kind(seen).name) does; drop "
                        + "--format (the format is recognised from the file) or give --format \(seen.rawValue)"))
        }
        if format == .xgboost { try XGBoostJSON.refuseUBJSON(bytes, file: file) }
        if format == .lightgbm, let newline = bytes.firstIndex(of: 0x0A), newline > 0, bytes[newline - 1] == 0x0D {
            throw ImportError(
                file: file, line: 1,
                reason: .unsupported(
                    "the file has Windows line endings (CRLF), which LightGBM itself does not read; convert it to LF "
                        + "(dos2unix, or save it again), and keep git from converting it: a line "
                        + "`*.txt -text` in the .gitattributes of its folder"))
        }
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
        try check(bytes, format: format, file: file)
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
                libraryVersion: LightGBMText.versionNote(model.header["version"].map { String($0.value) }),
                notes: trees.notes, measured: .gain)
        case .xgboost:
            let model = try XGBoostJSON(bytes: bytes, file: file)
            let trees = try model.trees(schema: schema)
                .inSchemaClassOrder(from: ImportedTrees.boosterClassOrder(schema.labelValues))
            return Converted(
                ensemble: try trees.ensemble(file: file), library: "XGBoost", libraryVersion: model.version,
                measured: .gain)
        case .onnx:
            let model = try ONNXModel(bytes: bytes, file: file)
            let node = try model.ensembleNode()
            let (columns, mapping) = try model.columns(into: node, schema: schema)
            let forest = try ONNXForest(node, model: model)
            let note = forest.missingValueNote(columns: columns, schema: schema, producer: model.producer.name)
            return Converted(
                ensemble: try forest.trees(columns: columns, schema: schema, model: model).ensemble(file: file),
                library: model.producer.name, libraryVersion: model.producer.version, inputMapping: mapping,
                notes: note.map { [$0] } ?? [], measured: .splits)
        }
    }
}
