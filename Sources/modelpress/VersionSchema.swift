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
        return registered ?? recorded(folder: folder) ?? model.schema
    }

    /// The ranges of the rows the version was trained on, which its notes compare numbers with
    /// (the version's own, not its endpoint's: trial24 #1); none when its training.json records none.
    /// - Parameter folder: the version's artifact folder.
    static func trainingRanges(folder: URL) -> TrainingRanges {
        recorded(folder: folder).map(TrainingRanges.init(schema:)) ?? TrainingRanges()
    }

    /// The schema the version's training.json records, if it can be read.
    private static func recorded(folder: URL) -> Schema? {
        FileManager.default.contents(
            atPath: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue).path
        ).flatMap { try? TrainingRecord.decode($0).schema }
    }
}
