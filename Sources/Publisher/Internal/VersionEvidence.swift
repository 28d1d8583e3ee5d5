import Basics
import Evaluation
import Foundation
import Models
import Registry

/// What the artifacts folder holds about one version beside the registry's facts: its
/// evaluation report and the training time from its training record, each when present.
struct VersionEvidence {
    var evaluation: EvaluationReport?
    /// From training.json; the rest of it is in the registry's facts (the site reads only this).
    var trainingSeconds: Double?
    /// From training.json: the rows held out of the training file, when there was no test file.
    var split: DataSplit?
    /// From training.json: where an imported model came from (`modelpress import`).
    var source: ImportSource?
    /// From training.json: what gradient boosting's early stopping did, when it was on.
    var earlyStopping: EarlyStopping?

    /// Reads the version's evaluation.json and training.json (see `RepositoryLayout`).
    /// - Throws: `PublishingError` naming the file when one exists but does not parse.
    static func read(_ id: VersionID, root: URL) throws -> VersionEvidence {
        let evaluation = root.path + "/" + RepositoryLayout.artifact(.evaluationReport, of: id)
        var evidence = VersionEvidence()
        if let bytes = try contents(evaluation) {
            do {
                evidence.evaluation = try EvaluationReport.decode(bytes, file: evaluation)
            } catch {
                throw PublishingError(path: evaluation, reason: .invalidData("not an evaluation report: \(error)"))
            }
        }
        let training = root.path + "/" + RepositoryLayout.artifact(.trainingRecord, of: id)
        if let bytes = try contents(training) {
            do {
                (evidence.trainingSeconds, evidence.split, evidence.source, evidence.earlyStopping) =
                    try TrainingRecord.siteFacts(in: bytes)
            } catch {
                throw PublishingError(path: training, reason: .invalidData("not a training record: \(error)"))
            }
        }
        return evidence
    }

    /// The file's bytes, nil when there is no such file.
    /// - Throws: `PublishingError` when it exists but cannot be read.
    private static func contents(_ path: String) throws -> [UInt8]? {
        if let bytes = FileBytes.read(path) { return bytes }
        guard access(path, F_OK) != 0 else { throw PublishingError(path: path, reason: .missingFile) }
        return nil
    }
}
