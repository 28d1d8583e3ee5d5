import Basics
import Foundation

extension TreeExplainer {
    /// The explainer of a version's model: with the cover its file records, or for a file
    /// that records none (format 2, an ONNX import), with the cover counted again from the
    /// training rows its training.json declares (the same file and split training read,
    /// checked against their SHA-256). Nothing is written.
    /// - Parameters:
    ///   - model: the version's model.bin, mapped.
    ///   - folder: the version's artifact folder (its training.json).
    ///   - root: the folder the record's data paths are relative to (the repository root).
    ///   - name: how errors name the version (`endpoint/model@version`).
    /// - Throws: `ExplanationError`: `.noCoverNorData` when the file records no cover and the
    ///   declared training rows cannot be read; `.unusableCover` when a split is reached by no
    ///   training row (the data is not what the model was trained on).
    /// - Complexity: O(nodes) with a stored cover; else O(training rows × trees × depth).
    public static func forVersion(
        _ model: TreeModel, folder: URL, root: URL, name: String
    ) throws(ExplanationError) -> TreeExplainer {
        do {
            if recordsCover(model) {
                return try TreeExplainer(model, name: name)
            }
            return try TreeExplainer(
                model, cover: try recountedCover(model, folder: folder, root: root, name: name), name: name)
        } catch let error as ExplanationError {
            throw error
        } catch {
            // `TreeExplainer`'s initialisers throw only `ExplanationError`.
            throw ExplanationError(model: name, reason: .noCoverNorData("\(error)"))
        }
    }

    /// Whether `model`'s file records the cover of every node (or it has none): else
    /// `forVersion` counts it again from the training rows, which takes a pass over them.
    public static func recordsCover(_ model: TreeModel) -> Bool {
        model.counts.nodes == 0 || model.cover.count == model.counts.nodes
    }

    /// The cover of a version's model counted again from its declared training rows.
    /// - Throws: `ExplanationError.noCoverNorData` naming the file that cannot be read.
    /// - Complexity: O(training rows × trees × depth).
    public static func recountedCover(
        _ model: TreeModel, folder: URL, root: URL, name: String
    ) throws(ExplanationError) -> [Double] {
        let recordFile = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
        do {
            guard let bytes = FileBytes.read(recordFile.path) else {
                throw DataFileError.unreadable(recordFile.path)
            }
            let record = try TrainingRecord.decode(bytes)
            return model.recountedCover(try record.trainingDataset(root: root))
        } catch {
            throw ExplanationError(model: name, reason: .noCoverNorData("\(error)"))
        }
    }
}
