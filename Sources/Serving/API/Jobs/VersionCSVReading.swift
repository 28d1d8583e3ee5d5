import Basics
import Foundation
import Models

/// How a version read its CSV, from the training.json beside its model file: the cells it read
/// as missing (its pipeline's `missing` list) and its decimal mark. A CSV to score is read the
/// same way, in `modelpress predict`'s file and a batch job's upload alike; an empty cell and `?`
/// are missing in every one.
public struct VersionCSVReading: Equatable, Sendable {
    /// The cells read as missing other than an empty cell and `?`.
    public var missingMarkers: [String] = []
    /// Numbers were written with a decimal comma (`decimal = ","`, `41,4`).
    public var decimalComma = false

    /// A file read with these markers and this decimal mark; by default only an empty cell and
    /// `?` are missing, with a decimal point.
    public init(missingMarkers: [String] = [], decimalComma: Bool = false) {
        self.missingMarkers = missingMarkers
        self.decimalComma = decimalComma
    }

    /// How the version whose model file is `modelPath` read its CSV: no markers and a decimal
    /// point when no readable training.json lies beside it (then only an empty cell and `?` are
    /// missing).
    public static func ofModel(at modelPath: String) -> VersionCSVReading {
        guard let data = declaredData(ofModel: modelPath) else { return VersionCSVReading() }
        return VersionCSVReading(
            missingMarkers: data.missing.filter { !$0.isEmpty && $0 != "?" }, decimalComma: data.decimal == ",")
    }

    /// The data declaration in the training.json beside `modelPath`, if it can be read.
    private static func declaredData(ofModel modelPath: String) -> DataDeclaration? {
        let folder = (modelPath as NSString).deletingLastPathComponent
        let recordPath = folder + "/" + RepositoryLayout.ArtifactFile.trainingRecord.rawValue
        guard let bytes = FileManager.default.contents(atPath: recordPath) else { return nil }
        return (try? TrainingRecord.decode(bytes))?.declaredData
    }

    /// How a job's rows are read when any of the versions whose model files are at `artifacts`
    /// (relative to `root`) may answer them: a job's rows are routed row by row, so a cell any of
    /// them reads as missing is missing (the markers in the order first seen), and numbers are
    /// read with a decimal comma when any of them read theirs so (such a number is no number to
    /// a decimal point).
    public static func of(artifacts: [String], root: String) -> VersionCSVReading {
        var merged = VersionCSVReading()
        for artifact in artifacts {
            let reading = ofModel(at: root + "/" + artifact)
            for marker in reading.missingMarkers where !merged.missingMarkers.contains(marker) {
                merged.missingMarkers.append(marker)
            }
            merged.decimalComma = merged.decimalComma || reading.decimalComma
        }
        return merged
    }
}
