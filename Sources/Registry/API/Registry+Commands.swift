import Basics
import Foundation
import Models

/// What `register` did.
public enum RegisterOutcome: Equatable, Sendable {
    /// The version was new: the event that registered it, what its schema added to the
    /// endpoint's (`SchemaExtension.additions`; empty when nothing), and the categories the
    /// endpoint keeps that the version does not know (`SchemaExtension.kept`).
    case registered(RegistryEvent, schemaAdditions: [String], schemaKept: [String] = [])
    /// The version was already registered with identical facts; nothing was written.
    case unchanged(VersionRecord)
}

extension Registry {
    /// Adds an endpoint: writes endpoints/<name>.json and an `endpoint_created` event.
    /// Adding the same definition again changes nothing.
    /// - Returns: the event, or `nil` when the endpoint already existed with this definition.
    /// - Throws: `RegistryError` (`.endpointExists` when it exists with another definition;
    ///   `.endpointExistsIgnoringCase` when another endpoint's name differs only in case;
    ///   `.invalidName` or `.reservedEndpointName` for a name it cannot have).
    @discardableResult
    public func createEndpoint(
        _ definition: EndpointDefinition, by actor: String, note: String? = nil
    ) throws(RegistryError)
        -> RegistryEvent?
    {
        // Checked here too, so that a bad name does not create the registry folder.
        try Self.checkNewEndpointName(definition.name)
        return try write(by: actor, creatingFolder: true) { try $0.createEndpoint(definition, note: note) }
    }

    /// Checks that a new endpoint may take `name`: a valid name, and not one of predict.cgi's
    /// own route segments. Endpoints already in a registry are not checked again.
    /// - Throws: `RegistryError` `.invalidName` or `.reservedEndpointName`.
    public static func checkNewEndpointName(_ name: String) throws(RegistryError) {
        guard VersionID.isValidName(name) else { throw RegistryError(reason: .invalidName(name)) }
        guard !VersionID.reservedEndpointNames.contains(name) else {
            throw RegistryError(reason: .reservedEndpointName(name))
        }
    }

    /// Checks, without writing, that `createEndpoint` would take a new endpoint `name`: what a
    /// command checks before it writes the files that go with the endpoint (`new` writes its
    /// pipeline and card first, so that an interruption never leaves an endpoint without them).
    /// A folder without an event log has no endpoints yet.
    /// - Throws: `RegistryError` as `RegistryState.checkNewEndpoint`, or when the registry
    ///   cannot be read.
    public func checkNewEndpoint(_ name: String) throws(RegistryError) {
        try Self.checkNewEndpointName(name)
        guard hasEventLog else { return }
        try load().checkNewEndpoint(name)
    }

    /// Registers a trained version in `testing` from its artifact folder
    /// (`<root>/research/artifacts/<endpoint>/<model>/<version>/` unless given): reads
    /// training.json, hashes model.bin. Registering identical facts again is a no-op.
    /// - Parameters:
    ///   - owner: defaults to the endpoint's owner.
    ///   - description: defaults to a sentence naming the algorithm and trainer.
    /// A new version whose schema extends the endpoint's (new categories, a field that may be
    /// missing) rewrites endpoints/<name>.json with the extended schema in the same write
    /// (`SchemaExtension`); the endpoint's first version replaces its schema outright.
    /// - Throws: `RegistryError` when the artifact is missing, training.json does not describe
    ///   this version, its schema is one the endpoint cannot take (`.incompatibleSchema`), or the
    ///   version exists with other facts.
    public func register(
        _ id: VersionID, artifactFolder: URL? = nil, owner: String? = nil, description: String? = nil,
        by actor: String, note: String? = nil
    ) throws(RegistryError) -> RegisterOutcome {
        let artifact = try ArtifactReader(root: root, id: id, folder: artifactFolder).read()
        return try write(by: actor) { transaction in
            try transaction.register(id, artifact: artifact, owner: owner, description: description, note: note)
        }
    }

    /// Moves a version to `status`. Promoting to production first archives the endpoint's
    /// current production version, as its own event. Asking for the current status is a no-op.
    /// - Returns: the events written, in order (empty for a no-op).
    /// - Throws: `RegistryError` for an unknown version, an illegal transition, ab_testing, or
    ///   a version that is an arm of a running A/B test.
    @discardableResult
    public func setStatus(
        _ id: VersionID, to status: ModelStatus, by actor: String, note: String? = nil
    )
        throws(RegistryError) -> [RegistryEvent]
    {
        try write(by: actor) { try $0.setStatus(id, to: status, note: note) }
    }

    /// The artifact of `id` as `register` reads it (training.json, the model file's hash), for
    /// registering many versions in one write (`RegistryTransaction.register`).
    public func artifact(
        of id: VersionID, folder: URL? = nil
    ) throws(RegistryError) -> RegistryArtifact {
        RegistryArtifact(reader: try ArtifactReader(root: root, id: id, folder: folder).read())
    }
}

/// A version's artifact as read for registration.
public struct RegistryArtifact {
    let reader: ArtifactReader.Artifact
}

/// The commands, for several in one write (`Registry.write`): each checks the state including
/// what the write appended before it.
extension RegistryTransaction {
    /// See `Registry.createEndpoint`.
    @discardableResult
    public mutating func createEndpoint(
        _ definition: EndpointDefinition, note: String? = nil
    ) throws(RegistryError) -> RegistryEvent? {
        if let existing = state.endpoints[definition.name] {
            guard existing.definition == definition else {
                throw RegistryError(reason: .endpointExists(definition.name))
            }
            return nil
        }
        try state.checkNewEndpoint(definition.name)
        define(definition)
        return try append(.endpointCreated(endpoint: definition.name, owner: definition.owner), note: note)
    }

    /// See `Registry.register`.
    public mutating func register(
        _ id: VersionID, artifact: RegistryArtifact, owner: String? = nil, description: String? = nil,
        note: String? = nil
    ) throws(RegistryError) -> RegisterOutcome {
        try register(id, artifact: artifact.reader, owner: owner, description: description, note: note)
    }

    mutating func register(
        _ id: VersionID, artifact: ArtifactReader.Artifact, owner: String?, description: String?, note: String?
    ) throws(RegistryError) -> RegisterOutcome {
        guard let endpoint = state.endpoints[id.endpoint] else {
            throw RegistryError(reason: .unknownEndpoint(id.endpoint))
        }
        let facts = artifact.facts(
            owner: owner ?? endpoint.definition.owner, description: description ?? artifact.defaultDescription)
        if let existing = state.versions[id] {
            let differences = existing.facts.differences(from: facts)
            guard differences.isEmpty else {
                throw RegistryError(reason: .versionChanged(id, differences: differences))
            }
            return .unchanged(existing)
        }
        let isFirst = !state.allVersions.contains { $0.id.endpoint == id.endpoint }
        let extended =
            isFirst
            ? SchemaExtension(firstVersion: artifact.record.schema, endpoint: endpoint.definition.schema)
            : try SchemaExtension(endpoint: endpoint.definition.schema, version: artifact.record.schema, id: id)
        if !extended.additions.isEmpty {
            var definition = endpoint.definition
            definition.schema = extended.schema
            redefine(definition)
        }
        return .registered(
            try append(.registered(id, facts), note: note), schemaAdditions: extended.additions,
            schemaKept: extended.kept)
    }

    /// See `Registry.setStatus`; returns the events it appended.
    @discardableResult
    public mutating func setStatus(
        _ id: VersionID, to status: ModelStatus, note: String? = nil
    ) throws(RegistryError) -> [RegistryEvent] {
        guard let record = state.versions[id] else { throw RegistryError(reason: .unknownVersion(id)) }
        guard record.status != status else { return [] }
        // An arm of a running test first (trial17 #13): that refusal names the test and how to end it.
        if let (test, arm) = state.abTestInTheWay(of: id, to: status) {
            throw RegistryError(reason: .armOfRunningABTest(arm, test: test.id))
        }
        guard status != .abTesting, record.status != .abTesting else {
            throw RegistryError(reason: .abTestingOnlyThroughABTest(id))
        }
        guard record.status.allowsManualTransition(to: status) else {
            throw RegistryError(reason: .illegalTransition(id, from: record.status, to: status))
        }
        var appended: [RegistryEvent] = []
        if status == .production, let current = state.production(of: id.endpoint) {
            let change = RegistryEvent.StatusChange(
                version: current.id, from: .production, to: .archived, replacedBy: id.shortName)
            appended.append(
                try append(
                    .statusChanged(change), note: "archived automatically: \(id.shortName) was promoted to production"))
        }
        appended.append(
            try append(
                .statusChanged(RegistryEvent.StatusChange(version: id, from: record.status, to: status)), note: note))
        return appended
    }
}

extension RegistryState {
    /// Checks that an endpoint `name` may be created here: a valid name no endpoint has, in any
    /// letter case (checked on creation only: a registry that already has such a pair still
    /// reads, trial19 #8).
    /// - Throws: `RegistryError` `.invalidName`, `.reservedEndpointName`, `.endpointExists` or
    ///   `.endpointExistsIgnoringCase`.
    public func checkNewEndpoint(_ name: String) throws(RegistryError) {
        guard endpoints[name] == nil else { throw RegistryError(reason: .endpointExists(name)) }
        try Registry.checkNewEndpointName(name)
        let folded = name.lowercased()
        if let existing = endpoints.keys.sorted().first(where: { $0.lowercased() == folded }) {
            throw RegistryError(reason: .endpointExistsIgnoringCase(name, existing: existing))
        }
    }
}
