import Scoring
import Snapshot

extension ServingSnapshot {
    /// The snapshot of `state`: its endpoints with their servable versions (each with the training
    /// profile `trainingProfile` gives for it), running A/B tests and the names of their archived
    /// versions.
    init(state: RegistryState, trainingProfile: (VersionRecord) -> TrainingProfile) {
        var endpoints: [String: Endpoint] = [:]
        for (name, record) in state.endpoints {
            let versions = state.versions(of: name).filter { $0.status.isServable }.map { record in
                Version(
                    model: record.id.model, version: record.id.version, status: record.status,
                    artifact: record.facts.artifact.path, sha256: record.facts.artifact.sha256,
                    size: record.facts.artifact.size, trainingProfile: trainingProfile(record))
            }
            let test = state.runningABTest(of: name).map { test in
                ABTest(
                    id: test.id,
                    arms: test.arms.map {
                        ABTest.Arm(arm: $0.arm, model: $0.model, version: $0.version, percent: $0.percent)
                    })
            }
            let archived = state.versions(of: name).filter { !$0.status.isServable }.map {
                "\($0.id.model)@\($0.id.version)"
            }
            endpoints[name] = Endpoint(
                schema: record.definition.schema, versions: versions, abTest: test, archived: archived.sorted())
        }
        self.init(seq: state.lastSeq, endpoints: endpoints)
    }
}
