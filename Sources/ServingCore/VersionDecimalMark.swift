import Basics
import JSONReading
import Scoring

/// Whether a served version was trained on numbers written with a decimal comma (its pipeline's
/// `decimal = ","`), so that a form field or JSON string `77,0` sent to it reads as 77.0, as its
/// CSV input does (trial19 #10); a JSON number is a JSON number whatever the mark.
///
/// Serving's `VersionCSVReading` reads the same fact with the whole `TrainingRecord`; predict.cgi
/// links no `Models`, so this reads only `data.decimal` of the training.json beside the model
/// file, and only when a numeric field's text holds a comma (`InputValidator.needsDecimalMark`):
/// no request without one pays for the read.
package enum VersionDecimalMark {
    /// Whether the training.json beside the model file at `modelPath` declares `decimal = ","`;
    /// false when there is none or it cannot be read (then only a decimal point reads).
    package static func readsDecimalComma(modelAt modelPath: String) -> Bool {
        let folder = modelPath.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        let path =
            (folder.isEmpty && !modelPath.hasPrefix("/") ? "." : folder) + "/"
            + RepositoryLayout.ArtifactFile.trainingRecord.rawValue
        guard let bytes = FileBytes.read(path) else { return false }
        var decimal: String?
        bytes.withUnsafeBytes { raw in
            var reader = JSONReader(raw)
            _ = try? reader.field("data") { data throws(JSONReadError) in
                try data.field("decimal") { value throws(JSONReadError) in
                    decimal = try value.optional { reader throws(JSONReadError) in try reader.string() }
                }
            }
        }
        return decimal == ","
    }
}
