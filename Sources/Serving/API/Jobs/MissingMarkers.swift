import Basics
import Foundation
import Models

/// The cells a version's training read as missing (its pipeline's `missing` list) and its decimal mark, from the
/// training.json beside its model file: what a CSV to score may use for a missing value
/// besides an empty cell and `?`, in `modelpress predict`'s file and a batch job's upload alike.
public enum MissingMarkers {
    /// The markers of the version whose model file is `modelPath`, other than an empty cell and
    /// `?`; empty when no readable training.json lies beside it (then only those two are missing).
    public static func ofModel(at modelPath: String) -> [String] {
        // An empty cell and `?` are missing in every CSV to score; the list names the others.
        declaredData(ofModel: modelPath)?.missing.filter { !$0.isEmpty && $0 != "?" } ?? []
    }

    /// Whether the version whose model file is `modelPath` read numbers with a decimal comma
    /// (`decimal = ","`); false when no readable training.json lies beside it.
    public static func readsDecimalComma(ofModel modelPath: String) -> Bool {
        declaredData(ofModel: modelPath)?.decimal == ","
    }

    /// The data declaration in the training.json beside `modelPath`, if it can be read.
    private static func declaredData(ofModel modelPath: String) -> DataDeclaration? {
        let folder = (modelPath as NSString).deletingLastPathComponent
        let recordPath = folder + "/" + RepositoryLayout.ArtifactFile.trainingRecord.rawValue
        guard let bytes = FileManager.default.contents(atPath: recordPath) else { return nil }
        return (try? TrainingRecord.decode(bytes))?.declaredData
    }

    /// The markers of every version that may answer a job's rows (their model files at
    /// `artifacts`, relative to `root`), in the order first seen: a job's rows are routed row by
    /// row, so a cell any of them reads as missing is missing.
    public static func of(artifacts: [String], root: String) -> [String] {
        var markers: [String] = []
        for artifact in artifacts {
            for marker in ofModel(at: root + "/" + artifact) where !markers.contains(marker) {
                markers.append(marker)
            }
        }
        return markers
    }
}
