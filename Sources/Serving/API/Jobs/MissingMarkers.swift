import Basics
import Foundation
import Models
import Snapshot

/// The cells a version's training read as missing (its pipeline's `missing` list), from the
/// training.json beside its model file: what a CSV to score may use for a missing value
/// besides an empty cell and `?`, in `modelpress predict`'s file and a batch job's upload alike.
public enum MissingMarkers {
    /// The markers of the version whose model file is `modelPath`; empty when no readable
    /// training.json lies beside it (then only an empty cell and `?` are missing).
    public static func ofModel(at modelPath: String) -> [String] {
        let folder = (modelPath as NSString).deletingLastPathComponent
        let recordPath = folder + "/" + RepositoryLayout.ArtifactFile.trainingRecord.rawValue
        guard let bytes = FileManager.default.contents(atPath: recordPath),
            let record = try? TrainingRecord.decode(bytes)
        else { return [] }
        return record.declaredData.missing
    }

    /// The markers of every version of `endpoint` that may answer a job's rows, in the order
    /// first seen: a job's rows are routed row by row, so a cell any of them reads as missing is
    /// missing.
    public static func of(_ endpoint: ServingSnapshot.Endpoint, in deployment: Deployment) -> [String] {
        var markers: [String] = []
        for version in endpoint.versions {
            for marker in ofModel(at: deployment.root + "/" + version.artifact) where !markers.contains(marker) {
                markers.append(marker)
            }
        }
        return markers
    }
}
