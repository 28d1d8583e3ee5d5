import Foundation
import Models
import ServingCore

extension PreparedModel {
    /// The cover source of a deployment's preparation that runs where the data is (`bundle`,
    /// and `make run`'s `predict.cgi-jobs --prepare` over the repository): for an artifact at
    /// `<folder>/model.bin`, its cover counted again from the training rows `<folder>`'s
    /// training.json declares, read relative to `root` and checked against their SHA-256
    /// (`TreeExplainer.recountedCover`). Where they are not (a serving host), it throws why.
    /// - Parameter root: the folder the artifact paths and the training records' data paths
    ///   are relative to (the repository root).
    package static func recountingCover(root: String) -> CoverSource {
        let rootURL = URL(fileURLWithPath: root)
        return { artifact, model in
            let folder = URL(fileURLWithPath: Deployment.resolve(artifact, in: root)).deletingLastPathComponent()
            return try TreeExplainer.recountedCover(model, folder: folder, root: rootURL, name: artifact)
        }
    }
}
