import Basics
import Foundation
import Models
import Registry

/// The schema `predict` and `explain` check a version's rows against: the registered
/// endpoint's, else, for a version trained or imported with --no-register, the one its
/// training.json records (which marks the fields that may be missing, as the model file does
/// not), else the model file's.
enum VersionSchema {
    /// - Parameter folder: the version's artifact folder.
    static func of(_ reference: VersionID, folder: URL, model: TreeModel, options: RegistryOptions) -> Schema {
        let registered = (try? options.store.load())?.endpoints[reference.endpoint]?.definition.schema
        let recorded = FileManager.default.contents(
            atPath: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue).path
        ).flatMap { try? TrainingRecord.decode($0).schema }
        return registered ?? recorded ?? model.schema
    }
}
