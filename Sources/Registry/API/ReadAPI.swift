import Basics
import Foundation
import Models
import Parallelism

/// The site's read-only JSON API (`api/v1/*.json`), with field names close to those of the
/// Django REST API that modelpress replaces (Endpoint, MLAlgorithm, MLAlgorithmStatus, ABTest). Ids count from 1 in log
/// order, so they never change once published. Bytes are deterministic: sorted keys, fixed
/// order of rows, a final newline.
public enum ReadAPI {
    // The rows' property names are the wire names (snake_case, as that Django API spells them),
    // so the JSON needs no key mapping.

    struct EndpointRow: Encodable {
        var id: Int
        var name: String
        var owner: String
        var description: String
        var created_at: Timestamp
        var created_by: String
        var label: String
        var label_values: [String]
        var production: String?
    }

    struct ModelRow: Encodable {
        var id: Int
        var name: String
        var version: String
        var description: String
        var owner: String
        var created_at: Timestamp
        var registered_at: Timestamp
        var created_by: String
        var algorithm: String
        var hyperparameters: [String: String]
        var seed: UInt64
        var trainer: String
        var artifact: String
        var artifact_sha256: String
        var artifact_size: Int64
        var current_status: ModelStatus
        var parent_endpoint: Int
        var endpoint: String
    }

    struct StatusRow: Encodable {
        var id: Int
        var status: ModelStatus
        var previous_status: ModelStatus?
        var active: Bool
        var created_by: String
        var created_at: Timestamp
        var note: String?
        var parent_mlalgorithm: Int
        var model: String
    }

    struct ABTestRow: Encodable {
        var id: Int
        var title: String
        var created_by: String
        var created_at: Timestamp
        var ended_at: Timestamp?
        var ended_by: String?
        /// The note of the stop or abort (trial24 #6: an API client could not tell an aborted
        /// test from a stopped one, nor why).
        var ended_note: String?
        /// Whether the test was aborted: ended without a decision, `result` absent.
        var aborted: Bool
        var summary: String?
        var result: ABTestSummary?
        var active: Bool
        var winner: String?
        var parent_endpoint: Int
        var parent_mlalgorithm_1: Int
        var parent_mlalgorithm_2: Int
        var split: [Int]
    }

    /// The API files for `state`, by path relative to the site root.
    public static func files(for state: RegistryState) -> [String: Data] {
        var endpointIDs: [String: Int] = [:]
        var versionIDs: [VersionID: Int] = [:]
        for event in state.events {
            switch event.body {
            case .endpointCreated(let name, _): endpointIDs[name] = endpointIDs.count + 1
            case .registered(let id, _): versionIDs[id] = versionIDs.count + 1
            default: break
            }
        }
        let endpoints = state.endpoints.values.sorted { $0.seq < $1.seq }.map { record in
            EndpointRow(
                id: endpointIDs[record.name] ?? 0, name: record.name, owner: record.definition.owner,
                description: state.shownDescription(of: record.name) ?? record.definition.description,
                created_at: record.createdAt, created_by: record.createdBy,
                label: record.definition.schema.label, label_values: record.definition.schema.labelValues,
                production: state.production(of: record.name)?.id.shortName)
        }
        let versions = state.versions.values.sorted { (versionIDs[$0.id] ?? 0) < (versionIDs[$1.id] ?? 0) }
        let models = versions.map { record in
            ModelRow(
                id: versionIDs[record.id] ?? 0, name: record.id.model, version: record.id.version,
                description: record.facts.description, owner: record.facts.owner, created_at: record.facts.createdAt,
                registered_at: record.registration?.at ?? record.facts.createdAt,
                created_by: record.registration?.by ?? "", algorithm: record.facts.algorithm,
                hyperparameters: record.facts.hyperparameters, seed: record.facts.seed, trainer: record.facts.trainer,
                artifact: record.facts.artifact.path, artifact_sha256: record.facts.artifact.sha256,
                artifact_size: record.facts.artifact.size, current_status: record.status,
                parent_endpoint: endpointIDs[record.id.endpoint] ?? 0, endpoint: record.id.endpoint)
        }
        var statuses: [StatusRow] = []
        for record in versions {
            for (index, entry) in record.history.enumerated() {
                statuses.append(
                    StatusRow(
                        id: entry.seq, status: entry.to, previous_status: entry.from,
                        active: index == record.history.count - 1, created_by: entry.by, created_at: entry.at,
                        note: entry.note, parent_mlalgorithm: versionIDs[record.id] ?? 0, model: record.id.description))
            }
        }
        statuses.sort { $0.id < $1.id }
        let abTests = state.allABTests.map { test in
            let ids = test.versions.map { versionIDs[$0] ?? 0 }
            return ABTestRow(
                id: test.id, title: test.title, created_by: test.startedBy, created_at: test.startedAt,
                ended_at: test.stoppedAt, ended_by: test.stoppedBy, ended_note: test.stopNote,
                aborted: test.aborted, summary: test.summary?.decision,
                result: test.summary,
                active: test.isRunning, winner: test.winner, parent_endpoint: endpointIDs[test.endpoint] ?? 0,
                parent_mlalgorithm_1: ids.first ?? 0, parent_mlalgorithm_2: ids.last ?? 0,
                split: test.arms.map(\.percent))
        }
        // Four independent encodings (models and statuses grow with the registry): on all cores.
        let files: [(String, () -> Data)] = [
            ("api/v1/endpoints.json", { encode(endpoints) }), ("api/v1/models.json", { encode(models) }),
            ("api/v1/statuses.json", { encode(statuses) }), ("api/v1/abtests.json", { encode(abTests) }),
        ]
        let encoded = Parallel.map(count: files.count) { files[$0].1() }
        return Dictionary(uniqueKeysWithValues: zip(files.map(\.0), encoded))
    }

    private static func encode(_ rows: some Encodable) -> Data {
        (try? JSONCoding.prettyData(rows)) ?? Data("[]\n".utf8)
    }
}
