import Basics

/// Something wrong with the registry or a requested change, with the place and the reason.
///
/// `description` reads `file:line: message` (or `file: message`, or just the message for a
/// refused command), one sentence a user can act on. `modelpress registry check` prints one
/// per problem; every write refuses with one.
public struct RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// A line or file is not the JSON it should be.
        case badJSON(String)
        case unknownEndpoint(String)
        case endpointExists(String)
        /// An endpoint file's `name` differs from its file name.
        case endpointNameMismatch(file: String, name: String)
        case unknownVersion(VersionID)
        /// A second `registered` event for a version (writes never make one).
        case registeredTwice(VersionID)
        /// Re-registering a version with other facts; lists the facts that differ.
        case versionChanged(VersionID, differences: [String])
        case illegalTransition(VersionID, from: ModelStatus, to: ModelStatus)
        /// A status change whose `from` is not the version's status at that point.
        case wrongFromStatus(VersionID, recorded: ModelStatus, actual: ModelStatus)
        case alreadyInStatus(VersionID, ModelStatus)
        case secondProduction(VersionID, current: VersionID)
        case abTestingOnlyThroughABTest(VersionID)
        case armOfRunningABTest(VersionID, test: Int)
        case unknownABTest(Int)
        case abTestAlreadyStopped(Int)
        /// Any other A/B rule (arms of different endpoints, the same version twice, …).
        case abTest(String)
        /// Two event files with one id (a copied file, or two migrated logs).
        case repeatedEventID(String, firstFile: String)
        /// An event added to a state that does not come after its last event.
        case outOfOrder(String, after: String)
        /// An event whose content no longer has the digest its id records: it was edited.
        case eventEdited(id: String, contentID: String)
        /// An event file whose name is not `RegistryEvent.fileName`.
        case misnamedEventFile(expected: String)
        /// The log is still the single file `events.jsonl`.
        case singleFileLog
        /// An event that existed at `revision` was changed, removed or moved in the order.
        case rewrittenSince(revision: String, event: String, how: String, restore: String)
        /// An event that breaks a rule only because of another branch's event: both events, the
        /// commits that added them where git knows them, and what resolves it.
        indirect case conflict(Reason, other: String, resolve: String)
        case invalidName(String)
        /// A new endpoint named like one of predict.cgi's own routes (`VersionID.reservedEndpointNames`).
        case reservedEndpointName(String)
        case invalidReference(String)
        /// A text a person typed (a note, an actor, a definition's owner, …) holds a control
        /// character the published site cannot show; `position` counts characters from 1.
        case controlCharacter(field: String, Unicode.Scalar, position: Int)
        case artifactMissing(String)
        /// A registered model file whose SHA-256 is no longer the recorded one.
        case artifactAltered(VersionID, expected: String, actual: String)
        /// An endpoint file without an `endpoint_created` event.
        case endpointNotCreated(String)
        /// No registry folder where one was expected.
        case noRegistry
        /// training.json is unreadable or describes another version.
        case trainingRecord(String)
        /// A new version's schema that its endpoint cannot take (`SchemaExtension`); lists
        /// each difference with what to do.
        case incompatibleSchema(VersionID, differences: [String])
        case clockBehindLog(now: Timestamp, last: Timestamp)
        /// The registry already has problems, so nothing is written until they are fixed.
        indirect case inconsistent([RegistryError])
        case lockFailed(String)
        case readFailed(String)
        case writeFailed(String)
    }

    /// The file the problem is in, as the caller named it; `nil` for a refused command.
    public var file: String?
    /// 1-based line in `file`, when the problem has one.
    public var line: Int?
    public var reason: Reason

    public init(file: String? = nil, line: Int? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        var place = ""
        if let file { place = line.map { "\(file):\($0): " } ?? "\(file): " }
        return place + message
    }

    /// The sentence without the place.
    public var message: String {
        switch reason {
        case .badJSON(let detail): "bad JSON: \(detail)"
        case .unknownEndpoint(let name):
            "unknown endpoint '\(name)' (no endpoint_created event or no endpoints/\(name).json)"
        case .endpointExists(let name): "endpoint '\(name)' already exists"
        case .endpointNameMismatch(let file, let name):
            "\(file) defines endpoint '\(name)'; the name must match the file name"
        case .unknownVersion(let id): "unknown version \(id): it was never registered"
        case .registeredTwice(let id): "\(id) is registered twice"
        case .versionChanged(let id, let fields):
            "\(id) is already registered with other facts (\(fields.joined(separator: ", ")) differ); versions are immutable, register a new version"
        case .illegalTransition(let id, let from, let to):
            "illegal transition for \(id): \(from) → \(to) (from \(from) a version may go to \(Self.successors(of: from)))"
        case .wrongFromStatus(let id, let recorded, let actual):
            "status change for \(id) starts from \(recorded), but the version is \(actual) at this point"
        case .alreadyInStatus(let id, let status): "\(id) is already \(status)"
        case .secondProduction(let id, let current):
            "\(id) cannot become production while \(current) is production; archive it first (modelpress status does this)"
        case .abTestingOnlyThroughABTest(let id):
            "\(id) can enter or leave ab_testing only through an A/B test start or stop"
        case .armOfRunningABTest(let id, let test): "\(id) is an arm of running A/B test \(test); stop the test first"
        case .unknownABTest(let id): "unknown A/B test \(id)"
        case .abTestAlreadyStopped(let id): "A/B test \(id) was already stopped"
        case .abTest(let message): message
        case .repeatedEventID(let id, let first):
            "event id \(id) is used twice (first by \(first)); every event has its own id, remove the copy"
        case .outOfOrder(let id, let after):
            "event \(id) does not come after event \(after); a new event comes after every event of the log"
        case .eventEdited(let id, let digest):
            "the event does not match its id \(id) (its content's digest is \(digest)): it was edited after it was "
                + "written; events are never changed, restore the file with `git checkout`"
        case .misnamedEventFile(let expected):
            "the event's file must be named \(expected) (its time and id); rename it with `git mv`"
        case .singleFileLog:
            "the event log is still one file; run `modelpress registry migrate` and commit the result"
        case .rewrittenSince(let revision, let event, let how, let restore):
            "event \(event) existed at \(revision) and was \(how); the log is append-only, restore it with `\(restore)`"
        case .conflict(let reason, let other, let resolve):
            "\(RegistryError(reason: reason).message); it cannot hold together with \(other); \(resolve)"
        case .invalidName(let name): "'\(name)' is not a valid name (1–64 of a-z A-Z 0-9 _ . -)"
        case .reservedEndpointName(let name):
            "'\(name)' cannot name an endpoint: predict.cgi routes /\(name)/… itself (reserved: "
                + "\(VersionID.reservedEndpointNames.sorted().joined(separator: ", "))); choose another name"
        case .invalidReference(let text):
            "'\(text)' is not a version reference like income_classifier/random_forest@1.0.0"
        case .controlCharacter(let field, let scalar, let position):
            "\(field) has the control character \(ControlCharacters.codePoint(scalar)) at character \(position) "
                + "(an escape sequence or a pasted terminal code?); type it again without it"
        case .artifactMissing(let path): "artifact \(path) is missing; train the version first"
        case .artifactAltered(let id, let expected, let actual):
            "\(id)'s model file was altered: SHA-256 is \(actual), the registry recorded \(expected)"
        case .endpointNotCreated(let name):
            "endpoint '\(name)' has a definition file but no endpoint_created event; add it with `modelpress registry add-endpoint`"
        case .noRegistry:
            "there is no registry (no such folder); `modelpress new` creates it with a first endpoint, or pass --root/--registry"
        case .trainingRecord(let message): message
        case .incompatibleSchema(let id, let differences):
            "\(id)'s schema is incompatible with endpoint \(id.endpoint)'s: \(differences.joined(separator: "; ")). "
                + "An endpoint's fields, their kinds and its classes are fixed by its first version (new "
                + "categories and missing values extend it); train on the endpoint's columns, or create "
                + "another endpoint for this data (`modelpress new`)"
        case .clockBehindLog(let now, let last):
            "the clock (\(now)) is behind the log's last event (\(last)); fix the clock"
        case .inconsistent(let problems):
            "the registry has \(problems.count) problem(s), nothing was written; run `modelpress registry check` (first: \(problems.first?.description ?? "?"))"
        case .lockFailed(let detail): "cannot take the registry lock: \(detail)"
        case .readFailed(let detail): "cannot read: \(detail)"
        case .writeFailed(let detail): "cannot write: \(detail)"
        }
    }

    private static func successors(of status: ModelStatus) -> String {
        let next = status.manualSuccessors.map(\.rawValue)
        return next.isEmpty ? "nothing, except through an A/B stop" : next.joined(separator: ", ")
    }
}

/// The rules throw bare reasons; the caller adds the place (file and line, or none).
extension RegistryError.Reason: Error {}
