import Foundation
import Testing

@testable import Models

/// What `modelpress import` refuses before it converts: a file of another format than the
/// `--format` given, a Python pickle, UBJSON, Windows line endings (a field with more
/// thresholds than a model file holds: `WideBinsTests`).
@Suite struct ImportFormatCheckTests {
    static let files: [(ModelImporter.Format, String)] = [
        (.lightgbm, "lightgbm-binary"), (.xgboost, "xgboost-binary"), (.onnx, "onnx-rf-binary"),
    ]

    static func refusal(_ bytes: [UInt8], declared: ModelImporter.Format?) -> ImportError? {
        do {
            _ = try ModelImporter.format(of: bytes, declared: declared, file: "m")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ModelImporter.Format.allCases)
    func everyWrongFormatNamesTheRightOne(declared: ModelImporter.Format) throws {
        for (format, name) in Self.files {
            let fixture = try ImportFixture(name)
            #expect(try ModelImporter.format(of: fixture.bytes, declared: nil, file: "m") == format)
            let refusal = Self.refusal(fixture.bytes, declared: declared)
            if format == declared {
                #expect(refusal == nil, "\(name)")
                continue
            }
            let said = "not \(ModelImporter.kind(declared).name): it starts with \(ModelImporter.kind(format).start), "
            #expect(
                refusal?.description
                    == "m: corrupt model file: \(said)as \(ModelImporter.kind(format).name) does; drop --format (the "
                    + "format is recognised from the file) or give --format \(format.rawValue)")
            // The converters refuse the same way when called directly.
            #expect(throws: try #require(refusal)) {
                try ModelImporter.convert(fixture.bytes, format: declared, schema: fixture.schema, file: "m")
            }
        }
    }

    @Test func picklesAreNeverLoaded() {
        // `pickle.dumps(model, protocol=4)` starts with PROTO 4; joblib.dump writes the same.
        let pickle: [UInt8] = [0x80, 0x04, 0x95, 0x1A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8C]
        for declared in [nil] + ModelImporter.Format.allCases.map(Optional.some) {
            let refusal = Self.refusal(pickle, declared: declared)
            #expect(
                refusal?.description.hasPrefix(
                    "m: not supported: a Python pickle (pickle.dump or joblib.dump), which modelpress never loads")
                    == true)
            #expect(refusal?.description.contains("booster.save_model(\"m.txt\")") == true)
        }
    }

    @Test func ubjsonIsRefusedBeforeTheDataIsRead() throws {
        let ubjson = try ImportFixture("xgboost-binary").bytes
        let model = Array(try Data(contentsOf: ImportFixture.folder.appendingPathComponent("xgboost-binary.ubj")))
        #expect(ubjson != model)
        let refusal = Self.refusal(model, declared: nil)
        #expect(
            refusal?.reason
                == .unsupported(
                    "XGBoost's binary UBJSON model (save_model(\"m.ubj\")); save it as JSON with booster.save_model(\"m.json\") "
                        + "(or model.save_model(\"m.json\")) and import that"))
    }

    @Test func windowsLineEndingsSayHowToConvert() throws {
        let text = String(decoding: try ImportFixture("lightgbm-binary").bytes, as: UTF8.self)
        let crlf = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        for declared in [nil, ModelImporter.Format.lightgbm] {
            let refusal = Self.refusal(crlf, declared: declared)
            #expect(refusal?.line == 1)
            #expect(
                refusal?.description.hasPrefix(
                    "m:1: not supported: the file has Windows line endings (CRLF), which LightGBM itself does not read; "
                        + "convert it to LF") == true)
            #expect(refusal?.description.contains("`*.txt -text` in the .gitattributes") == true)
        }
    }
}
