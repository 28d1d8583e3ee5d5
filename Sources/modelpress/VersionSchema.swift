import Basics
import Foundation
import Models
import Registry

/// The schema `predict` and `explain` check a version's rows against, and the training profile
/// its notes compare values with, from one read of its training.json.
struct VersionSchema {
    /// The registered endpoint's schema, else, for a version trained or imported with
    /// --no-register, the one its training.json records (which marks the fields that may be
    /// missing, as the model file does not), else the model file's.
    var schema: Schema
    /// What the rows the version was trained on looked like (the version's own, not its
    /// endpoint's: trial24 #1): ranges, fields never missing; none when its training.json
    /// records none.
    var trainingProfile: TrainingProfile

    /// - Parameter folder: the version's artifact folder.
    init(_ reference: VersionID, folder: URL, model: TreeModel, options: RegistryOptions) {
        let registered = (try? options.store.load())?.endpoints[reference.endpoint]?.definition.schema
        let recorded = FileManager.default.contents(
            atPath: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue).path
        ).flatMap { try? TrainingRecord.decode($0).schema }
        schema = registered ?? recorded ?? model.schema
        trainingProfile = recorded.map(TrainingProfile.init(schema:)) ?? TrainingProfile()
    }
}
