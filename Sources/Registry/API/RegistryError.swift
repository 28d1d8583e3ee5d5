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
        /// An event about an endpoint whose definition file has a problem of its own: it
        /// follows from that one.
        case endpointFileUnreadable(String)
        case endpointExists(String)
        /// A new endpoint whose name differs from an existing one's only in case (`SPECIES`
        /// beside `species`): their folders and files collide on macOS and Windows checkouts.
        case endpointExistsIgnoringCase(String, existing: String)
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
        /// A rule broken by an event that existed at `revision`, after events since then were
        /// changed or removed (`rewrittenSince`): it follows from them.
        indirect case followsFromRewrite(Reason, revision: String)
        /// A rule broken by an event of an A/B test whose start (`cause`, a file) was itself
        /// refused: it goes with that event.
        indirect case followsFromRefused(Reason, cause: String)
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
        /// A registered version whose training schema the endpoint file no longer accepts
        /// (`SchemaExtension.mismatches`); lists each difference.
        case schemaNoLongerFits(VersionID, differences: [String])
        /// A file with git's conflict markers: a merge that was not resolved; `line` is the
        /// first `<<<<<<<`.
        case mergeConflictMarkers(line: Int)
        case clockBehindLog(now: Timestamp, last: Timestamp)
        /// The registry already has problems, so nothing is written until they are fixed.
        indirect case inconsistent([RegistryError])
        /// The registry has problems, so what was asked cannot be read from it as a whole
        /// (`Registry.load()`; `Registry.read()` reads around them).
        indirect case unreadable([RegistryError])
        case lockFailed(String)
        case readFailed(String)
        case writeFailed(String)
    }

    /// The file the problem is in, as the caller named it; `nil` for a refused command.
    public var file: String?
    /// 1-based line in `file`, when the problem has one.
    public var line: Int?
    public var reason: Reason
    /// The known name an unknown endpoint or version was most likely meant to be
    /// (`NearestName`), added to the message as "did you mean …?"; set by `suggesting(in:)`.
    public var suggestion: String?

    public init(file: String? = nil, line: Int? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// This error with a "did you mean" for an unknown endpoint or version, from the names
    /// `state` knows (unchanged for any other reason, or when no name is near): the same name in
    /// another letter case first (`Churn`, `CHURN`), else a slip (`NearestName.meant`). An
    /// unknown endpoint of a version is answered with the version when one is meant.
    /// Every command that names an endpoint or a version the registry lacks says it this way.
    public func suggesting(in state: RegistryState) -> RegistryError {
        var error = self
        let endpoints = state.endpoints.keys.sorted()
        let versions = state.versions.keys.map(\.description).sorted()
        switch reason {
        case .unknownEndpoint(let name):
            error.suggestion = NearestName.meant(by: name, in: endpoints)
        case .unknownVersion(let id):
            error.suggestion =
                NearestName.meant(by: id.description, in: versions)
                ?? NearestName.meant(by: id.endpoint, in: endpoints).map {
                    VersionID(endpoint: $0, model: id.model, version: id.version).description
                }
        default:
            break
        }
        return error
    }

    /// `; did you mean 'NAME'?` when there is a suggestion, else empty: the ending of
    /// `description`, for a message that words the rest itself.
    public var hint: String { suggestion.map { "; did you mean '\($0)'?" } ?? "" }

    public var description: String {
        var place = ""
        if let file { place = line.map { "\(file):\($0): " } ?? "\(file): " }
        return place + message + hint
    }

    /// The sentence without the place.
    public var message: String {
        switch reason {
        case .badJSON(let detail): "bad JSON: \(detail)"
        case .unknownEndpoint(let name):
            "unknown endpoint '\(name)' (no endpoint_created event or no endpoints/\(name).json)"
        case .endpointFileUnreadable(let name):
            "endpoint '\(name)' cannot be read: this follows from the problem of endpoints/\(name).json (reported "
                + "with that file); resolve that, this event needs no change"
        case .endpointExists(let name): "endpoint '\(name)' already exists"
        case .endpointExistsIgnoringCase(let name, let existing):
            "endpoint '\(name)' differs from the existing endpoint '\(existing)' only in case: their folders and "
                + "files would collide on macOS and Windows checkouts; use '\(existing)', or choose another name"
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
            "\(id) can enter or leave ab_testing only through an A/B test: `modelpress ab start` makes it an arm, "
                + "`modelpress ab stop` or `modelpress ab abort` ends its test"
        case .armOfRunningABTest(let id, let test):
            "\(id) is an arm of running A/B test \(test); end the test first: \(ABTestRecord.howToEnd(test))"
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
        case .followsFromRewrite(let reason, let revision):
            "\(RegistryError(reason: reason).message); this follows from the events changed or removed since "
                + "\(revision) (reported first): this event existed at \(revision), keep it, restore those and check again"
        case .followsFromRefused(let reason, let cause):
            "\(RegistryError(reason: reason).message); this follows from \(cause), which starts its A/B test and "
                + "cannot hold (reported with that file): this event was written with it and goes with it"
        case .invalidName(let name): "'\(name)' is not a valid name (\(VersionID.nameRule))"
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
            "\(id)'s schema is incompatible with the schema of endpoint \(id.endpoint): \(differences.joined(separator: "; ")). "
                + "An endpoint's fields, their kinds and its classes are fixed by its first version (new "
                + "categories and missing values extend it); train on the endpoint's columns, or create "
                + "another endpoint for this data (`modelpress new`)"
        case .schemaNoLongerFits(let id, let differences):
            "\(id) was registered with a schema this endpoint file no longer accepts (\(differences.joined(separator: "; "))), "
                + "so predict.cgi would serve it with those inputs missing or refused; the file changed after the "
                + "version was registered (a merge resolved by taking one side?): make it cover every registered "
                + "version's fields and categories again (`git log -p` shows its versions), or, if the versions cannot "
                + "share one endpoint, remove this version's events from its branch with `git rm` and register it "
                + "under another endpoint"
        case .mergeConflictMarkers(let line):
            "the file has git conflict markers (<<<<<<< at line \(line)): resolve the merge first, then `git add` it; "
                + "for an endpoint file keep a schema with every field and category its registered versions were "
                + "trained on, `modelpress registry check` then says whether it does"
        case .clockBehindLog(let now, let last):
            "the clock (\(now)) is behind the log's last event (\(last)); fix the clock"
        case .inconsistent(let problems):
            "the registry has \(Self.count(problems)), so nothing was written; resolve "
                + "\(problems.count == 1 ? "it" : "them") first (`modelpress registry check` lists the same):"
                + Self.list(problems)
        case .unreadable(let problems):
            "the registry has \(Self.count(problems)); resolve \(problems.count == 1 ? "it" : "them") first "
                + "(`modelpress registry check` lists the same):" + Self.list(problems)
        case .lockFailed(let detail): "cannot take the registry lock: \(detail)"
        case .readFailed(let detail): "cannot read: \(detail)"
        case .writeFailed(let detail): "cannot write: \(detail)"
        }
    }

    private static func count(_ problems: [RegistryError]) -> String {
        problems.count == 1 ? "a problem" : "\(problems.count) problems"
    }

    /// One problem a line, indented under the sentence that introduces them.
    private static func list(_ problems: [RegistryError]) -> String {
        problems.map { "\n  " + $0.description.replacingOccurrences(of: "\n", with: "\n  ") }.joined()
    }

    private static func successors(of status: ModelStatus) -> String {
        let next = status.manualSuccessors.map(\.rawValue)
        return next.isEmpty ? "nothing, except through an A/B stop" : next.joined(separator: ", ")
    }
}

/// The rules throw bare reasons; the caller adds the place (file and line, or none).
extension RegistryError.Reason: Error {}
