import Basics
import Foundation
import Models

/// Reads what registration needs from an artifact folder: training.json and model.bin's
/// SHA-256 and size, with paths relative to the repository root.
struct ArtifactReader {
    let root: URL
    let id: VersionID
    let folder: URL

    init(root: URL, id: VersionID, folder: URL?) {
        self.root = root
        self.id = id
        self.folder = folder ?? root.appendingPathComponent(RepositoryLayout.artifactFolder(of: id))
    }

    /// The facts read from the folder.
    struct Artifact {
        var id: VersionID
        var record: TrainingRecord
        var modelPath: String
        var sha256: String
        var size: Int64
        var createdAt: Timestamp

        func facts(owner: String, description: String) -> VersionFacts {
            VersionFacts(
                algorithm: record.algorithm, hyperparameters: record.hyperparameters, seed: record.seed,
                trainingData: record.trainingData, testData: record.testData,
                artifact: .init(path: modelPath, sha256: sha256, size: size), trainer: record.trainer,
                createdAt: createdAt, owner: owner, description: description)
        }

        var defaultDescription: String {
            guard let source = record.source else { return "\(record.algorithm) trained by \(record.trainer)" }
            return "\(source.library) \(source.libraryVersion) model imported by \(record.trainer)"
        }
    }

    func read() throws(RegistryError) -> Artifact {
        let model = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue)
        let training = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
        guard let relative = Registry.relativePath(of: model, under: root) else {
            throw RegistryError(
                reason: .trainingRecord(
                    "the artifact folder \(folder.path) is outside the repository root \(root.path)"))
        }
        guard FileManager.default.fileExists(atPath: model.path) else {
            throw RegistryError(reason: .artifactMissing(relative))
        }
        guard let data = FileManager.default.contents(atPath: training.path) else {
            throw RegistryError(
                reason: .artifactMissing(
                    String(relative.dropLast(model.lastPathComponent.count)) + training.lastPathComponent))
        }
        let record: TrainingRecord
        do {
            record = try TrainingRecord.decode(data)
        } catch {
            throw RegistryError(
                file: training.path, line: error.line, reason: .badJSON("column \(error.column): \(error.message)"))
        }
        guard record.id == id else {
            throw RegistryError(
                file: training.path,
                reason: .trainingRecord(
                    "training.json describes \(record.id), not \(id)"))
        }
        guard let createdAt = Timestamp(parsing: record.createdAt) else {
            throw RegistryError(
                file: training.path, reason: .trainingRecord("created_at '\(record.createdAt)' is not a UTC time"))
        }
        let sha256: String
        let size: Int64
        do {
            sha256 = try Digest.sha256(ofFile: model)
            let attributes = try FileManager.default.attributesOfItem(atPath: model.path)
            size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw RegistryError(file: relative, reason: .readFailed("\(error)"))
        }
        return Artifact(id: id, record: record, modelPath: relative, sha256: sha256, size: size, createdAt: createdAt)
    }

}

extension Registry {
    /// `file`'s path relative to `root` (symbolic links resolved), or `nil` when it is not inside it.
    public static func relativePath(of file: URL, under root: URL) -> String? {
        let filePath = file.standardizedFileURL.resolvingSymlinksInPath().path
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        guard filePath.hasPrefix(prefix) else { return nil }
        return String(filePath.dropFirst(prefix.count))
    }
}
