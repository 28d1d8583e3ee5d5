import Snapshot

extension ServingSnapshot {
    /// The snapshot of `state`: its endpoints with their servable versions and running A/B tests.
    init(state: RegistryState) {
        var endpoints: [String: Endpoint] = [:]
        for (name, record) in state.endpoints {
            let versions = state.versions(of: name).filter { $0.status.isServable }.map { record in
                Version(
                    model: record.id.model, version: record.id.version, status: record.status,
                    artifact: record.facts.artifact.path, sha256: record.facts.artifact.sha256,
                    size: record.facts.artifact.size)
            }
            let test = state.runningABTest(of: name).map { test in
                ABTest(
                    id: test.id,
                    arms: test.arms.map {
                        ABTest.Arm(arm: $0.arm, model: $0.model, version: $0.version, percent: $0.percent)
                    })
            }
            endpoints[name] = Endpoint(schema: record.definition.schema, versions: versions, abTest: test)
        }
        self.init(seq: state.lastSeq, endpoints: endpoints)
    }
}
