import Basics
import Foundation
import JSONReading
import Models
import Parallelism
import Scoring
import Snapshot

extension Registry {
    /// Every registered version whose training.json schema its endpoint's schema
    /// (endpoints/<name>.json) no longer accepts (`SchemaExtension.mismatches`), one problem per
    /// version naming the fields; a training.json that cannot be read is a problem too. A
    /// version whose training.json is missing is left to `verifyArtifacts()`.
    ///
    /// Registration keeps the endpoint file covering every version, but the file is rewritten
    /// when a version extends it, so two branches can both change it: a merge resolved by
    /// taking one side, or a hand edit, would otherwise go unnoticed until predict.cgi serves a
    /// version with an input it was trained on always missing.
    /// - Complexity: reads each registered version's training.json (a few KB), on all cores.
    func schemaProblems(in state: RegistryState) -> [RegistryError] {
        let versions = state.allVersions.filter { state.endpoints[$0.id.endpoint] != nil }
        let root = self.root
        let found = Parallel.map(count: versions.count) { index -> RegistryError? in
            let record = versions[index]
            let training = Self.trainingRecordFile(of: record, root: root)
            guard let data = FileManager.default.contents(atPath: training.path) else { return nil }
            let schema: Schema
            do throws(JSONReadError) {
                schema = try TrainingRecord.decode(data).schema
            } catch {
                return RegistryError(
                    file: training.path, line: error.line, reason: .badJSON("column \(error.column): \(error.message)"))
            }
            guard let endpoint = state.endpoints[record.id.endpoint] else { return nil }
            let differences = SchemaExtension.mismatches(endpoint: endpoint.definition.schema, registered: schema)
            guard !differences.isEmpty else { return nil }
            return RegistryError(
                file: display(.endpoints, "\(record.id.endpoint).json"),
                reason: .schemaNoLongerFits(record.id, differences: differences))
        }
        return found.compactMap { $0 }
    }

    /// The training.json beside `record`'s model file.
    static func trainingRecordFile(of record: VersionRecord, root: URL) -> URL {
        root.appendingPathComponent(record.facts.artifact.path).deletingLastPathComponent()
            .appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
    }

    /// The serving snapshot of `state`: each servable version carries the training profile its
    /// own training.json records (numeric ranges, fields never missing; none when it records none
    /// or cannot be read: its answers then have no such notes), so that predict.cgi's notes
    /// describe the answering version's training rows rather than the endpoint's (trial24 #1,
    /// trial29 #3).
    /// - Complexity: reads each servable version's training.json (a few KB).
    func servingSnapshot(of state: RegistryState) -> ServingSnapshot {
        let root = self.root
        return ServingSnapshot(state: state) { record in
            guard let data = FileManager.default.contents(atPath: Self.trainingRecordFile(of: record, root: root).path),
                let recorded = try? TrainingRecord.decode(data)
            else { return TrainingProfile() }
            return TrainingProfile(schema: recorded.schema)
        }
    }
}
