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

    /// Reads research/artifacts/<endpoint>/<model>/<version>/{evaluation,training}.json.
    /// - Throws: `PublishingError` naming the file when one exists but does not parse.
    static func read(_ id: VersionID, root: URL) throws -> VersionEvidence {
        let folder = root.appendingPathComponent("research/artifacts/\(id.endpoint)/\(id.model)/\(id.version)")
        var evidence = VersionEvidence()
        let evaluation = folder.appendingPathComponent("evaluation.json")
        if FileManager.default.fileExists(atPath: evaluation.path) {
            do {
                evidence.evaluation = try EvaluationReport.read(from: evaluation)
            } catch {
                throw PublishingError(
                    path: evaluation.path, reason: .invalidConfig("not an evaluation report: \(error)"))
            }
        }
        let training = folder.appendingPathComponent("training.json")
        if let data = FileManager.default.contents(atPath: training.path) {
            do {
                evidence.trainingSeconds = try TrainingRecord.trainingSeconds(in: data)
            } catch {
                throw PublishingError(path: training.path, reason: .invalidConfig("not a training record: \(error)"))
            }
        }
        return evidence
    }
}
