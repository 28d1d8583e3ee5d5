extension PublishingStep {
    /// Reads every version's evaluation report and training record from research/artifacts/.
    static let readEvidence = PublishingStep(name: "read evaluations") { context in
        guard let state = context.registry else { return }
        for version in state.allVersions {
            context.evidence[version.id] = try VersionEvidence.read(version.id, root: context.root)
        }
    }
}
