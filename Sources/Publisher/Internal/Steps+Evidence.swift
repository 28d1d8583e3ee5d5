import Basics
import Parallelism

extension PublishingStep {
    /// Reads every version's evaluation report and training record from research/artifacts/,
    /// decoding on all cores.
    static let readEvidence = PublishingStep(name: "read evaluations") { context in
        guard let state = context.registry else { return }
        let root = context.root
        let ids = state.allVersions.map(\.id)
        let evidence = try Parallel.map(count: ids.count) { try VersionEvidence.read(ids[$0], root: root) }
        for (id, item) in zip(ids, evidence) { context.evidence[id] = item }
    }
}
